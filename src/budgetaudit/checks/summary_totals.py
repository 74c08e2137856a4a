"""B014: the 总计 of a summary table is the year's 合计 plus the rows below it.

收入总计 = 本年收入合计 + 用事业基金弥补收支差额 + 上年（年初）结转和结余 + 使用非财政拨款结余 …;
支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余 …. A summary balances (B007), so a side
whose 总计 was not printed (or not read) is held against the other side's. Only rows whose label
is one of these standard lines may stand between the two totals: any other row with a figure (a
sub-row such as 一般公共预算拨款 under 上年结转) leaves the sum in doubt and the rule silent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from budgetaudit.checks.hit import Hit
from budgetaudit.checks.table_figures import sum_shown, table_name
from budgetaudit.checks.table_summaries import _find, _pairs, _plain, _raw
from budgetaudit.intervals import adds_up
from budgetaudit.model import Document, Table, TableRow

_YEAR_TOTAL = {
    "summary-income": ("本年收入合计", "收入合计"),
    "summary-expenditure": ("本年支出合计", "支出合计"),
}
_GRAND_TOTAL = {
    "summary-income": ("收入总计", "总计"),
    "summary-expenditure": ("支出总计", "总计"),
}
# The standard lines between the year's 合计 and the 总计, on either side.
_BETWEEN = re.compile(
    r"^(?:[一二三四五六七八九十]+、)?(?:"
    r"用事业基金弥补收支差额|使用非财政拨款结余(?:和专用结余)?|使用专用结余"
    r"|(?:上年|年初|年末)?(?:财政拨款)?结转(?:和|及)?结余|上年结转|上年结余|结余分配"
    r"|结转下年|年末结转|提取事业基金|转入事业基金"
    r")$"
)


def check_summary_grand_total(doc: Document) -> Iterator[Hit]:
    for income, spent in _pairs(doc):
        grand = {t.kind: _find(t, *_GRAND_TOTAL[t.kind]) for t in (income, spent)}
        for table, other in ((income, spent), (spent, income)):
            total = grand[table.kind] or grand[other.kind]
            if total is None:
                continue
            hit = _side(table, total)
            if hit is not None:
                yield hit


def _side(table: Table, grand: TableRow) -> Hit | None:
    year = _find(table, *_YEAR_TOTAL[table.kind])
    if year is None:
        return None
    rows = list(table.rows)
    first = rows.index(year)
    last = rows.index(grand) if grand in rows else len(rows)
    between = [r for r in rows[first + 1 : last] if r.cells]
    if any(not _BETWEEN.match(_plain(r.label)) for r in between):
        return None
    cells = [year.cells[0], *(r.cells[0] for r in between)]
    whole = grand.cells[0]
    if adds_up(whole, cells):
        return None
    own = grand in rows
    at = whole if own else year.cells[0]
    return Hit(
        "B014",
        at.start,
        at.end,
        f"{table_name(table)}: {grand.label} {_raw(whole, table.unit)} is not "
        f"{year.label} plus the {len(between)} row{'s' if len(between) != 1 else ''} below it"
        + ("" if own else " (总计 of the other side, which must balance)"),
        expected=sum_shown(cells, table.unit),
        found=_raw(whole, table.unit),
    )


CHECKS = (check_summary_grand_total,)
