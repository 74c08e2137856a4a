"""Which of the required contents a document has (DOMAIN.md §6, rules/required.toml).

A stage after extraction: it reads the normalised text, headings and facts and produces a
:class:`~budgetaudit.model.Coverage` that the M checks (checks/coverage.py) report from. It also
decides whether the document is whole: a text that stops mid-sentence is an excerpt, and an
excerpt's missing sections say nothing about the published document.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from itertools import compress, count
from typing import Any, NamedTuple

from budgetaudit import startcache, vocab
from budgetaudit.model import Coverage, CoverageSummary, Document, ItemPresence
from budgetaudit.textlines import TABLE_ROW, line_offsets, lines_of

# (written to start with a character class rather than a repetition: they scan faster)
# Leader dots (or a field code) start a contents entry's page-number tail.
# (One class opens both branches, […\.·．]{3,} or PAGEREF: the engine scans for it.)
_LEADER = re.compile(r"[…\.·．P](?:(?<!P)[…\.·．]{2,}|(?<=P)AGEREF)")
_WIDE_GAP = re.compile(r"[ \t\u3000][ \t\u3000]+")
_SPACE_GAP = re.compile(r"  +")  # _WIDE_GAP in a text without tabs and ideographic spaces
_TITLE_MAX = 60
# A line's numbering and a unit line run into a table title, on lines joined by "\n": what
# they match within one line (tests/test_fast_scans.py holds title_lines to the line-by-line
# reading).
_NUMBERING_LINES = re.compile(  # after the "\n" that starts each line (a literal: scans fast)
    r"\n(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]+[）)]"
    r"|\d{1,2}(?:[、．]|\.(?!\d))|[①-⑳]|附表\d*|表\d+)[^\S\n]*"
)
_UNIT_AFTER_TITLE_LINES = re.compile(r"表[^\S\n]*(?:单位|编制(?:部门|单位))[:：][^\n]*")
_TOC_TITLE = re.compile(r"^目\s*录$")
_GLOSSARY = re.compile(r"名词解释|名词说明|术语解释")
_PAGE_NUMBER = re.compile(r"^[-—–－\s]*\d{1,3}[-—–－\s]*$")
_CJK = re.compile(r"[\u3400-\u9fff]")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_NONZERO_DIGIT = re.compile(r"[1-9]")
_YEAR = re.compile(r"(?:19|20)\d{2}\s*年")
_HEADER_NOISE = re.compile(r"(?:编制(?:部门|单位)|单位)[:：][^\n]*")
# A table's header or rows hold one of these words or a wide gap between cells. Only whether
# either occurs is read: two scans, each opening with characters the engine scans for, find it
# where r"合计|…|[|｜]|\S[ \t\u3000]{3,}\S" would (at its first space, a gap looks back at its \S).
_HEADER_WORD = re.compile(r"合计|总计|项目|科目|编码|单位[:：]|\||｜")
_CELL_GAP = re.compile(r"[ \t\u3000](?<=\S[ \t\u3000])[ \t\u3000]{2,}(?=\S)")


def _table_header(text: str, start: int = 0, end: int = sys.maxsize) -> bool:
    """Does text[start:end] hold a table header's word or a wide gap? (text[start] is never a
    space after a non-space: a line break, or the start of a table's body.)"""
    return bool(_HEADER_WORD.search(text, start, end) or _CELL_GAP.search(text, start, end))


_IMAGE = re.compile(r"\[(?:图片|image|img)\]", re.IGNORECASE)
_FINAL_WORD = re.compile(r"决算|实际支出|完成(?:年初)?预算")
_BUDGET_WORD = re.compile(r"(?<!公共)(?<!基金)(?<!经营)预算(?!执行)")


