"""Years the text names in fixed phrases: compared-with years, publication dates, implementation
periods, the year that opens a change's sentence, and "X年预算执行" in an execution-and-budget
document. The year checks (checks/years.py) judge these facts; they parse no text.

Each phrase is looked for only in the documents whose kind makes it matter (a publication date
in final accounts, a period in budgets), so the extraction costs what the checks' own scans did.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import chain
from operator import methodcaller

from budgetaudit.model import (
    ChangeYear,
    ComparedYear,
    DocMeta,
    Facts,
    Normalized,
    Period,
    PublishedDate,
    YearFacts,
    YearSpan,
)

# (比 not after 对: the look-behind comes after 比, so that every alternative starts with a
# character and the regex engine can scan for them)
_COMPARED_WORDS = ("比(?<!对比)", "较", "与", "同")
_COMPARED_TAIL = r"[ \t]*((?:19|20)\d{2})[ \t]*年度?(年初|全年|调整)?(预算)?"
# A year compared with, "(?:比|较|与|同)<tail>", as one pattern for each word it opens with:
# each opens with a literal, which the engine scans for about twice as fast as for one of four.
# What follows the word (spaces, a year, 年度, 年初/全年/调整, 预算) holds none of 比较与同, so
# no two matches overlap: the four patterns' matches, in order of their starts, are those of
# the one pattern (tests/test_fast_scans.py holds them to it).
_COMPARED_YEARS = tuple(re.compile(word + _COMPARED_TAIL) for word in _COMPARED_WORDS)
_PUBLISHED = re.compile(
    r"(?:公开|发布|印发|报送)(?:时间|日期)[:：]?\s*((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月"
)
_PERIOD = re.compile(
    r"((?:19|20)\d{2})\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?\s*[-—–~～至到]\s*((?:19|20)\d{2})\s*年"
)
# A period's end ("…月至2027年"): a text without one has no period (most have none), and this
# pattern starts with a literal the regex engine scans for, unlike _PERIOD.
_PERIOD_END = re.compile(r"月(?:\s*\d{1,2}\s*日)?\s*[-—–~～至到]\s*(?:19|20)\d{2}\s*年")
_EXECUTION_AND_BUDGET = re.compile(
    r"((?:19|20)\d{2})\s*年度?执行情况和((?:19|20)\d{2})\s*年度?预算"
)
_LEADING_YEAR = re.compile(r"[^，,。；;与比较同]{0,6}?((?:19|20)\d{2})\s*年")
_A_YEAR = re.compile(r"(?:19|20)\d{2}")
_EXECUTION_WORDS = re.compile(r"执行|决算|实际")
_start = methodcaller("start")


def is_budget(meta: DocMeta) -> bool:
    """A budget, or a 三公 budget."""
    title = meta.title or ""
    if meta.kind == "预算":
        return True
    return meta.kind == "三公" and "预算" in title and "决算" not in title


def is_final(meta: DocMeta) -> bool:
    """Final accounts, or 三公 final accounts."""
    title = meta.title or ""
    return meta.kind == "决算" or (meta.kind == "三公" and "决算" in title)


def find_years(norm: Normalized, meta: DocMeta, facts: Facts) -> YearFacts:
    """The year phrases of a document whose own year and title are known (the year checks judge
    nothing in other documents)."""
    if meta.year is None or meta.title is None:
        return YearFacts()
    text = norm.text
    budget, final = is_budget(meta), is_final(meta)
    compared = tuple(
        ComparedYear(int(m.group(1)), m.start(1), m.end(), m.group(3) is not None)
        for m in sorted(chain.from_iterable(p.finditer(text) for p in _COMPARED_YEARS), key=_start)
    )
    published: tuple[PublishedDate, ...] = ()
    if final and ("时间" in text or "日期" in text):  # (in every match: most texts hold neither)
        published = tuple(
            PublishedDate(int(m.group(1)), m.group(2), m.start(1), m.end())
            for m in _PUBLISHED.finditer(text)
        )
    change_years = _change_years(text, facts) if final or budget else ()
    pair, executions = _budget_executions(text)
    periods: tuple[Period, ...] = ()
    if budget and _PERIOD_END.search(text):
        periods = tuple(
            Period(int(m.group(1)), int(m.group(2)), m.start(), m.end(), m.group())
            for m in _PERIOD.finditer(text)
        )
    return YearFacts(compared, published, periods, change_years, pair, executions)


def _change_years(text: str, facts: Facts) -> tuple[ChangeYear, ...]:
    """The year before a year-on-year change in its sentence, for changes whose base names no
    year of its own."""
    sentences = facts.sentences
    starts = [s.start for s in sentences]
    out = []
    for i, ch in enumerate(facts.changes):
        if _A_YEAR.search(ch.base):
            continue
        k = bisect_right(starts, ch.start) - 1  # sentences are in order and do not overlap
        if k < 0 or ch.start >= sentences[k].end:
            continue
        sent = sentences[k]
        lm = _LEADING_YEAR.match(text, sent.start, ch.start)
        if lm is None:
            continue
        execution = _EXECUTION_WORDS.search(text, sent.start, sent.end) is not None
        out.append(ChangeYear(i, int(lm.group(1)), lm.start(1), lm.end(), execution))
    return tuple(out)


def _budget_executions(text: str) -> tuple[tuple[int, int] | None, tuple[YearSpan, ...]]:
    if "执行情况和" not in text:
        return None, ()  # (a literal of the pattern: a fast test, and most texts lack it)
    pair = _EXECUTION_AND_BUDGET.search(text)
    if not pair or int(pair.group(2)) != int(pair.group(1)) + 1:
        return None, ()
    budget_year = pair.group(2)
    spans = tuple(
        YearSpan(int(budget_year), m.start(), m.end(), m.group())
        for m in re.finditer(rf"{budget_year}\s*年度?预算执行", text)
    )
    return (int(pair.group(1)), int(budget_year)), spans
