"""Tables of web pages copied as text, one cell per line (issue 3, injected errors).

Two layouts: one row per item (``名称 |`` then its figure cells) and one row per year under a
header of item names. Every text here is invented for the tests.
"""

from __future__ import annotations

import budgetaudit
from budgetaudit.normalize import normalize
from budgetaudit.tables import find_tables

ROWS = """某区2026年“三公”经费预算表
单位：万元
项目 |
预算数 |
合计 |
{total} |
1.因公出国(境)费用 |
10 |
2.公务接待费 |
30 |
3.公务用车购置及运行维护费 |
{car} |
其中：公务用车运行维护费 |
50 |
公务用车购置 |
{purchase} |
"""

ROWS_WIDE = """2025年度全区“三公”经费决算情况
经费项目 |
2025年度支出 (万元) |
支出减少率 |
因公出国(境)费 |
0 |
0% |
公务接待费 |
12.5 |
- |
公务用车购置及运行维护费 |
40.25 |
- |
总“三公”经费支出 |
{total} |
- |
"""

YEARS = """2026年决算数与2025年决算数对比情况
年度
|
合计
|
因公出国(境)经费
|
公务接待费
|
公车购置及运行维护费
|
合计
|
车辆购置
|
车辆运行
|
2025年
|
{prior}
|
10
|
20
|
70
|
30
|
40
|
2026年
|
90
|
5
|
15
|
70
|
20
|
50
|
2026年比2025年增减%
|
-10.00
|
-50.00
|
-25.00
|
0.00
|
-33.33
|
25.00
|
"""


def b010_lines(text: str) -> list[int]:
    report = budgetaudit.audit_text(text)
    assert report.error is None
    return [f.line for f in report.findings if f.code == "B010"]


def sangong(text: str, year: int = 2026) -> list:  # type: ignore[type-arg]
    return [t for t in find_tables(normalize(text), year).tables if t.kind == "sangong"]


def test_one_row_per_item_is_read_and_quiet_when_it_adds_up() -> None:
    text = ROWS.format(total=130, car=90, purchase=40)
    (table,) = sangong(text)
    assert table.columns == (
        "sangong",
        "abroad",
        "reception",
        "car_total",
        "car_operation",
        "car_purchase",
    )
    assert [c.raw for c in table.rows[0].cells] == ["130", "10", "30", "90", "50", "40"]
    assert b010_lines(text) == []


def test_one_row_per_item_that_does_not_add_up() -> None:
    lines = ROWS.format(total=130, car=90, purchase=45).split("\n")
    assert b010_lines("\n".join(lines)) == [lines.index("90 |") + 1]
    lines = ROWS.format(total=150, car=90, purchase=40).split("\n")
    assert b010_lines("\n".join(lines)) == [lines.index("150 |") + 1]


def test_several_figure_columns_read_the_first_and_take_the_unit_from_its_name() -> None:
    text = ROWS_WIDE.format(total="52.75")
    (table,) = sangong(text, 2025)
    assert table.unit == "万元"
    assert table.columns[-1] == "sangong"
    assert [c.raw for c in table.rows[0].cells] == ["0", "12.5", "40.25", "52.75"]
    assert b010_lines(text) == []
    wrong = ROWS_WIDE.format(total="62.75")
    assert b010_lines(wrong) == [wrong.split("\n").index("62.75 |") + 1]


def test_a_row_whose_name_is_not_an_item_leaves_the_table_unread() -> None:
    text = ROWS.format(total=130, car=90, purchase=40).replace("2.公务接待费", "2.会议费")
    assert sangong(text) == []


def test_every_year_row_must_add_up_not_only_the_documents_year() -> None:
    good = YEARS.format(prior=100)
    (table,) = sangong(good)
    assert [r.label for r in table.rows] == ["2026年", "2025年"]  # the 增减% row is no amount
    assert b010_lines(good) == []
    wrong = YEARS.format(prior=110)
    assert b010_lines(wrong) == [wrong.split("\n").index("110") + 1]
