"""Which of the required contents a document has (DOMAIN.md §6, rules/required.toml).

A stage after extraction: it reads the normalised text, headings and facts and produces a
:class:`~budgetaudit.model.Coverage` that the M checks (checks/coverage.py) report from. It also
decides whether the document is whole: a text that stops mid-sentence is an excerpt, and an
excerpt's missing sections say nothing about the published document.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from itertools import compress, count
from typing import Any, NamedTuple

from budgetaudit import vocab
from budgetaudit.model import Coverage, CoverageSummary, Document, ItemPresence
from budgetaudit.textlines import TABLE_ROW, lines_of

# (written to start with a character class rather than a repetition: they scan faster)
# Leader dots (or a field code) start a contents entry's page-number tail.
_LEADER = re.compile(r"[…\.·．][…\.·．]{2,}|PAGEREF")
_WIDE_GAP = re.compile(r"[ \t\u3000][ \t\u3000]+")
_TITLE_MAX = 60
_NUMBERING = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]+[）)]"
    r"|\d{1,2}(?:[、．]|\.(?!\d))|[①-⑳]|附表\d*|表\d+)\s*"
)
_TOC_TITLE = re.compile(r"^目\s*录$")
_GLOSSARY = re.compile(r"名词解释|名词说明|术语解释")
_PAGE_NUMBER = re.compile(r"^[-—–－\s]*\d{1,3}[-—–－\s]*$")
_CJK = re.compile(r"[\u3400-\u9fff]")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_NONZERO_DIGIT = re.compile(r"[1-9]")
_YEAR = re.compile(r"(?:19|20)\d{2}\s*年")
_HEADER_NOISE = re.compile(r"(?:编制(?:部门|单位)|单位)[:：][^\n]*")
_UNIT_AFTER_TITLE = re.compile(r"表\s*(?:单位|编制(?:部门|单位))[:：]")
_TABLE_HEADER = re.compile(r"合计|总计|项目|科目|编码|单位[:：]|[|｜]|\S[ \t\u3000]{3,}\S")
_IMAGE = re.compile(r"\[(?:图片|image|img)\]", re.IGNORECASE)
_FINAL_WORD = re.compile(r"决算|实际支出|完成(?:年初)?预算")
_BUDGET_WORD = re.compile(r"(?<!公共)(?<!基金)(?<!经营)预算(?!执行)")


@dataclass(frozen=True)
class Item:
    id: str
    code: str
    title: str
    kinds: frozenset[str]
    titles: tuple[re.Pattern[str], ...]
    content: tuple[re.Pattern[str], ...]
    table: bool = False
    # ``titles`` as one alternation: a title matches it iff it matches one of them
    any_title: re.Pattern[str] | None = None


class TitleLine(NamedTuple):  # a tuple: built for most short lines, a quarter of a dataclass's cost
    start: int  # offset of the title text in the normalised text
    end: int
    text: str  # the title without numbering, leaders and wide gaps
    toc: bool  # a table-of-contents entry (leader dots, or repeated later as a real title)


@cache
def items() -> tuple[Item, ...]:
    data = vocab.load("required")
    out = []
    for entry in data["item"]:
        kinds: set[str] = set()
        for k in entry["kinds"]:
            kinds |= {"三公预算", "三公决算"} if k == "三公" else {k}
        out.append(
            Item(
                id=entry["id"],
                code=entry["code"],
                title=entry["title"],
                kinds=frozenset(kinds),
                titles=tuple(re.compile(p) for p in entry.get("titles", ())),
                content=tuple(re.compile(p) for p in entry.get("content", ())),
                table=bool(entry.get("table", False)),
                any_title=_any(entry["titles"]) if entry.get("titles") else None,
            )
        )
    return tuple(out)


@cache
def _words() -> dict[str, Any]:
    return vocab.load("required")


def _any(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


@cache
def _words_pattern(table: str, key: str, longest_first: bool = False) -> re.Pattern[str]:
    """``_any`` of a word list of rules/required.toml, built once (``_words`` is read once)."""
    words = _words()[table][key]
    return _any(sorted(words, key=len, reverse=True) if longest_first else words)


def required_kind(doc: Document) -> str | None:
    """The key of rules/required.toml's `kinds` that applies to this document."""
    kind = doc.meta.kind
    if kind == "三公":
        if "决算" in (doc.meta.title or ""):
            return "三公决算"
        # No title: a note about final accounts speaks of 决算 at least as often as of budgets.
        head = doc.norm.text[:1500]
        finals = len(_FINAL_WORD.findall(head))
        budgets = len(_BUDGET_WORD.findall(head))
        return "三公决算" if finals and finals >= budgets else "三公预算"
    return kind


