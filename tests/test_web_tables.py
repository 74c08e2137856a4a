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


SUMMARY_PIPES = """二、公开表格
1.《收入支出决算总表》
单位名称:某某医院 单位:万元
收入 | 支出 | ||||
项目 | 行次 | 金额 | 项目 | 行次 | 金额 |
一、财政拨款收入 | 1 | {fiscal} | 一、一般公共服务支出 | 20 | |
二、事业收入 | 2 | 900.00 | 二、卫生健康支出 | 21 | 1050.00 |
3 | 三、其他支出 | 22 | |||
本年收入合计 | 10 | 1000.00 | 本年支出合计 | 30 | 1050.00 |
用事业基金弥补收支差额 | 11 | 40.00 | 结余分配 | 31 | |
年初结转和结余 | 12 | {carried} | 年末结转和结余 | 32 | {left} |
总计 | 13 | 1100.00
"""
GOOD_SUMMARY = {"fiscal": "100.00", "carried": "60.00", "left": "50.00"}


def summary_codes(text: str) -> list[tuple[str, int]]:
    report = budgetaudit.audit_text(text)
    assert report.error is None
    return sorted((f.code, f.line) for f in report.findings if f.code.startswith("B"))


def test_a_summary_table_with_pipes_and_row_numbers_is_read() -> None:
    text = SUMMARY_PIPES.format(**GOOD_SUMMARY)
    tables = {t.kind: t for t in find_tables(normalize(text), 2026).tables}
    income = tables["summary-income"]
    assert [(r.label, [c.raw for c in r.cells]) for r in income.rows if r.cells] == [
        ("一、财政拨款收入", ["100.00"]),
        ("二、事业收入", ["900.00"]),
        ("本年收入合计", ["1000.00"]),
        ("用事业基金弥补收支差额", ["40.00"]),
        ("年初结转和结余", ["60.00"]),
        ("总计", ["1100.00"]),
    ]
    assert summary_codes(text) == []


def test_summary_items_with_pipes_must_add_up() -> None:
    lines = SUMMARY_PIPES.format(**{**GOOD_SUMMARY, "fiscal": "150.00"}).split("\n")
    row = next(k for k, s in enumerate(lines) if s.startswith("本年收入合计")) + 1
    assert ("B008", row) in summary_codes("\n".join(lines))


def test_the_grand_total_is_the_years_total_plus_the_rows_below_it() -> None:
    lines = SUMMARY_PIPES.format(**{**GOOD_SUMMARY, "carried": "80.00"}).split("\n")
    assert summary_codes("\n".join(lines)) == [("B014", len(lines) - 1)]


def test_a_side_without_its_grand_total_is_held_against_the_other_sides() -> None:
    lines = SUMMARY_PIPES.format(**{**GOOD_SUMMARY, "left": "70.00"}).split("\n")
    row = next(k for k, s in enumerate(lines) if s.startswith("本年收入合计")) + 1
    assert summary_codes("\n".join(lines)) == [("B014", row)]


def test_a_sub_row_between_the_totals_leaves_the_grand_total_unchecked() -> None:
    text = SUMMARY_PIPES.format(**{**GOOD_SUMMARY, "carried": "80.00"}).replace(
        "总计 | 13 |", "其中：财政拨款结转 | 13 | 20.00 |\n总计 | 14 |"
    )
    assert [c for c, _ in summary_codes(text) if c == "B014"] == []


def b015_lines(text: str) -> list[int]:
    return [f.line for f in budgetaudit.audit_text(text).findings if f.code == "B015"]


def test_the_rate_row_of_a_year_by_year_table_follows_from_its_year_rows() -> None:
    good = YEARS.format(prior=100)
    kinds = [t.kind for t in find_tables(normalize(good), 2026).tables]
    assert kinds == ["sangong", "sangong-change"]
    assert b015_lines(good) == []
    lines = good.replace("-33.33", "-43.33").split("\n")
    assert b015_lines("\n".join(lines)) == [lines.index("-43.33") + 1]


def test_rates_are_checked_at_the_printed_precision_of_the_figures() -> None:
    # 70 → 70 printed in whole 万元 may be 69.6 → 70.4: a rate of 0.50% is possible.
    assert b015_lines(YEARS.format(prior=100).replace("\n0.00\n", "\n0.50\n")) == []
