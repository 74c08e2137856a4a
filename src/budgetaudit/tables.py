"""The standard tables: find them in the normalised text and read their rows.

A table row is a line whose cells are separated by wide gaps (as ``pdftotext -layout`` prints a
PDF table, and as our Word/HTML readers print theirs). We read the tables that carry budget
subject codes — the function classification (功能分类: 类 204, 款 20406, 项 2040601) of the
income, expenditure and 一般公共预算 tables, and the economic classification (经济分类: 301,
30101) of the 基本支出 table — plus their 合计/总计 rows. Each becomes a
:class:`~budgetaudit.model.Table` of :class:`~budgetaudit.model.Cell` values in 万元 (the
stated unit converted), so the rules can foot them and hold the text against them.

The text's own references to subjects by code (``公共安全支出（204类）司法（06款）行政运行（01项）
1434.89万元 … 2026年预算安排1434.89万元``) are collected here too, as
:class:`SubjectRef`, so that no rule has to parse text.

A table where a line with figures could not be read as a row is marked ``complete=False``: a
missed row would make a true sum look wrong, so the footing rules
skip it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from budgetaudit.model import (
    TABLE_UNIT_POWERS,
    Normalized,
    Quantity,
    SubjectRef,
    Table,
    TableRow,
)
from budgetaudit.quantities import printed_decimals
from budgetaudit.table_cells import new_cell, new_row
from budgetaudit.tables_sangong import find_sangong
from budgetaudit.tables_summary import find_summaries
from budgetaudit.textlines import lines_of

_NUM = r"-?\d+(?:\.\d+)?"
_NUMS = rf"(?P<nums>{_NUM}(?:[ \t]+{_NUM})*)"
_CODE_ROW = re.compile(
    rf"^[ \t]*(?P<c1>\d{{3}})(?:[ \t]*(?P<c2>\d{{2}}))?(?:[ \t]*(?P<c3>\d{{2}}))?[ \t]+"
    rf"(?P<label>[^\d\s](?:[^\n]*?[^\d\s])?)[ \t]{{2,}}{_NUMS}[ \t]*$"
)
_TOTAL_ROW = re.compile(
    rf"^[ \t]*(?P<label>(?:本年)?(?:收入|支出)?(?:合计|总计))[ \t]{{2,}}{_NUMS}[ \t]*$"
)
# (?<![\d.]){_NUM}(?![\d.]), written to start with the number's first character [-\d] and look
# behind after it, so that the regex engine can scan for that character.
_HAS_NUMBER = re.compile(r"[-\d](?<![\d.][-\d])(?:(?<=-)\d+|(?<!-)\d*)(?:\.\d+)?(?![\d.])")
# Cells apart (a line of prose has none): whether r"\S[ \t]{3,}\S" occurs in a line, found from
# the gap's first space (a class the engine scans for, where \S opens every place) looking back.
_WIDE_GAP = re.compile(r"[ \t](?<=\S[ \t])[ \t]{2,}(?=\S)")
_TITLE = re.compile(r"表[\s)）]*$|表[（(]")
_YEAR = re.compile(r"(?:19|20)\d{2}\s*年度?")
_UNIT = re.compile(r"单位[:：]\s*(万元|元|千元|亿元)")
_COLUMN_NAMES = (
    "合计",
    "总计",
    "基本支出",
    "项目支出",
    "人员经费",
    "公用经费",
    "财政拨款",
    "一般公共预算",
    "政府性基金",
    "国有资本经营",
    "事业收入",
    "事业单位经营收入",
    "其他收入",
)
_COLUMN = re.compile("|".join(_COLUMN_NAMES))
_MAX_GAP_LINES = 25  # non-row lines (headers, page furniture) a table may span

# ``公共安全支出（204类）司法（06款）行政运行（01项）1434.89万元``
# The codes may be missing (``社会保障和就业支出（类）…（项）”887.36万元``): the name decides.
_SUBJECT = re.compile(
    r"(?P<n1>[\u4e00-\u9fff]+)[（(](?P<c1>\d{3})?类[）)]"
    r"(?:(?P<n2>[\u4e00-\u9fff]+)[（(](?P<c2>\d{2})?款[）)])?"
    r"(?:(?P<n3>[\u4e00-\u9fff]+)\s?[（(](?P<c3>\d{2})?项[）)])?"
    r"(?:[”\"]?(?:科目)?[:：,，]?(?:预算数?为?|安排)?(?P<amount>\d+(?:\.\d+)?)万元)?"
)
# What follows the name of each _SUBJECT match; _subjects finds the name before it.
_SUBJECT_MARK = re.compile(r"[（(](?:\d{3})?类[）)]")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]*")
# A restatement of the current figure later in the same item: ``2026年预算安排201.50万元``.
# (r"(?<!执行)(?:预算安排|预算数为|预算为)…", opening with the literal 预算 the engine scans for)
_RESTATED = re.compile(r"预算(?<!执行预算)(?:安排|数为|为)(?P<amount>\d+(?:\.\d+)?)万元")
_CLASS_CLOSED = re.compile(r"类[）)]")
_PRIOR_YEAR = re.compile(r"(\d{4})年[^，,。；;]{0,8}$")


@dataclass
class Tables:
    """The tables of a document, and where its text names a subject of them."""

    tables: list[Table] = field(default_factory=list)
    refs: list[SubjectRef] = field(default_factory=list)


def find_tables(norm: Normalized, year: int | None = None) -> Tables:
    result = Tables()
    # The lines split once per document (structure.find_headings split this text already).
    split = lines_of(norm.text)
    lines, starts = split.lines, split.starts
    rows = _rows(lines, starts)
    _read_tables(lines, rows, result)
    # The tables without subject codes: the two-sided summaries and the 三公 table.
    # A line is a code row exactly when _CODE_ROW matches it: _parse_row turns down only a
    # match with c3 but no c2, which cannot occur (c2 would have taken what c3 took).
    code_rows = {i for i, row in rows.items() if row.code is not None}
    result.tables += find_summaries(norm.text, lines, starts, _is_title, code_rows)
    result.tables += find_sangong(norm.text, lines, starts, year)
    result.refs = _subject_refs(norm.text, lines, starts, year)
    return result


# ---------------------------------------------------------------- tables


class _Row(NamedTuple):
    """A row as read from its line; it becomes a TableRow (cells in 万元) when its table
    closes, so that the rows of lines that turn out not to be a table cost no Cells."""

    code: str | None
    label: str
    nums: str  # the cells' text
    nums_at: int  # its offset in the normalised text
    start: int
    end: int
    total: bool


@dataclass
class _Open:
    """A table being read: its first row's line, the header above it, its rows so far."""

    first_line: int
    header: list[str]  # the lines above the first row, up to the title
    rows: list[_Row] = field(default_factory=list)
    codes: set[str] = field(default_factory=set)
    title: str | None = None
    pending_title: str | None = None  # another table's title seen after the last row
    unread: int = 0  # lines with figures inside the table that are not rows
    gap: int = 0