@dataclass(frozen=True)
class Item:
    """One required item of rules/required.toml: how its heading, content or table is known."""

    id: str
    code: str
    title: str
    kinds: frozenset[str]
    titles: tuple[re.Pattern[str], ...]
    content: tuple[re.Pattern[str], ...]
    table: bool = False
    # ``titles`` as one alternation: a title matches it iff it matches one of them
    any_title: re.Pattern[str] | None = None
    # ``any_title`` for titles joined by "\n" (see _in_lines), when it finds the same there
    lines_title: re.Pattern[str] | None = None


class TitleLine(NamedTuple):  # one title (Titles keeps most of them in parallel lists)
    start: int  # offset of the title text in the normalised text
    end: int
    text: str  # the title without numbering, leaders and wide gaps
    toc: bool  # a table-of-contents entry (leader dots, or repeated later as a real title)


class Titles(NamedTuple):
    """A text's title lines (see title_lines) in text order, as parallel lists: most short lines
    are titles, and most are only searched."""

    texts: list[str]  # TitleLine.text of each
    starts: list[int]  # TitleLine.start of each (increasing)
    toc: list[bool]  # TitleLine.toc of each
    joined: str  # the texts joined by "\n"
    offsets: list[int]  # where each text starts in ``joined``

    def tables(self) -> list[TitleLine]:
        """The titles of tables (…表) that are not table-of-contents entries."""
        return [
            TitleLine(start, start + len(text), text, False)
            for text, start, toc in zip(self.texts, self.starts, self.toc, strict=True)
            if not toc and text.endswith("表")
        ]


@cache
def items() -> tuple[Item, ...]:
    return tuple(
        Item(
            id=id_,
            code=code,
            title=title,
            kinds=kinds,
            titles=tuple(map(re.compile, titles)),
            content=tuple(map(re.compile, content)),
            table=table,
            any_title=_any(titles) if titles else None,
            lines_title=_any(titles, re.MULTILINE) if in_lines else None,
        )
        for id_, code, title, kinds, titles, content, table, in_lines in _item_data()
    )


@startcache.derived("required")  # kept between runs of the command line (start-up time)
def _item_data() -> list[tuple[str, str, str, frozenset[str], list[str], list[str], bool, bool]]:
    """The items of rules/required.toml as plain data: id, code, title, kinds, the title and
    content patterns' sources, whether a table, and whether :func:`_in_lines` may search the
    joined titles with them."""
    out = []
    for entry in vocab.load("required")["item"]:
        kinds: set[str] = set()
        for k in entry["kinds"]:
            kinds |= {"三公预算", "三公决算"} if k == "三公" else {k}
        titles = list(entry.get("titles", ()))
        content = list(entry.get("content", ()))
        table = bool(entry.get("table", False))
        out.append(
            (
                entry["id"],
                entry["code"],
                entry["title"],
                frozenset(kinds),
                titles,
                content,
                table,
                _in_lines(titles) is not None,
            )
        )
    return out


@cache
@startcache.derived("required")  # the word lists alone: the items are read by _item_data
def _words() -> dict[str, Any]:
    return {key: value for key, value in vocab.load("required").items() if key != "item"}


def _any(patterns: list[str], flags: int = 0) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags)


# What a title pattern may hold for _in_lines: escapes of \d and of punctuation only ...
_SAFE_ESCAPE = re.compile(r"\\[d.()\[\]{}?*+|^$\\-]")
# ... and no negated class, control character or group with flags or a name (a line break, a
# class like \s or \W, "." under DOTALL, \A and \Z could all tell joined titles from one).
_UNSAFE = re.compile(r"\\|\[\^|[\x00-\x1f]|\(\?(?![:!=]|<[!=])")


def _in_lines(patterns: list[str]) -> re.Pattern[str] | None:
    """The titles' alternation to search all titles joined by "\n" at once with, or None.

    Compiled MULTILINE, "^" and "$" stand at each title's ends as they do at a lone title's. When
    nothing in a pattern can match a "\n", no match reaches across one (and what looks past a
    title's end sees a character that nothing matches, as at a lone title's end nothing is seen):
    the first match in the joined titles lies in the first title the pattern finds something in.
    """
    if not patterns or any(_UNSAFE.search(_SAFE_ESCAPE.sub("", p)) for p in patterns):
        return None
    return _any(patterns, re.MULTILINE)


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