# ---------------------------------------------------------------------------- titles


def title_lines(text: str) -> list[TitleLine]:
    """Short lines that name something: headings, table titles, table-of-contents entries."""
    out: list[TitleLine] = []
    split = lines_of(text)  # split once per document (the headings stage split this text)
    starts = split.starts
    numbering = _NUMBERING.match
    cjk = _CJK.search
    # A leader is three of …·．. or PAGEREF: three without …·． are "...". Most texts hold none
    # of these, and then no line is looked at for one.
    leaders = any(piece in text for piece in ("…", "·", "．", "...", "PAGEREF"))
    for i, line in enumerate(split.lines):
        body = line.strip()
        if not body or len(body) > 3 * _TITLE_MAX:
            continue
        # (Each pattern is tried only on lines holding a character it needs: most have none.)
        leader = None
        if leaders and (
            "." in body or "…" in body or "·" in body or "．" in body or "PAGEREF" in body
        ):
            leader = _LEADER.search(line)
            if leader:  # dots (or a field code) and what follows them dropped
                body = line[: leader.start()].strip()
        number = numbering(body)  # anchored: at most one match, at the start
        if number:
            body = body[number.end() :]
        if " " in body or "\t" in body or "\u3000" in body:
            if body.isprintable():
                # No space but " " (the others are not printable): splitting at spaces and
                # joining with one collapses the gaps and strips the ends as the regex does.
                body = " ".join(body.split())
            else:
                body = _WIDE_GAP.sub(" ", body).strip()
        # "…预算表单位：万元": a table title run together with its unit line.
        if "表" in body:
            unit = _UNIT_AFTER_TITLE.search(body)
            if unit:
                body = body[: unit.start() + 1]
        if not body or len(body) > _TITLE_MAX or body.find("。", 0, -1) >= 0 or not cjk(body):
            continue
        offset = starts[i] + max(0, line.find(body[:2]))
        out.append(TitleLine(offset, offset + len(body), body, leader is not None))
    # A title printed again later was a table-of-contents entry the first time.
    keys = _title_keys([t.text for t in out])
    last = dict(zip(keys, range(len(keys)), strict=True))  # each key's last title
    if len(last) < len(keys):  # (some key repeats)
        for i in [i for i, key in enumerate(keys) if last[key] != i]:
            t = out[i]
            if not t.toc:
                out[i] = TitleLine(t.start, t.end, t.text, True)
    return out


def _title_keys(titles: list[str]) -> list[str]:
    """Each title without spaces, years (2024年, 2024年度) and double quotes: the key two
    titles are compared by.

    All titles at once, joined by NUL (no noise contains one, so nothing crosses a title's
    end), with three C-level passes instead of a regex call per title. Years are removed
    first, from the titles as they are, as the one-scan removal (``_TITLE_KEY_NOISE``) finds
    them; a year holds no space or quote, so the spaces and quotes left are those that scan
    removes (spaces taken out later may bring digits together: neither removes those). And
    ``str.split`` cuts at exactly the characters ``\\s`` matches.
    """
    joined = "\0".join(titles)
    if "年" in joined:
        joined = _YEAR_NOISE.sub("", joined)
    joined = "".join(joined.split()).replace("“", "").replace("”", "").replace('"', "")
    keys = joined.split("\0")
    if len(keys) != len(titles):  # a title holding a NUL (or no titles)
        keys = [_TITLE_KEY_NOISE.sub("", t) for t in titles]
    return keys


_TITLE_KEY_NOISE = re.compile(r"\s|(?:19|20)\d{2}年(?:度)?|[“”\"]")
_YEAR_NOISE = re.compile(r"(?:19|20)\d{2}年(?:度)?")