def _rows(lines: Sequence[str], starts: Sequence[int]) -> dict[int, _Row]:
    """The lines that are table rows, by line index."""
    # Most lines are neither kind of row: a code row opens with a digit (\d is isdecimal), a
    # total row has 合计/总计; both end with a figure.
    maybe = [
        i
        for i, line in enumerate(lines)
        if line.rstrip(" \t")[-1:].isdecimal()
        and (line.lstrip(" \t")[:1].isdecimal() or "计" in line)
    ]
    found: dict[int, _Row] = {}
    for i in maybe:
        row = _parse_row(lines[i], starts[i])
        if row is not None:
            found[i] = row
    return found


def _read_tables(lines: Sequence[str], rows: dict[int, _Row], result: Tables) -> None:
    # Only a coded row opens a table: the lines between a table and the next are passed over.
    opening = [i for i, row in rows.items() if row.code is not None]  # (in line order)
    k = 0
    while k < len(opening):
        after = _read_table(lines, rows, opening[k], result)
        k = bisect_left(opening, after, k)  # the first coded row from ``after`` on


def _read_table(lines: Sequence[str], rows: dict[int, _Row], first: int, result: Tables) -> int:
    """Read the table whose first row (a coded one) is line ``first``, add it to ``result``
    if it is one, and say where the next table may start: the row that ends this one, or the
    line after it."""
    header = _header_lines(lines, rows, first)
    current = _Open(first_line=first, header=header, title=_title_of(header))
    for i in range(first, len(lines)):
        line = lines[i]
        row = rows.get(i)
        if row is not None:
            if i > first and _starts_new_table(row, current):
                _close(current, result)
                return i  # (a coded row opens the next table there)
            if current.pending_title:
                # A PDF may draw a table's title after its first rows: the rows go on under it.
                current.title, current.pending_title = current.pending_title, None
            current.rows.append(row)
            if row.code:
                current.codes.add(row.code)
            current.gap = 0
            continue
        stripped = line.strip()
        if _is_title(stripped) and " ".join(stripped.split()) != current.title:
            # Another table's title (the same title again is a new page's header). Whether a
            # new table begins is decided by the next row: see _starts_new_table.
            current.pending_title = " ".join(stripped.split())
            continue
        current.gap += 1
        if current.gap > _MAX_GAP_LINES:
            _close(current, result)
            return i + 1
        if (
            current.pending_title is None
            and _HAS_NUMBER.search(stripped)
            and _WIDE_GAP.search(line)
        ):
            current.unread += 1  # a table line with figures we could not read
    _close(current, result)
    return len(lines)