def title_lines(text: str) -> Titles:
    """Short lines that name something: headings, table titles, table-of-contents entries."""
    split = lines_of(text)  # split once per document (the headings stage split this text)
    lines, starts = split.lines, split.starts
    # Most lines are titles (table rows too), so the work is done on all candidate lines at
    # once: their stripped texts, each after a "\n", each step one C-level pass over them. No
    # pattern below matches a "\n" (the spaces they take are [^\S\n]) but the numbering's, which
    # opens with the "\n" before a line (where the per-line pattern's "^" stands): none reaches
    # from one line into the next.
    stripped = [line.strip() for line in lines]
    keep = [i for i, body in enumerate(stripped) if body and len(body) <= 3 * _TITLE_MAX]
    joined = "\n" + "\n".join([stripped[i] for i in keep])  # each line after a "\n"
    toc = [False] * len(keep)
    # A leader is three of …·．. or PAGEREF: three without …·． are "...". Most texts hold none
    # of these, and then no line is looked at for one.
    if any(piece in joined for piece in ("…", "·", "．", "...", "PAGEREF")):
        joined = _cut_leaders(joined, toc)
    joined = _NUMBERING_LINES.sub("\n", joined)  # at most one a line, at its start
    # Each line is stripped and starts past its numbering's spaces: only inner gaps are left.
    # (The per-line split and join did the same on lines whose only spaces are " ".)
    if "\t" in joined or "\u3000" in joined:
        joined = _WIDE_GAP.sub(" ", joined)
    elif "  " in joined:
        joined = _SPACE_GAP.sub(" ", joined)
    if "表" in joined:  # "…预算表单位：万元": a table title run together with its unit line
        joined = _UNIT_AFTER_TITLE_LINES.sub("表", joined)
    bodies = joined.split("\n")[1:]
    cjk = _CJK.search
    picked = [
        k
        for k, body in enumerate(bodies)
        if body and len(body) <= _TITLE_MAX and body.find("。", 0, -1) < 0 and cjk(body)
    ]
    texts = [bodies[k] for k in picked]
    tocs = [toc[k] for k in picked]
    offsets = [
        starts[i] + max(0, lines[i].find(body[:2]))
        for i, body in zip([keep[k] for k in picked], texts, strict=True)
    ]
    # A title printed again later was a table-of-contents entry the first time.
    keys = _title_keys(texts)
    last = dict(zip(keys, range(len(keys)), strict=True))  # each key's last title
    if len(last) < len(keys):  # (some key repeats)
        for i, key in enumerate(keys):
            if last[key] != i:
                tocs[i] = True
    joined = "\n".join(texts)
    return Titles(texts, offsets, tocs, joined, line_offsets(texts))


def _cut_leaders(joined: str, toc: list[bool]) -> str:
    """``joined`` (stripped lines, each after a "\n") with each line's text cut at its first leader
    (dots or a field code) and stripped again; ``toc[k]`` set for each line ``k`` cut.
    (A leader holds no space, so the first one of the unstripped line is this one.)"""
    out = []
    done = 0  # joined[:done] is copied (or dropped)
    line_no = -1  # (joined opens with a "\n")
    for m in _LEADER.finditer(joined):
        if m.start() < done:  # a later leader on a line already cut
            continue
        line_start = joined.rfind("\n", 0, m.start()) + 1
        line_no += joined.count("\n", done, line_start)
        line_end = joined.find("\n", m.end())
        if line_end < 0:
            line_end = len(joined)
        out.append(joined[done:line_start])
        out.append(joined[line_start : m.start()].strip())
        toc[line_no] = True
        done = line_end
    out.append(joined[done:])
    return "".join(out)


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
        # (Found from their 年, which the engine scans for: a 1 or 2 opens many more places.
        # Each 年 closes at most one year, and years do not overlap: the same as removing
        # (?:19|20)\d{2}年(?:度)? with one regex.)
        kept = []
        done = 0
        for year in _YEAR_END.finditer(joined):
            kept.append(joined[done : year.start() - 4])
            done = year.end()
        kept.append(joined[done:])
        joined = "".join(kept)
    joined = "".join(joined.split()).replace("“", "").replace("”", "").replace('"', "")
    keys = joined.split("\0")
    if len(keys) != len(titles):  # a title holding a NUL (or no titles)
        keys = [_TITLE_KEY_NOISE.sub("", t) for t in titles]
    return keys


