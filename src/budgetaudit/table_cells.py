"""What the table readers share: cells and rows built fast, lines found by a word.

A document's tables hold ≈ 80 cells and ≈ 30 rows, built by :func:`model.new_frozen`
(tests/test_table_cells.py holds them to the classes' own constructors).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from decimal import Decimal

from budgetaudit.model import Cell, TableRow, new_frozen


def new_cell(value: Decimal, decimals: int, start: int, end: int, raw: str) -> Cell:
    """``Cell(value, decimals, start, end, raw)``, built faster."""
    return new_frozen(Cell, value=value, decimals=decimals, start=start, end=end, raw=raw)


def new_row(
    code: str | None, label: str, cells: tuple[Cell, ...], start: int, end: int, total: bool
) -> TableRow:
    """``TableRow(code, label, cells, start, end, total)``, built faster."""
    return new_frozen(
        TableRow, code=code, label=label, cells=cells, start=start, end=end, total=total
    )


def lines_holding(text: str, starts: Sequence[int], *words: str) -> list[int]:
    """The indices of the lines of ``text`` (starting at ``starts``) that hold one of ``words``,
    in order: ``[k for k, line in enumerate(lines) if any(w in line for w in words)]``, found
    by searching the text (a few lines hold one: testing every line cost more, most of all in
    long documents). No word may hold a line break."""
    found: set[int] = set()
    last = len(starts) - 1
    for word in words:
        at = text.find(word)
        while at >= 0:
            k = bisect_right(starts, at) - 1
            found.add(k)
            at = text.find(word, starts[k + 1]) if k < last else -1  # on from the next line
    return sorted(found)
