"""Years that do not fit the document's own year (Y001–Y004)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from budgetaudit.checks.hit import Hit
from budgetaudit.model import Document

# (比 not after 对: the look-behind comes after 比, so that every alternative starts with a
# character and the regex engine can scan for them)
_COMPARED_YEAR = re.compile(
    r"(?:比(?<!对比)|较|与|同)[ \t]*((?:19|20)\d{2})[ \t]*年度?(年初|全年|调整)?(预算)?"
)
_PUBLISHED = re.compile(
    r"(?:公开|发布|印发|报送)(?:时间|日期)[:：]?\s*((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月"
)
_PERIOD = re.compile(
    r"((?:19|20)\d{2})\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?\s*[-—–~～至到]\s*((?:19|20)\d{2})\s*年"
)
_EXECUTION_AND_BUDGET = re.compile(
    r"((?:19|20)\d{2})\s*年度?执行情况和((?:19|20)\d{2})\s*年度?预算"
)
_LEADING_YEAR = re.compile(r"[^，,。；;与比较同]{0,6}?((?:19|20)\d{2})\s*年")


def _is_budget(doc: Document) -> bool:
    title = doc.meta.title or ""
    if doc.meta.kind == "预算":
        return True
    return doc.meta.kind == "三公" and "预算" in title and "决算" not in title


def _is_final(doc: Document) -> bool:
    title = doc.meta.title or ""
    return doc.meta.kind == "决算" or (doc.meta.kind == "三公" and "决算" in title)


def check_years(doc: Document) -> Iterator[Hit]:
    year = doc.meta.year
    if year is None or doc.meta.title is None:
        return
    text = doc.norm.text
    budget, final = _is_budget(doc), _is_final(doc)
    for m in _COMPARED_YEAR.finditer(text):
        y = int(m.group(1))
        own_budget = m.group(3) is not None  # a final account may compare with its own budget
        if (budget and y >= year) or (final and (y > year or (y == year and not own_budget))):
            yield Hit(
                "Y001",
                m.start(1),
                m.end(),
                f"compared with {y}, but the document is about {year}",
                expected=str(year - 1),
                found=str(y),
            )
    if final:
        for m in _PUBLISHED.finditer(text):
            if int(m.group(1)) <= year:
                yield Hit(
                    "Y003",
                    m.start(1),
                    m.end(),
                    f"published {m.group(1)}年{m.group(2)}月, before the {year} accounts could be closed",
                    expected=f"{year + 1} or later",
                    found=m.group(1),
                )
    if final or budget:
        # A budget may report last year's execution (执行数, 决算) against the year before; any
        # other year-on-year change is about the document's own year.
        for ch in doc.facts.changes:
            if re.search(r"(?:19|20)\d{2}", ch.base):
                continue
            sent = next((s for s in doc.facts.sentences if s.start <= ch.start < s.end), None)
            if sent is None:
                continue
            if budget and re.search(r"执行|决算|实际", text[sent.start : sent.end]):
                continue
            lm = _LEADING_YEAR.match(text, sent.start, ch.start)
            if lm and int(lm.group(1)) < year:
                yield Hit(
                    "Y002",
                    lm.start(1),
                    lm.end(),
                    f"a year-on-year change attributed to {lm.group(1)} in a document about {year}",
                    expected=str(year),
                    found=lm.group(1),
                )
    # "2024年执行情况和2025年预算情况": a document of last year's execution and this year's
    # budget cannot report this year's execution.
    pair = _EXECUTION_AND_BUDGET.search(text)
    if pair and int(pair.group(2)) == int(pair.group(1)) + 1:
        budget_year = pair.group(2)
        for m in re.finditer(rf"{budget_year}\s*年度?预算执行", text):
            yield Hit(
                "Y005",
                m.start(),
                m.end(),
                f"the execution of the {budget_year} budget is reported in a document that gives "
                f"{pair.group(1)}'s execution and {budget_year}'s budget",
                expected=f"{budget_year}年预算",
                found=m.group(),
            )
    if budget:
        for m in _PERIOD.finditer(text):
            if int(m.group(1)) < year and int(m.group(2)) < year:
                yield Hit(
                    "Y004",
                    m.start(),
                    m.end(),
                    f"an implementation period before the budget year {year}",
                    expected=str(year),
                    found=m.group(),
                )
