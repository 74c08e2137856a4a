"""Rules on the tables without subject codes (B007–B012): the two-sided summary tables and the
“三公”经费 table — they must add up, agree with the coded tables and with the text.

Figures are compared at their printed precision (DOMAIN.md §4). Where the reading of a table
leaves a doubt (an ordinal missing from a list, two pairs of cells that could be the split, a
column order not fixed by the header), the rule says nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from itertools import pairwise

from budgetaudit.checks.hit import Hit
from budgetaudit.checks.table_figures import same_figure, shown, sum_shown, table_name
from budgetaudit.intervals import ZERO, Interval, adds_up, spread
from budgetaudit.model import Cell, Document, Quantity, Table, TableRow
from budgetaudit.tables_summary import SPLIT_COLUMNS

_CN_ORDINAL = re.compile(r"^([一二三四五六七八九十]+)、")
_ARABIC_ORDINAL = re.compile(r"^\d+[、.．]")
_CN_DIGITS = {c: k for k, c in enumerate("一二三四五六七八九", start=1)}
_ITEMS = ("abroad", "car_total", "reception")
_NAMES = {
    "sangong": "“三公”经费合计",
    "abroad": "因公出国（境）费",
    "car_total": "公务用车购置及运行费",
    "car_purchase": "公务用车购置费",
    "car_operation": "公务用车运行费",
    "reception": "公务接待费",
    "admin_running": "机关运行经费",
}


def _raw(c: Cell, unit: str | None) -> str:
    return shown(c, unit) if c.raw else "blank"  # a blank cell read as 0 (vanished in the text)


def _plain(label: str) -> str:
    return "".join(label.split())  # = re.sub(r"\s+", "", label): \s is str.isspace


def _cn_number(text: str) -> int | None:
    """一 … 九十九 as an int."""
    if text == "十":
        return 10
    if "十" in text:
        tens, _, units = text.partition("十")
        value = (_CN_DIGITS.get(tens, 0) if tens else 1) * 10
        return value + (_CN_DIGITS.get(units, 0) if units else 0)
    return _CN_DIGITS.get(text)


def _pairs(doc: Document) -> Iterator[tuple[Table, Table]]:
    """The income and expenditure sides of each summary table."""
    tables = doc.tables
    for a, b in pairwise(tables):
        if a.kind == "summary-income" and b.kind == "summary-expenditure" and a.title == b.title:
            yield a, b


def _find(table: Table, *labels: str) -> TableRow | None:
    """The first row with figures labelled like the first of ``labels`` that has one."""
    rows = [(_plain(r.label), r) for r in table.rows if r.cells]  # each label spaced out once
    for wanted in labels:
        for plain, r in rows:
            if plain == wanted:
                return r
    return None


# ---------------------------------------------------------------- B007 / B008


def check_summary_balance(doc: Document) -> Iterator[Hit]:
    """B007 收入总计 ≠ 支出总计 in a summary table."""
    for income, spent in _pairs(doc):
        a = _find(income, "收入总计", "总计")
        b = _find(spent, "支出总计", "总计")
        if a is None or b is None or same_figure(a.cells[0], b.cells[0]):
            continue
        yield Hit(
            "B007",
            b.cells[0].start,
            b.cells[0].end,
            f"{table_name(spent)}: {b.label} {_raw(b.cells[0], spent.unit)} differs from "
            f"{a.label} {_raw(a.cells[0], income.unit)}",
            expected=_raw(a.cells[0], income.unit),
            found=_raw(b.cells[0], spent.unit),
        )


def check_summary_items(doc: Document) -> Iterator[Hit]:
    """B008 the numbered items of one side of a summary table do not add up to its total."""
    for table in doc.tables:
        if table.kind == "summary-income":
            labels = ("本年收入合计", "收入合计", "收入总计")
        elif table.kind == "summary-expenditure":
            labels = ("本年支出合计", "支出合计", "支出总计")
        else:
            continue
        total = _find(table, *labels)
        if total is None:
            continue
        items = _items_above(table, total)
        if items is None:
            continue
        cells = [r.cells[0] for r in items if r.cells]
        if not cells or adds_up(total.cells[0], cells):
            continue
        yield Hit(
            "B008",
            total.cells[0].start,
            total.cells[0].end,
            f"{table_name(table)}: {total.label} is not the sum of its {len(items)} numbered items",
            expected=sum_shown(cells, table.unit),
            found=_raw(total.cells[0], table.unit),
        )


def _items_above(table: Table, total: TableRow) -> list[TableRow] | None:
    """一、二、三、… above the total, numbered without a gap; None when the list is in doubt."""
    items: list[TableRow] = []
    for r in table.rows:
        if r is total:
            break
        label = _plain(r.label)
        m = _CN_ORDINAL.match(label)
        if m:
            if _cn_number(m.group(1)) != len(items) + 1:
                return None  # an item we did not read (a label wrapped over lines, say)
            items.append(r)
        elif r.cells and not _ARABIC_ORDINAL.match(label):
            return None  # figures outside the numbered list (结转, a wrapped label …)
    return items if len(items) >= 2 else None


# ---------------------------------------------------------------- B003 (summary tables)


def check_summary_row_splits(doc: Document) -> Iterator[Hit]:
    """B003 a row of a summary table's expenditure side whose 合计 is not the sum of its
    人员经费, 公用经费 and 项目支出 (an empty part vanished from the row: it adds nothing)."""
    for table in doc.tables:
        if table.kind != "summary-expenditure" or table.columns != SPLIT_COLUMNS:
            continue
        for row in table.rows:
            if not 2 <= len(row.cells) <= len(SPLIT_COLUMNS):
                continue
            total, parts = row.cells[0], list(row.cells[1:])
            if adds_up(total, parts):
                continue
            yield Hit(
                "B003",
                total.start,
                parts[-1].end,
                f"{row.label}: 合计 is not 基本支出 (人员经费 + 公用经费) + 项目支出 in "
                f"{table_name(table)}",
                expected=sum_shown(parts, table.unit),
                found=_raw(total, table.unit),
            )


# ---------------------------------------------------------------- B009


def check_summary_vs_tables(doc: Document) -> Iterator[Hit]:
    """B009 a summary table gives a figure that the detailed tables of the same scope do not.

    The function classes of the summary's expenditure side are held against the class rows of
    every function table whose 合计 is the summary's 本年支出合计 (same money); the 人员经费 /
    公用经费 split of its total against the economic table's 合计 row.
    """
    function = [t for t in doc.tables if t.kind == "function"]
    reported_at_text: set[int] = set()
    for table in doc.tables:
        if table.kind != "summary-expenditure":
            continue
        total = _find(table, "本年支出合计", "支出合计", "支出总计")
        if total is None:
            continue
        same = [t for t in function if (tt := _table_total(t)) and same_figure(tt, total.cells[0])]
        classes: dict[str, list[TableRow]] = {}  # the class rows of those tables by label, in order
        for t in same:
            for r in t.rows:
                if r.code and len(r.code) == 3 and r.cells:
                    classes.setdefault(r.label, []).append(r)
        for row in table.rows:
            if not row.cells or row.total:
                continue
            label = _CN_ORDINAL.sub("", _plain(row.label))
            details = classes.get(label, [])
            if not details or any(same_figure(r.cells[0], row.cells[0]) for r in details):
                continue
            yield from _class_hit(doc, table, row, label, details[0], reported_at_text)
        yield from _split_hit(doc, table, total)


def _table_total(table: Table) -> Cell | None:
    row = next((r for r in table.rows if r.total and r.cells), None)
    return row.cells[0] if row else None


def _class_hit(
    doc: Document, table: Table, row: TableRow, label: str, detail: TableRow, done: set[int]
) -> Iterator[Hit]:
    cell, want = row.cells[0], detail.cells[0]
    # When the text states the summary's figure too, the narrative is where it is read (and
    # fixed): one finding there, not one per summary table.
    for ref in doc.subject_refs:
        if ref.name != label or ref.code not in ("", detail.code):
            continue
        for amount in ref.amounts:
            if amount.value == cell.value:
                if amount.start not in done:
                    done.add(amount.start)
                    yield Hit.at(
                        "B009",
                        amount,
                        f"the text and {table_name(table)} give {label} {amount.raw}, the detailed "
                        f"tables {detail.code} {_raw(want, None)}万元",
                        expected=f"{want.value}万元",
                    )
                return
    yield Hit(
        "B009",
        cell.start,
        cell.end,
        f"{label} is {_raw(cell, table.unit)} in {table_name(table)} but "
        f"{detail.code} {want.value}万元 in the detailed tables of the same total",
        expected=f"{want.value}万元",
        found=_raw(cell, table.unit),
    )


def _split_hit(doc: Document, table: Table, total: TableRow) -> Iterator[Hit]:
    for econ in doc.tables:
        if econ.kind != "economic" or econ.columns[-3:] != ("合计", "人员经费", "公用经费"):
            continue
        row = next((r for r in econ.rows if r.total and len(r.cells) == 3), None)
        if row is None:
            continue
        basic, staff, running = row.cells
        cells = total.cells[1:]
        pairs = [(a, b) for a, b in pairwise(cells) if (spread(a) + spread(b)).meets(spread(basic))]
        if len(pairs) != 1:
            continue
        a, b = pairs[0]
        if same_figure(a, staff) and same_figure(b, running):
            continue
        yield Hit(
            "B009",
            a.start,
            b.end,
            f"{table_name(table)} splits {total.label} into 人员经费 {_raw(a, table.unit)} and 公用经费 "
            f"{_raw(b, table.unit)}, {table_name(econ)} into {_raw(staff, econ.unit)} and "
            f"{_raw(running, econ.unit)}",
            expected=f"{staff.raw} / {running.raw}",
            found=f"{a.raw} / {b.raw}",
        )
        return


# ---------------------------------------------------------------- B010 / B011 / B012


def _sangong(doc: Document) -> Iterator[tuple[Table, dict[str, Cell]]]:
    for t in doc.tables:
        if t.kind != "sangong":
            continue
        row = next((r for r in t.rows if r.cells), None)
        if row is not None and len(row.cells) == len(t.columns):
            yield t, _row_cells(t, row)


def _sangong_rows(doc: Document) -> Iterator[tuple[Table, dict[str, Cell]]]:
    """Every full row of every 三公 table (a table may give one row a year)."""
    for t in doc.tables:
        if t.kind == "sangong":
            for row in t.rows:
                if row.cells and len(row.cells) == len(t.columns):
                    yield t, _row_cells(t, row)


def _row_cells(table: Table, row: TableRow) -> dict[str, Cell]:
    cells = dict(zip(table.columns, row.cells, strict=True))
    # An empty cell under a header column is a printed nothing: 0, exactly as precise as the
    # row's figures; it has no place of its own, so it points at the row.
    decimals = max(c.decimals for c in row.cells)
    first = row.cells[0]
    for c in table.blank:
        cells[c] = Cell(ZERO, decimals, first.start, first.end, "")
    return cells


def check_sangong_table(doc: Document) -> Iterator[Hit]:
    """B010 the 三公 table does not add up (read only where the header fixes the columns)."""
    for table, cells in _sangong_rows(doc):
        if not table.complete:
            continue  # the column order was chosen because it adds up
        parts = ("car_purchase", "car_operation")
        if "car_total" in cells and all(p in cells for p in parts):
            whole, items = cells["car_total"], [cells[p] for p in parts]
            if not adds_up(whole, items):
                yield _sum_hit(table, whole, items, "公务用车购置及运行费 ≠ 购置费 + 运行费")
                continue
        if all(i in cells for i in _ITEMS):
            whole, items = cells["sangong"], [cells[i] for i in _ITEMS]
            if not adds_up(whole, items):
                yield _sum_hit(table, whole, items, "“三公”经费合计 ≠ the sum of its three items")


def _sum_hit(table: Table, whole: Cell, items: list[Cell], what: str) -> Hit:
    return Hit(
        "B010",
        whole.start,
        whole.end,
        f"{what} in {table_name(table)}",
        expected=sum_shown(items, table.unit),
        found=_raw(whole, table.unit),
    )


def check_sangong_text(doc: Document) -> Iterator[Hit]:
    """B011 the text gives a 三公 item or 机关运行经费 another figure than the 三公 table.

    Only for a table the text is about: the text states its 合计, or most of the items the text
    states agree with it (same scope and year). A disagreement is reported at the table's cell
    and at the text's figure — 表文不一致 is mended in one of the two — except where the text's
    own 购置费 + 运行费 give the table's figure: then the text's total is the odd one out.
    """
    current: dict[str, list[Quantity]] = {}
    for m in doc.facts.mentions:
        if m.concept in _NAMES and m.period == "current" and m.quantity.measure == "money":
            current.setdefault(m.concept, []).append(m.quantity)
    for table, cells in _sangong(doc):
        stated = {c: cell for c, cell in cells.items() if current.get(c)}
        agree = {c for c, cell in stated.items() if any(_near(q, cell) for q in current[c])}
        if not ("sangong" in agree or (len(agree) >= 2 and 2 * len(agree) > len(stated))):
            continue
        for concept, cell in stated.items():
            if concept in agree:
                continue
            said = current[concept]
            shown = _raw(cell, table.unit)
            if cell.raw and not (concept == "car_total" and _parts_agree(current, cell)):
                text = ", ".join(dict.fromkeys(q.raw for q in said))
                yield Hit(
                    "B011",
                    cell.start,
                    cell.end,
                    f"{_NAMES[concept]} is {shown} in {table_name(table)} but the text says {text}",
                    expected=said[0].raw,
                    found=shown,
                )
            for q in said:
                yield Hit.at(
                    "B011",
                    q,
                    f"the text gives {_NAMES[concept]} {q.raw}, {table_name(table)} {shown}",
                    expected=shown,
                )


def _parts_agree(current: dict[str, list[Quantity]], cell: Cell) -> bool:
    parts = [current.get("car_purchase", []), current.get("car_operation", [])]
    if not all(len(p) == 1 for p in parts):
        return False
    acc = spread(parts[0][0]) + spread(parts[1][0])
    return acc.meets(spread(cell))


def _near(q: Quantity, cell: Cell) -> bool:
    if q.decimals == cell.decimals:
        return q.value == cell.value  # the same figure at the same precision: the same digits
    if q.decimals > cell.decimals:
        return spread(q).meets(spread(cell))
    slack = Decimal(1).scaleb(-q.decimals)  # the text rounds (or cuts) the table's figure: 尾差
    return Interval(q.value - slack, q.value + slack).meets(spread(cell))


def check_empty_note(doc: Document) -> Iterator[Hit]:
    """B012 a note calls the table above it empty, yet the table shows figures."""
    for table in doc.tables:
        notes = [r for r in table.rows if not r.cells and "空表" in r.label]
        figures = [c for r in table.rows for c in r.cells if c.value != 0]
        if not notes or not figures:
            continue
        yield Hit(
            "B012",
            notes[0].start,
            notes[0].end,
            f"the note says the table is empty, but {table_name(table)} shows "
            f"{len(figures)} non-zero figure{'s' if len(figures) > 1 else ''}",
            expected="no 空表 note, or a table without figures",
            found=notes[0].label,
        )


CHECKS = (
    check_summary_balance,
    check_summary_items,
    check_summary_row_splits,
    check_summary_vs_tables,
    check_sangong_table,
    check_sangong_text,
    check_empty_note,
)
