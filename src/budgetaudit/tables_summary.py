"""The two-sided summary tables: 收支总表 / 财务收支预算总表 / 收入支出决算总表 / 财政拨款收支总表.

Income items stand on the left, expenditure items on the right, on the same lines::

    一、财政拨款收入   86959408.34 一、公共安全支出   79189400.34   12604173   1744680   64840547
    二、事业收入            0.00
                                 九、卫生健康支出   60.99
         收入总计   86959408.34      支出总计   86959408.34   20374181   1744680   64840547

Empty cells vanish from the text and the gap between the two sides may be one space, so a line
is read as *segments*: a label followed by the numbers up to the next label. Which side a
segment is on is decided by its place (first or second of two labelled segments on a line) or,
for a lone segment, by what its label says (…支出 is spent, …收入/拨款 is received); a lone
segment that says neither is not read. Each side becomes a :class:`~budgetaudit.model.Table`
of kind ``summary-income`` or ``summary-expenditure`` (rows without subject codes; the first
cell of a row is its 合计 or 预算数/决算数). When the header splits the expenditure side into
合计 | 基本支出 (人员经费 | 公用经费) | 项目支出 and nothing else, that side's ``columns`` say
so and its rows' later cells are the parts of the first (an empty part vanished: it is 0).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Sequence
from decimal import Decimal
from typing import NamedTuple

from budgetaudit.model import TABLE_UNIT_POWERS, Table, TableRow
from budgetaudit.quantities import printed_decimals
from budgetaudit.table_cells import lines_holding, new_cell, new_row

_TITLE = re.compile(r"(?:收支|收入支出)(?:预算|决算)?总表")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_TOKEN = re.compile(r"[^\s|｜]+")  # cells of a web page's table are split by |
_ROW_NUMBER = re.compile(r"\d{1,3}")
# "1.《收入支出决算总表》": a table named in a list of the tables of a web page.
_BOOK_TITLE = re.compile(r"^\d{1,2}[.、．]\s*《([^《》]+)》$")
_UNIT = re.compile(r"单位[:：]\s*(万元|元|千元|亿元)")
_ORDINAL = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[、.．])\s*"
)
_SPENT = re.compile(r"支出|年末|结余分配|结转下年")
_RECEIVED = re.compile(r"收入|拨款|年初|上年结转|使用.*结余|一般公共预算|政府性基金|国有资本经营")
_MAX_LINES = 70
SPLIT_COLUMNS = ("合计", "人员经费", "公用经费", "项目支出")
# Header words that mean more columns than the split: a prior year, execution, a change.
_OTHER_COLUMNS = re.compile(r"上年|决算|调整|执行|增减|变动|比|%|财政拨款|一般公共预算|政府性基金")


class _Row(NamedTuple):
    """A row as read from its line; a TableRow (cells in 万元) once its table's unit is known."""

    label: str
    start: int
    end: int
    nums: list[tuple[str, int, int]]  # each figure as printed and its offsets
    total: bool  # a 合计/总计 row


def is_summary_title(stripped: str) -> bool:
    return bool(_TITLE.search(stripped)) and "…" not in stripped and "..." not in stripped


