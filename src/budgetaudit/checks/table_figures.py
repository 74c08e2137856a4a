"""How the table rules (B0xx) compare table figures and show them in their findings."""

from __future__ import annotations

from collections.abc import Sequence

from budgetaudit.intervals import ZERO, fmt, spread
from budgetaudit.model import TABLE_UNIT_POWERS, Cell, Table


def same_figure(a: Cell, b: Cell) -> bool:
    """One figure printed twice: equal digits at equal precision, else rounding-compatible."""
    if a.decimals == b.decimals:
        return a.value == b.value
    return spread(a).meets(spread(b))


def table_name(table: Table) -> str:
    return f"《{table.title}》" if table.title else "the table"


def shown(c: Cell, unit: str | None) -> str:
    """A cell as printed, with its table's unit."""
    return f"{c.raw}{unit or ''}"


def sum_shown(cells: Sequence[Cell], unit: str | None) -> str:
    """The sum of ``cells`` in their table's unit, at the finest precision printed among them."""
    total = sum((c.value for c in cells), ZERO)
    power = -TABLE_UNIT_POWERS.get(unit or "万元", 0)  # from 万元 back to the table's unit
    decimals = max((len(c.raw.split(".")[1]) if "." in c.raw else 0) for c in cells)
    return f"{fmt(total.scaleb(power), decimals)}{unit or ''}"