_TITLE_KEY_NOISE = re.compile(r"\s|(?:19|20)\d{2}年(?:度)?|[“”\"]")
_YEAR_END = re.compile(r"年(?<=(?:19|20)\d\d年)(?:度)?")  # a year (19xx年/20xx年度) from its 年


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


def _has_toc(text: str, titles: Titles) -> bool:
    head = text[: max(3000, len(text) // 5)]
    # (A line that is 目录 without its spaces holds a 目: most heads have none.)
    if "目" in head and any(
        "目" in ln and _TOC_TITLE.match(re.sub(r"\s", "", ln)) for ln in head.split("\n")[:80]
    ):
        return True
    return sum(titles.toc[: bisect_left(titles.starts, len(head))]) >= 3  # those in the head


# ---------------------------------------------------------------------------- items


def _find(item: Item, text: str, titles: Titles) -> int | None:
    """Where the item is: the first title that names it, else the first content match."""
    if item.lines_title is not None:
        found = item.lines_title.search(titles.joined)
        if found:
            return titles.starts[bisect_right(titles.offsets, found.start()) - 1]
    elif item.any_title is not None:
        # The index of the first title the pattern finds something in, looped over in C.
        k = next(compress(count(), map(item.any_title.search, titles.texts)), None)
        if k is not None:
            return titles.starts[k]
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
            if nxt >= 0 and _table_header(text, nxt, nxt + 400):
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
        if not _table_header(body):
            continue  # no table follows: a table given as an image, a contents entry, a cut
        if len(body) > 4000:
            continue  # not a table's extent: prose follows the title
        if _has_figure(body):
            continue
        after = text[stop : stop + 200]
        if note.search(body) or note.search(after.split("\n", 2)[0] if after else ""):
            continue
        out.append((t.start, t.end))
    return out


def _has_figure(body: str) -> bool:
    """Does a non-zero figure stand in a table's body, its header noise and years left out?"""
    rest = _HEADER_NOISE.sub("", body) if "：" in body or ":" in body else body
    # Every digit belongs to a _NUMBER match, so a 1-9 left when the years are removed means a
    # non-zero figure. Years are removed where they stand before each 1-9, from the first on,
    # until one is left: a year's four digits open it, so one holding position p starts at p-3
    # … p, and no year match can overlap one that starts there (it would hold a digit where
    # the other's spaces or 年 are): the 1-9 stays iff _YEAR matches at none of them.
    year = _YEAR.match
    for digit in _NONZERO_DIGIT.finditer(rest):
        p = digit.start()
        if not any(year(rest, s) for s in range(max(0, p - 3), p + 1)):
            return True
    # Only a body without one (all zeros, or other scripts' digits) is read number by number.
    return any(Decimal(n) != 0 for n in _NUMBER.findall(_YEAR.sub("", rest)))


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
            or _GLOSSARY.search(titles.joined) is not None  # (a title holding one)
        )
    )
    found: list[ItemPresence] = []
    table_titles = titles.tables()
    tables = has_tables(text, table_titles)
    if kind is not None:
        for item in items():
            if kind in item.kinds and (tables or not item.table):
                where = _find(item, text, titles)
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