def find_summaries(
    text: str,
    lines: Sequence[str],
    starts: Sequence[int],
    is_title: Callable[[str], bool],
    code_rows: Container[int],
) -> list[Table]:
    """The summary tables of the text, each as its income side and its expenditure side.

    ``lines``, ``starts``: the lines of ``text`` and their offsets; ``code_rows``: the indices
    of the lines that are rows of a coded table (they end one)."""
    out: list[Table] = []
    i = 0  # the lines before i are read
    # Every summary title says 总表: the other lines are passed over at once.
    for t in lines_holding(text, starts, "总表"):
        if t < i:
            continue
        stripped = _BOOK_TITLE.sub(r"\1", lines[t].strip())
        if not (is_title(stripped) and is_summary_title(stripped)):
            continue
        title = " ".join(stripped.split())
        unit = None
        row_numbers = False  # a 行次 column: each label is followed by its row's number
        income: list[_Row] = []
        spent: list[_Row] = []
        header: list[str] = []  # the lines above the first row read
        has_cells = False  # a row with figures has been read (rows are only ever added)
        j = t + 1
        while j < len(lines) and j < t + _MAX_LINES:
            line = lines[j]
            s = line.strip()
            u = _UNIT.search(line)  # a match lies inside the stripped line: the same for s
            if "\f" in line or j in code_rows or (s and is_title(s) and not u):
                break
            if unit is None and u:
                unit = u.group(1)
            row_numbers = row_numbers or "行次" in line
            read_before = len(income), len(spent)
            _read_line(line, starts[j], income, spent, row_numbers)
            if not has_cells:  # (so far no row has figures: only this line's rows may)
                has_cells = any(r.nums for r in income[read_before[0] :]) or any(
                    r.nums for r in spent[read_before[1] :]
                )
                if not u and not has_cells:
                    header.append(s)
            j += 1
        scale = TABLE_UNIT_POWERS.get(unit or "万元", 0)
        split = _split_header(" ".join(header))
        for kind, read in (("summary-income", income), ("summary-expenditure", spent)):
            if any(r.nums for r in read):
                rows = tuple(_scaled(r, scale) for r in read)
                columns = split if kind == "summary-expenditure" else ()
                first, last = rows[0].start, rows[-1].end
                out.append(Table(title, kind, unit, columns, rows, first, last))
        i = j
    return out


def _split_header(header: str) -> tuple[str, ...]:
    """SPLIT_COLUMNS when the header is exactly that split of the expenditure side, else ()."""
    words = "".join(header.split())
    if all(w in words for w in (*SPLIT_COLUMNS, "基本支出")) and not _OTHER_COLUMNS.search(words):
        return SPLIT_COLUMNS
    return ()


def _read_line(
    line: str,
    start: int,
    income: list[_Row],
    spent: list[_Row],
    row_numbers: bool = False,
) -> None:
    segments: list[tuple[str, int, list[tuple[str, int, int]]]] = []
    for m in _TOKEN.finditer(line):
        tok = m.group()
        # (A number ends in a digit, \d being isdecimal: a label is passed over without a match.)
        if tok[-1].isdecimal() and _NUMBER.fullmatch(tok):
            if segments:
                segments[-1][2].append((tok, start + m.start(), start + m.end()))
            continue  # numbers before any label: a 合计 line under the header, not read
        if segments and not segments[-1][2] and _continues(segments[-1][0], tok):
            label, at, nums = segments[-1]
            segments[-1] = (label + tok, at, nums)  # a label with a space inside
            continue
        segments.append((tok, start + m.start(), []))
    if not segments or len(segments) > 2:
        return
    if row_numbers:
        # "一、财政拨款收入 | 1 | 625.58": the first figure after a label is its 行次.
        segments = [
            (label, at, nums[1:] if nums and _ROW_NUMBER.fullmatch(nums[0][0]) else nums)
            for label, at, nums in segments
        ]
    for k, (label, at, nums) in enumerate(segments):
        if len(segments) == 2:
            side = "income" if k == 0 else "spent"
        elif _SPENT.search(label):
            side = "spent"
        elif _RECEIVED.search(label):
            side = "income"
        elif "|" in line and not line[: at - start].strip(" |｜\t"):
            side = "income"  # "总计 | 27 | 36816": a web table's first cell is the left side
        else:
            continue
        end = nums[-1][2] if nums else at + len(label)
        row = _Row(label, at, end, nums, "合计" in label or "总计" in label)
        (income if side == "income" else spent).append(row)


def _continues(label: str, tok: str) -> bool:
    # ``本 年 收 入 合 计``, ``1. 一般公共预算``: one label spaced out.
    if _ORDINAL.fullmatch(label):
        return True
    return len(tok) == 1 and len(label) <= 6 and not _ORDINAL.match(tok)


def _scaled(row: _Row, scale: int) -> TableRow:
    cells = []
    for raw, start, end in row.nums:
        decimals = printed_decimals(raw) - scale
        cells.append(new_cell(Decimal(raw).scaleb(scale), decimals, start, end, raw))
    return new_row(None, row.label, tuple(cells), row.start, row.end, row.total)
