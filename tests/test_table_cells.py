"""The fast Cell and TableRow builders give what the dataclasses' own constructors give."""

from __future__ import annotations

import dataclasses
import pickle
from decimal import Decimal

from budgetaudit.model import Cell, TableRow
from budgetaudit.table_cells import new_cell, new_row


def test_new_cell_is_cell() -> None:
    args = (Decimal("12.50"), 2, 10, 15, "12.50")
    fast, slow = new_cell(*args), Cell(*args)
    assert type(fast) is Cell
    assert fast == slow and hash(fast) == hash(slow) and vars(fast) == vars(slow)
    assert list(vars(fast)) == [f.name for f in dataclasses.fields(Cell)]
    assert pickle.loads(pickle.dumps(fast)) == slow
    assert fast.half_ulp == slow.half_ulp


def test_new_row_is_table_row() -> None:
    cells = (new_cell(Decimal(1), 0, 3, 4, "1"),)
    for args in (("204", "公共安全支出", cells, 0, 20, False), (None, "合计", (), 21, 30, True)):
        fast, slow = new_row(*args), TableRow(*args)
        assert type(fast) is TableRow
        assert fast == slow and hash(fast) == hash(slow) and vars(fast) == vars(slow)
        assert list(vars(fast)) == [f.name for f in dataclasses.fields(TableRow)]
        assert dataclasses.replace(fast, cells=()) == dataclasses.replace(slow, cells=())


def test_no_post_init() -> None:
    # The builders skip __init__: a __post_init__ added to either class would be skipped too.
    assert not hasattr(Cell, "__post_init__") and not hasattr(TableRow, "__post_init__")
