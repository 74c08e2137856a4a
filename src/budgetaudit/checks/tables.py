"""Rules on the standard tables (B0xx): they must foot, agree with each other and with the text.

Every comparison uses the printed precision of each figure (DOMAIN.md §4): a table in 元 with
two decimals is exact to ±0.005元; a figure in the text is exact to half its last digit, and a
difference of one unit in the text's last digit is rounding (尾差), never reported. A table in
which some line with figures could not be read as a row is not footed at all: a row we missed
would make a true sum look wrong.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from budgetaudit.checks.hit import Hit
from budgetaudit.checks.table_figures import same_figure, shown, sum_shown, table_name
from budgetaudit.intervals import Interval, adds_up, fmt, spread
from budgetaudit.model import Cell, Document, Table, TableRow

# Column pairs a total column splits into, as named in the header (合计 = 基本 + 项目 …).
_SPLITS = (("合计", "基本支出", "项目支出"), ("合计", "人员经费", "公用经费"))


def _wan(value: Decimal) -> str:
    return fmt(value, 2) + "万元"


def check_footing(doc: Document) -> Iterator[Hit]:
    """B001 a subject ≠ the sum of its sub-subjects; B002 合计 ≠ the sum of the classes."""
    for table in doc.tables:
        if not table.complete:
            continue
        coded = [r for r in table.rows if r.code]
        by_code = {r.code: r for r in coded}
        # A sub-subject's code is its parent's plus two digits: rows grouped by that prefix
        # (in table order), instead of scanning every row for every parent.
        kids: dict[str, list[TableRow]] = {}
        for r in coded:
            assert r.code is not None
            kids.setdefault(r.code[:-2], []).append(r)
        for parent in coded:
            assert parent.code is not None
            children = kids.get(parent.code, [])
            yield from _foot(table, parent, children, "B001", f"{parent.code} {parent.label}")
        if not coded:
            continue
        top = min(len(r.code or "") for r in coded)
        classes = [r for r in coded if len(r.code or "") == top]
        if len(by_code) != len(coded):
            continue  # a code repeated: two tables run together; do not add them up
        for total in (r for r in table.rows if r.total):
            yield from _foot(table, total, classes, "B002", total.label)


def _foot(
    table: Table, parent: TableRow, children: list[TableRow], code: str, what: str
) -> Iterator[Hit]:
    if not children or any(len(c.cells) != len(parent.cells) for c in children):
        return  # an empty cell dropped somewhere: the columns do not line up
    for k, cell in enumerate(parent.cells):
        parts = [c.cells[k] for c in children]
        if adds_up(cell, parts):
            continue
        column = table.columns[k] if k < len(table.columns) and _columns_line_up(table) else None
        where = f" ({column})" if column else f" (column {k + 1})"
        yield Hit(
            code,
            cell.start,
            cell.end,
            f"{what}{where} is not the sum of its {len(parts)} "
            f"{'sub-subjects' if code == 'B001' else 'classes'} in {table_name(table)}",
            expected=sum_shown(parts, table.unit),
            found=shown(cell, table.unit),
        )
        return  # one hit per row is enough to send the reader to it


def _columns_line_up(table: Table) -> bool:
    width = max((len(r.cells) for r in table.rows), default=0)
    return len(table.columns) == width


def check_row_splits(doc: Document) -> Iterator[Hit]:
    """B003 a row's 合计 ≠ 基本支出 + 项目支出 (or 人员经费 + 公用经费)."""
    for table in doc.tables:
        if table.kind not in ("function", "economic"):
            continue
        split = _split_columns(table.columns)
        if split is None:
            continue
        for row in table.rows:
            if len(row.cells) != 3:
                continue
            total, a, b = row.cells
            if adds_up(total, (a, b)):
                continue
            yield Hit(
                "B003",
                total.start,
                b.end,
                f"{row.label}: {split[0]} is not {split[1]} + {split[2]} in {table_name(table)}",
                expected=sum_shown([a, b], table.unit),
                found=shown(total, table.unit),
            )


def _split_columns(columns: tuple[str, ...]) -> tuple[str, str, str] | None:
    for names in _SPLITS:
        # The last 合计 in the header heads the numeric columns (an earlier one may be a
        # group title such as 一般公共预算 … 合计).
        if names[0] not in columns:
            continue
        i = len(columns) - 1 - columns[::-1].index(names[0])
        if columns[i + 1 : i + 3] == names[1:] and len(columns) == i + 3:
            return names
    return None