def _starts_new_table(row: _Row, current: _Open) -> bool:
    if row.code is not None and row.code in current.codes:
        return True  # the same subject again
    if current.pending_title is None:
        return False
    # After another title, only a row under a subject of this table continues it.
    return row.code is None or len(row.code) == 3 or row.code[:-2] not in current.codes


def _parse_row(line: str, start: int) -> _Row | None:
    m = _CODE_ROW.match(line)
    if m:
        c1, c2, c3, label = m.group("c1", "c2", "c3", "label")  # (label: no space at its ends)
        if c3 and not c2:
            return None
        code: str | None = c1 + (c2 or "") + (c3 or "")
        total = False
    else:
        m = _TOTAL_ROW.match(line)
        if not m:
            return None
        code = None
        label = m.group("label")
        total = True
    return _Row(
        code, label, m.group("nums"), start + m.start("nums"), start, start + len(line), total
    )


def _close(t: _Open, result: Tables) -> None:
    coded = [r for r in t.rows if r.code]
    if len(coded) < 2:
        return
    header_lines = t.header
    unit = None
    title = None
    for text in header_lines:
        if unit is None and (u := _UNIT.search(text)):
            unit = u.group(1)
    if header_lines and _is_title(header_lines[0].strip()):
        title = " ".join(header_lines[0].split())
        header_lines = header_lines[1:]
    title = t.title or title
    header = "\n".join(header_lines)
    columns = _columns(header)
    scale = TABLE_UNIT_POWERS.get(unit or "万元", 0)
    seen: dict[str, tuple[Decimal, int]] = {}
    rows = tuple(_scaled(r, scale, seen) for r in t.rows)
    kind = "economic" if coded[0].code and coded[0].code.startswith("3") else "function"
    table = Table(
        title=title,
        kind=kind,
        unit=unit,
        columns=columns,
        rows=rows,
        start=rows[0].start,
        end=rows[-1].end,
        complete=t.unread == 0,
    )
    result.tables.append(table)


def _is_title(stripped: str) -> bool:
    """A line naming a table (``2026年部门支出预算总表``), not a row that mentions one."""
    return (
        "表" in stripped  # what _TITLE looks for: most lines go no further
        and bool(_TITLE.search(stripped))
        and not _HAS_NUMBER.search(_YEAR.sub("", stripped))
    )


def _title_of(header: list[str]) -> str | None:
    """The title heading a table's header lines, if their first line is one."""
    if header and _is_title(header[0].strip()):
        return " ".join(header[0].split())
    return None


def _header_lines(lines: Sequence[str], rows: dict[int, _Row], first: int) -> list[str]:
    """The lines above a table's first row, up to its title (at most a dozen)."""
    out: list[str] = []
    for j in range(first - 1, max(-1, first - 13), -1):
        if j in rows:
            break  # the previous table's last row
        text = lines[j]
        out.append(text)
        if _is_title(text.strip()):
            break
    return list(reversed(out))


def _columns(header: str) -> tuple[str, ...]:
    # Ordered by position in the header: within one header line, left to right. No name
    # contains or overlaps another, so one scan for all finds each name's every occurrence.
    return tuple(m.group() for m in _COLUMN.finditer(header))


def _scaled(row: _Row, scale: int, seen: dict[str, tuple[Decimal, int]]) -> TableRow:
    """The row with its cells in 万元; ``seen`` holds the figures of the table converted so far
    (most figures of a table recur in it: 0.00, the totals of every level)."""
    cells = []
    nums, base, at = row.nums, row.nums_at, 0
    # The cells are the numbers _NUMS matched, apart by spaces and tabs: its words.
    for raw in nums.split():
        at = nums.index(raw, at)
        known = seen.get(raw)
        if known is None:
            known = seen[raw] = (Decimal(raw).scaleb(scale), printed_decimals(raw) - scale)
        cells.append(new_cell(known[0], known[1], base + at, base + at + len(raw), raw))
        at += len(raw)
    return new_row(row.code, row.label, tuple(cells), row.start, row.end, row.total)


# ---------------------------------------------------------------- text references