# ---------------------------------------------------------------------------- truncation


def truncation(text: str) -> int | None:
    """Where the text stops mid-sentence, if it does (a cut-off page or an excerpt)."""
    closes = _words()["truncation"]["closes"]
    # The last line that is neither blank nor a page number (walking back from the end).
    last = next((ln for ln in reversed(lines_of(text).lines) if _last_line(ln)), None)
    if last is None:
        return None
    last = last.rstrip()
    end = text.rstrip().rfind(last) + len(last)
    ch = last[-1]
    if ch in closes or TABLE_ROW.search(last):
        return None
    if last.endswith("表") or last.endswith(("xlsx", "xls", "doc", "docx", "pdf")):
        return None  # a table's title or an attachment named at the end
    if ch.isdigit():
        # "…下降7": a sentence cut inside its figure; a bare figure is a table cell.
        return end if _CJK.search(last) and len(last) > 12 else None
    if _CJK.match(ch) or ch in "，,、：:（(“‘《-—":
        return end
    return None


def _last_line(line: str) -> bool:
    return bool(line.strip()) and not _PAGE_NUMBER.match(line)


def _has_toc(text: str, titles: list[TitleLine]) -> bool:
    head = text[: max(3000, len(text) // 5)]
    # (A line that is 目录 without its spaces holds a 目: most heads have none.)
    if "目" in head and any(
        "目" in ln and _TOC_TITLE.match(re.sub(r"\s", "", ln)) for ln in head.split("\n")[:80]
    ):
        return True
    return sum(1 for t in titles if t.toc and t.start < len(head)) >= 3


# ---------------------------------------------------------------------------- items


def _find(item: Item, text: str, titles: list[TitleLine], texts: list[str]) -> int | None:
    """Where the item is: the first title that names it, else the first content match.
    (``texts``: the titles' texts.)"""
    if item.any_title is not None:
        # The index of the first title the pattern finds something in, looped over in C.
        k = next(compress(count(), map(item.any_title.search, texts)), None)
        if k is not None:
            return titles[k].start
    for p in item.content:
        m = p.search(text)
        if m:
            return m.start()
    return None


# ---------------------------------------------------------------------------- 三公 details


def _sangong_scope(doc: Document, kind: str) -> list[tuple[int, int]]:
    """Stretches of text that make up the 三公 explanation."""
    text = doc.norm.text
    if kind.startswith("三公"):
        return [(0, len(text))]
    # (joined by NUL, the labels hold 三公 together iff one of them does)
    spans = [(s.start, s.end) for s in doc.sections if "三公" in "\0".join(s.path)]
    if spans:
        return spans
    # No numbered 三公 section: the prose paragraphs that speak of it.
    out = []
    split = lines_of(text)  # table[i]: TABLE_ROW.search(line), computed once per document
    for line, start, table in zip(split.lines, split.starts, split.table, strict=True):
        if "三公" in line and not table and len(line.strip()) > 20:
            out.append((start, start + len(line)))
    return out


def _unexplained(doc: Document, scope: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The first 三公 change, when no change of the explanation is given a reason."""
    text = doc.norm.text
    reason = _words_pattern("sangong", "reason")
    if any(reason.search(text, a, b) for a, b in scope):
        return None
    changes = [
        ch
        for ch in doc.facts.changes
        if ch.direction in (1, -1)
        and any(a <= ch.start < b for a, b in scope)
        and not any(q is not None and q.value == 0 for q in (ch.amount, ch.percent))
    ]
    if not changes or any(ch.reason is not None for ch in changes):
        return None
    first = changes[0]
    word = first.direction_words[0]
    return (word[1], word[2])


def _car_unsplit(doc: Document, scope: list[tuple[int, int]]) -> tuple[int, int] | None:
    """公务用车购置及运行费 with a non-zero amount, and nowhere its 购置 and 运行 parts."""
    text = doc.norm.text
    total = _words_pattern("sangong", "car_total", longest_first=True)
    at = None
    for a, b in scope:
        for m in total.finditer(text, a, b):
            figure = _NUMBER.search(text, m.end(), min(b, m.end() + 16))
            if figure and Decimal(figure.group()) != 0 and "万元" in text[m.end() : m.end() + 24]:
                at = (m.start(), m.end())
                break
        if at:
            break
    if at is None:
        return None
    rest = total.sub("", text)
    purchase, operation = (
        _words_pattern("sangong", "purchase"),
        _words_pattern("sangong", "operation"),
    )
    if purchase.search(rest) and operation.search(rest):
        return None
    return at


def has_tables(text: str, titles: list[TitleLine]) -> bool:
    """Does the text carry tables at all (a table title with a table under it)?"""
    for t in titles:
        if t.text.endswith("表") and not t.toc:
            nxt = text.find("\n", t.end)
            if nxt >= 0 and _TABLE_HEADER.search(text, nxt, nxt + 400):
                return True
    return False


def _empty_tables(
    text: str, titles: list[TitleLine], headings_at: set[int]
) -> list[tuple[int, int]]:
    """Titles of tables with no figure in them and no 空表说明 (note saying why)."""
    note = _words_pattern("empty_table", "note")
    tables = [t for t in titles if t.text.endswith("表") and not t.toc]
    heads = sorted(headings_at)
    out = []
    for i, t in enumerate(tables):
        body_start = text.find("\n", t.end)
        if body_start < 0:
            continue
        stop = tables[i + 1].start if i + 1 < len(tables) else len(text)
        k = bisect_right(heads, body_start)  # the first heading after body_start
        if k < len(heads) and heads[k] < stop:
            stop = heads[k]
        body = text[body_start:stop]
        if not _TABLE_HEADER.search(body):
            continue  # no table follows: a table given as an image, a contents entry, a cut
        if len(body) > 4000:
            continue  # not a table's extent: prose follows the title
        figures = _YEAR.sub("", _HEADER_NOISE.sub("", body))
        # Every digit belongs to a _NUMBER match, so a 1-9 means a non-zero figure; only a
        # body without one (all zeros, or other scripts' digits) is read number by number.
        if _NONZERO_DIGIT.search(figures) or any(Decimal(n) != 0 for n in _NUMBER.findall(figures)):
            continue
        after = text[stop : stop + 200]
        if note.search(body) or note.search(after.split("\n", 2)[0] if after else ""):
            continue
        out.append((t.start, t.end))
    return out


# ---------------------------------------------------------------------------- the stage


def detect(doc: Document) -> Coverage:
    text = doc.norm.text
    kind = required_kind(doc)
    titles = title_lines(text)
    cut = truncation(text)
    # Text with images in it may carry the missing parts in the images.
    whole = (
        cut is None
        and not _IMAGE.search(text)
        and (
            (kind or "").startswith("三公")
            or _has_toc(text, titles)
            or any(_GLOSSARY.search(t.text) for t in titles)
        )
    )
    found: list[ItemPresence] = []
    table_titles = [t for t in titles if not t.toc and t.text.endswith("表")]
    tables = has_tables(text, table_titles)
    if kind is not None:
        texts = [t.text for t in titles]
        for item in items():
            if kind in item.kinds and (tables or not item.table):
                where = _find(item, text, titles, texts)
                found.append(ItemPresence(item.id, item.code, item.title, where is not None, where))
    unexplained = car = None
    empty: list[tuple[int, int]] = []
    if kind is not None:
        scope = _sangong_scope(doc, kind)
        if scope:
            unexplained = _unexplained(doc, scope)
            car = _car_unsplit(doc, scope)
        headings_at = {h.line_start for h in doc.headings if not h.inline}
        empty = _empty_tables(text, table_titles, headings_at)
    return Coverage(
        kind=kind,
        items=tuple(found),
        truncated=cut,
        looks_complete=whole,
        sangong_unexplained=unexplained,
        car_unsplit=car,
        empty_tables=tuple(empty),
    )


def summary(coverage: Coverage | None) -> CoverageSummary | None:
    if coverage is None:
        return None
    return CoverageSummary(
        kind=coverage.kind,
        present=coverage.present,
        required=len(coverage.items),
        missing=tuple(i.title for i in coverage.items if not i.present),
        truncated=coverage.truncated is not None,
        complete=coverage.looks_complete,
    )