def check_text_vs_tables(doc: Document) -> Iterator[Hit]:
    """B004 the text gives a coded subject another amount than the tables; B005 another name."""
    function_tables = [t for t in doc.tables if t.kind == "function"]
    if not function_tables:
        return
    rows: dict[str, list[tuple[Table, TableRow]]] = {}
    for t in function_tables:
        for r in t.rows:
            if r.code:
                rows.setdefault(r.code, []).append((t, r))
    by_label: dict[str, set[str]] = {}
    for code, found in rows.items():
        for _, r in found:
            by_label.setdefault(r.label, set()).add(code)
    reported: set[tuple[str, str]] = set()  # (code, amount): a block printed twice, one hit
    for ref in doc.subject_refs:
        code = ref.code
        if not code:  # named without its code: the name must pick one subject
            codes = by_label.get(ref.name, set())
            if len(codes) > 1 and ref.parent:
                # "…组织事务（款）一般行政管理事务（项）": the 款 row of that name decides
                codes = {
                    c
                    for c in codes
                    if len(c) == 7 and any(r.label == ref.parent for _, r in rows.get(c[:5], []))
                }
            if len(codes) != 1:
                continue
            code = next(iter(codes))
        found = rows.get(code)
        if not found:
            continue
        labels = {r.label for _, r in found}
        if (
            ref.code
            and ref.name not in labels
            and not any(ref.name in label or label in ref.name for label in labels)
        ):
            label = sorted(labels)[0]
            yield Hit(
                "B005",
                ref.name_start,
                ref.name_end,
                f"subject {code} is called '{ref.name}' here but '{label}' in the tables",
                expected=label,
                found=ref.name,
            )
        cells = [c for t, r in found if t.unit for c in r.cells]
        if not cells:
            continue
        for amount in ref.amounts:
            slack = Decimal(1).scaleb(-amount.decimals)  # one unit of the last digit: 尾差
            near = Interval(amount.value - slack, amount.value + slack)
            if any(near.meets(spread(c)) for c in cells) or (code, amount.raw) in reported:
                continue
            reported.add((code, amount.raw))
            row = found[0][1]
            yield Hit.at(
                "B004",
                amount,
                f"the text gives {code} {row.label} {amount.raw}, the tables "
                f"{_wan(row.cells[0].value) if row.cells else 'another figure'}",
                expected=_wan(row.cells[0].value) if row.cells else None,
            )


def check_cross_tables(doc: Document) -> Iterator[Hit]:
    """B006 one subject with two 合计 figures in two tables of the same scope.

    Tables are of one scope when their 合计 rows agree (the income and expenditure tables of a
    department whose whole budget is 财政拨款, say); then every subject's first column, its
    合计, must agree too — digit for digit when printed alike: it is the same figure.
    """
    tables = [t for t in doc.tables if t.kind == "function" and t.columns[:1] in (("合计",), ())]
    totals: list[tuple[Table, Cell]] = []
    for t in tables:
        tot = next((r for r in t.rows if r.total and r.cells), None)
        if tot is not None:
            totals.append((t, tot.cells[0]))
    seen: set[tuple[int, str]] = set()
    for i, (a, ta) in enumerate(totals):
        for b, tb in totals[i + 1 :]:
            if a.unit != b.unit or ta.raw != tb.raw:
                continue
            first = {r.code: r for r in a.rows if r.code and r.cells}
            for r in b.rows:
                other = first.get(r.code) if r.code else None
                if other is None or not r.cells or (id(b), r.code or "") in seen:
                    continue
                if same_figure(r.cells[0], other.cells[0]):
                    continue
                seen.add((id(b), r.code or ""))
                yield Hit(
                    "B006",
                    r.cells[0].start,
                    r.cells[0].end,
                    f"{r.code} {r.label} is {shown(r.cells[0], b.unit)} in {table_name(b)} but "
                    f"{shown(other.cells[0], a.unit)} in {table_name(a)}, whose 合计 is the same",
                    expected=shown(other.cells[0], a.unit),
                    found=shown(r.cells[0], b.unit),
                )


# Sub-columns of 财政拨款: a table that has them lists 财政拨款 twice (its total and its parts).
_FUND_PARTS = ("一般公共预算", "政府性基金", "国有资本经营")


def check_income_sources(doc: Document) -> Iterator[Hit]:
    """B013 a row of the 收入总表 whose 合计 is not the sum of its sources (财政拨款 + 事业收入 …).

    Empty cells vanish from the text, but an empty source adds nothing, so a row still foots
    as printed; a table that also splits 财政拨款 into its funds is not footed (its total and
    its parts would both be added).
    """
    for table in doc.tables:
        title = table.title or ""
        if table.kind != "function" or "收入" not in title or "支出" in title:
            continue
        if table.columns[:2] != ("合计", "财政拨款") or set(table.columns) & set(_FUND_PARTS):
            continue
        for row in table.rows:
            if len(row.cells) < 3:
                continue
            total, parts = row.cells[0], list(row.cells[1:])
            if adds_up(total, parts):
                continue
            yield Hit(
                "B013",
                total.start,
                total.end,
                f"{row.label}: 合计 is not the sum of its {len(parts)} sources in {table_name(table)}",
                expected=sum_shown(parts, table.unit),
                found=shown(total, table.unit),
            )