def _subject_refs(
    text: str, lines: Sequence[str], starts: Sequence[int], year: int | None
) -> list[SubjectRef]:
    refs: list[SubjectRef] = []
    # Every match of _SUBJECT has 类 closed by a bracket: lines without one have none. (The
    # lines that hold one, found from where 类 stands in the text, in order, each once.)
    marked = dict.fromkeys(
        bisect_right(starts, m.start()) - 1 for m in _CLASS_CLOSED.finditer(text)
    )
    for i in marked:
        line = lines[i]
        if _WIDE_GAP.search(line):
            continue
        found = _subjects(line)
        for k, m in enumerate(found):
            level = "n3" if m.group("n3") else ("n2" if m.group("n2") else "n1")
            codes = [m.group("c1"), m.group("c2"), m.group("c3")][: int(level[1])]
            # Without every code printed, the subject is known by its name only (code "").
            code = "".join(codes) if all(codes) else ""
            amounts: list[Quantity] = []
            if m.group("amount"):
                amounts.append(_amount(m, "amount", starts[i]))
                # Later restatements within the same item (up to the next coded subject: the
                # next match, as finditer searches on from m.end()).
                limit = found[k + 1].start() if k + 1 < len(found) else len(line)
                for r in _RESTATED.finditer(line, m.end(), limit):
                    before = line[max(0, r.start() - 12) : r.start()]
                    y = _PRIOR_YEAR.search(before)
                    if y and year is not None and int(y.group(1)) != year:
                        continue  # another year's figure
                    amounts.append(_amount(r, "amount", starts[i]))
            # The outer levels' names are checked too (``医疗卫生与计划生育支出（210类）``).
            outer = [("n1", m.group("c1") or "")]
            if level == "n3":
                outer.append(("n2", (m.group("c1") or "") + (m.group("c2") or "")))
            for group, outer_code in outer:
                if group != level and len(outer_code) in (3, 5):
                    refs.append(
                        SubjectRef(
                            outer_code,
                            m.group(group),
                            starts[i] + m.start(group),
                            starts[i] + m.end(group),
                            (),
                        )
                    )
            refs.append(
                SubjectRef(
                    code=code,
                    name=m.group(level),
                    name_start=starts[i] + m.start(level),
                    name_end=starts[i] + m.end(level),
                    amounts=tuple(amounts),
                    parent=(m.group("n2") or "") if level == "n3" else "",
                )
            )
    return refs


def _subjects(line: str) -> list[re.Match[str]]:
    """``list(_SUBJECT.finditer(line))``, without trying every character of a long CJK run.

    A match opens with n1, the CJK characters right before a _SUBJECT_MARK: greedy, n1 runs to
    the end of its CJK run, and only a run followed by a mark can be followed by the bracket
    (a shorter one is followed by a CJK character). So the next match after ``pos`` (where the
    search stands on) starts where the run before the next mark past ``pos`` does, or at ``pos``
    inside it: it is matched there, instead of from every character before it.
    """
    found: list[re.Match[str]] = []
    pos = 0
    backwards = ""  # the line reversed (to measure a run backwards), made when first needed
    for mark in _SUBJECT_MARK.finditer(line):
        at = mark.start()
        if at <= pos or not "\u4e00" <= line[at - 1] <= "\u9fff":
            continue  # no name between the search position and the mark
        if not backwards:
            backwards = line[::-1]
        back = len(line) - at  # line[at - 1] is backwards[back]
        run = _CJK_RUN.match(backwards, back).end() - back  # type: ignore[union-attr]
        m = _SUBJECT.match(line, max(pos, at - run))
        assert m is not None  # (the run, then the mark)
        found.append(m)
        pos = m.end()
    return found


def _amount(m: re.Match[str], group: str, base: int) -> Quantity:
    raw = m.group(group)
    start, end = base + m.start(group), base + m.end(group)
    return Quantity(Decimal(raw), printed_decimals(raw), "money", "万元", start, end, raw + "万元")


# ---------------------------------------------------------------- pandas view


def to_frame(table: Table):  # type: ignore[no-untyped-def]
    """Rows as a DataFrame: ``code``, ``label``, ``total`` and one column per value (万元)."""
    import pandas as pd

    width = max((len(r.cells) for r in table.rows), default=0)
    names = list(table.columns[:width]) if len(table.columns) >= width else []
    names += [f"col{k + 1}" for k in range(len(names), width)]
    records = []
    for r in table.rows:
        record: dict[str, object] = {"code": r.code, "label": r.label, "total": r.total}
        for k, name in enumerate(names):
            record[name] = r.cells[k].value if k < len(r.cells) else None
        records.append(record)
    return pd.DataFrame.from_records(records, columns=["code", "label", "total", *names])
