"""The two-sided summary tables and the “三公” table: reading them, and rules B007–B012.

Every text here is written for the tests; the corpus checks at the end read ../shared/corpus
(skipped when it is absent) and only assert on findings, never copy its text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import budgetaudit
from budgetaudit.cli import app
from budgetaudit.normalize import normalize
from budgetaudit.tables import find_tables

NEW = {"B007", "B008", "B009", "B010", "B011", "B012"}

SUMMARY = """某区园林局2026年部门收支预算总表
单位：万元
本年收入   本年支出
一、财政拨款收入   300.00   一、一般公共服务支出   200.00
二、事业收入   20.00   二、教育支出   120.00
收入总计   320.00   支出总计   320.00
"""

FUNCTION_TABLE = """某区园林局2026年部门支出预算总表
单位：万元
科目名称   合计
201   一般公共服务支出   200.00
201   03   政府办公厅（室）及相关机构事务   200.00
205   教育支出   120.00
205   08   进修及培训   120.00
合计   320.00
"""

SANGONG_CELLS = """2026年“三公”经费预算表
单位：万元
“三公”经费合计 |
因公出国(境)费 |
公务用车购置及运行费 |
公务接待费 ||
小计 |
公务用车购置费 |
公务用车运行费 |||
{total} |
0 |
75 |
50 |
{running} |
4 |
2026年“三公”经费预算{total}万元，其中：公务用车购置费{p}万元，公务用车运行费{r}万元。
"""

SANGONG_LAYOUT = """部门“三公”经费和机关运行经费预算表
单位:万元
                                        2026年机关运行经
                                        费预算数
   合计      因公出国(境)费      公务接待费
                    公务用车购置及运行费
          小计      购置费      运行费
{row}
{note}
2026年“三公”经费预算数为47.91万元。其中：公务用车购置费25万元，公务用车运行费21.56万元。机关运行经费预算为{admin}万元。
"""


def codes(text: str) -> list[tuple[str, int]]:
    report = budgetaudit.audit_text(text)
    assert report.error is None
    return sorted((f.code, f.line) for f in report.findings if f.code in NEW)


def test_a_summary_that_adds_up_and_agrees_is_quiet() -> None:
    assert codes(SUMMARY + FUNCTION_TABLE) == []


def test_summary_sides_and_items() -> None:
    kinds = {t.kind: t for t in find_tables(normalize(SUMMARY), 2026).tables}
    income, spent = kinds["summary-income"], kinds["summary-expenditure"]
    assert [(r.label, [c.raw for c in r.cells]) for r in income.rows if r.cells] == [
        ("一、财政拨款收入", ["300.00"]),
        ("二、事业收入", ["20.00"]),
        ("收入总计", ["320.00"]),
    ]
    assert [r.label for r in spent.rows if r.cells] == [
        "一、一般公共服务支出",
        "二、教育支出",
        "支出总计",
    ]


def test_totals_that_do_not_balance() -> None:
    text = SUMMARY.replace("支出总计   320.00", "支出总计   330.00")
    found = budgetaudit.audit_text(text).findings
    b007 = [f for f in found if f.code == "B007"]
    assert len(b007) == 1 and b007[0].line == 6 and b007[0].found == "330.00万元"
    assert b007[0].expected == "320.00万元"


def test_items_that_do_not_add_up() -> None:
    text = SUMMARY.replace("二、事业收入   20.00", "二、事业收入   10.00")
    assert ("B008", 6) in codes(text)
    assert "B007" not in {c for c, _ in codes(text)}  # 320 = 320 still


def test_an_unnumbered_figure_among_the_items_stops_the_sum() -> None:
    text = SUMMARY.replace("二、事业收入   20.00", "上年结转   20.00")
    assert codes(text) == []


def test_summary_class_differs_from_the_function_table() -> None:
    text = SUMMARY.replace("二、教育支出   120.00", "二、教育支出   120.01") + FUNCTION_TABLE
    found = [f for f in budgetaudit.audit_text(text).findings if f.code == "B009"]
    assert [(f.line, f.found, f.expected) for f in found] == [(5, "120.01万元", "120.00万元")]


def test_the_text_repeating_the_summary_figure_is_reported_instead() -> None:
    text = (
        SUMMARY.replace("二、教育支出   120.00", "二、教育支出   120.01")
        + FUNCTION_TABLE
        + "教育支出（类）120.01万元，主要用于培训。\n"
    )
    found = [f for f in budgetaudit.audit_text(text).findings if f.code == "B009"]
    assert len(found) == 1 and found[0].line == text.count("\n")


def test_a_table_of_another_total_is_not_compared() -> None:
    other = FUNCTION_TABLE.replace("合计   320.00", "合计   300.00").replace("120.00", "100.00")
    text = SUMMARY.replace("二、教育支出   120.00", "二、教育支出   120.01") + other
    assert "B009" not in {c for c, _ in codes(text)}


SPLIT = """某区园林局2026年部门财务收支预算总表
单位：元
本年收入   本年支出
项目   预算数   项目   合计   人员经费   公用经费   项目支出
一、财政拨款收入   1000.00   一、一般公共服务支出   1000.00   500   100   400
收入总计   1000.00   支出总计   1000.00   {staff}   {running}   400
某区园林局2026年一般公共预算基本支出经济分类预算表
单位：元
科目名称   合计   人员经费   公用经费
301   工资福利支出   500.00   500.00   0.00
301   01   基本工资   500.00   500.00   0.00
302   商品和服务支出   100.00   0.00   100.00
302   01   办公费   100.00   0.00   100.00
合计   600.00   500.00   100.00
"""


def test_staff_and_running_costs_split_as_in_the_economic_table() -> None:
    assert codes(SPLIT.format(staff=500, running=100)) == []
    found = [f for f in budgetaudit.audit_text(SPLIT.format(staff=520, running=80)).findings]
    b009 = [f for f in found if f.code == "B009"]
    assert len(b009) == 1 and b009[0].line == 6
    assert b009[0].found == "520 / 80" and b009[0].expected == "500.00 / 100.00"


def test_sangong_cells_read_in_header_order() -> None:
    text = SANGONG_CELLS.format(total=79, running=25, p=50, r=25)
    tables = find_tables(normalize(text), 2026).tables
    (table,) = [t for t in tables if t.kind == "sangong"]
    assert table.columns == (
        "sangong",
        "abroad",
        "car_total",
        "car_purchase",
        "car_operation",
        "reception",
    )
    assert [c.raw for c in table.rows[0].cells] == ["79", "0", "75", "50", "25", "4"]
    assert table.complete  # the order comes from the header alone
    assert codes(text) == []


def test_sangong_text_against_the_table() -> None:
    text = SANGONG_CELLS.format(total=79, running=25, p=25, r=50)
    found = codes(text)
    lines = text.split("\n")
    purchase_cell = lines.index("50 |") + 1
    text_line = len(lines) - 1
    assert ("B011", purchase_cell) in found and ("B011", purchase_cell + 1) in found
    assert found.count(("B011", text_line)) == 2  # both text figures


def test_a_sangong_table_that_does_not_add_up() -> None:
    text = SANGONG_CELLS.format(total=79, running=20, p=50, r=20)
    assert ("B010", text.split("\n").index("75 |") + 1) in codes(text)


def test_a_sangong_layout_is_read_by_the_order_that_adds_up() -> None:
    row = "   47.91      0      1.35      46.56      25      21.56      443.18"
    text = SANGONG_LAYOUT.format(row=row, note="", admin="443.18")
    (table,) = [t for t in find_tables(normalize(text), 2026).tables if t.kind == "sangong"]
    assert table.columns[-1] == "admin_running" and not table.complete
    assert dict(zip(table.columns, (c.raw for c in table.rows[0].cells), strict=True)) == {
        "sangong": "47.91",
        "abroad": "0",
        "reception": "1.35",
        "car_total": "46.56",
        "car_purchase": "25",
        "car_operation": "21.56",
        "admin_running": "443.18",
    }
    assert codes(text) == []
    wrong = SANGONG_LAYOUT.format(row=row, note="", admin="434.18")
    assert [c for c, _ in codes(wrong)] == ["B011", "B011"]


def test_a_row_with_vanished_cells_is_not_read() -> None:
    # the figures stand nowhere near the header names: no column is certain
    row = "   47.91      0      1.35      46.56             21.56      443.18"  # 购置 empty
    text = SANGONG_LAYOUT.format(row=row, note="", admin="1.00")
    assert not [t for t in find_tables(normalize(text), 2026).tables if t.kind == "sangong"]
    assert codes(text) == []


# A header as pdftotext -layout prints it: each name starts where its column starts, the figures
# are right-aligned under it, and empty cells leave only spaces.
SANGONG_PLACED = """2026年部门“三公”经费和机关运行经费预算表
单位:万元
                                                            机关运行经费预算
                                          公务用车购置及运行费
   合计        因公出国(境)费     公务接待费
                                     小计      购置费       运行费
{row}
2026年“三公”经费预算数为{total}万元。其中：因公出国（境）费{abroad}万元，公务接待费2.50万元，公务用车购置费0万元。机关运行经费预算为{admin}万元。
"""
PLACED_ROW = (
    "    {total:>6}       {abroad:>6}     {rec:>6}                                  {admin:>6}"
)


def test_a_row_with_vanished_cells_is_read_by_position() -> None:
    row = PLACED_ROW.format(total="12.50", abroad="10.00", rec="2.50", admin="98.20")
    text = SANGONG_PLACED.format(row=row, total="12.50", abroad="10.00", admin="98.20")
    (table,) = [t for t in find_tables(normalize(text), 2026).tables if t.kind == "sangong"]
    assert table.complete
    assert dict(zip(table.columns, (c.raw for c in table.rows[0].cells), strict=True)) == {
        "sangong": "12.50",
        "abroad": "10.00",
        "reception": "2.50",
        "admin_running": "98.20",
    }
    assert table.blank == ("car_total", "car_purchase", "car_operation")
    assert codes(text) == []


def test_column_names_that_start_together_give_no_positions() -> None:
    # a layout that put 小计 and 机关运行经费 at one column lost the places of the columns
    text = SANGONG_PLACED.replace(
        "                                                            机关运行经费预算",
        "                                     机关运行经费预算",
    )
    row = PLACED_ROW.format(total="12.50", abroad="10.00", rec="2.50", admin="98.20")
    text = text.format(row=row, total="12.50", abroad="10.00", admin="98.20")
    assert not [t for t in find_tables(normalize(text), 2026).tables if t.kind == "sangong"]


def test_blank_cells_count_as_zero() -> None:
    row_line = 7
    # the table's 合计 does not add up once the empty car cells are read as 0
    row = PLACED_ROW.format(total="14.50", abroad="10.00", rec="2.50", admin="98.20")
    text = SANGONG_PLACED.format(row=row, total="14.50", abroad="10.00", admin="98.20")
    assert ("B010", row_line) in codes(text)
    # the text states a figure the table leaves blank: reported at the text only
    row = PLACED_ROW.format(total="12.50", abroad="10.00", rec="2.50", admin="98.20")
    text = SANGONG_PLACED.format(row=row, total="12.50", abroad="10.00", admin="98.20")
    said = text.replace("公务用车购置费0万元", "公务用车购置费3万元")
    assert codes(said) == [("B011", row_line + 1)]
    # 机关运行经费 stated otherwise in the text
    row = PLACED_ROW.format(total="12.50", abroad="10.00", rec="2.50", admin="98.20")
    text = SANGONG_PLACED.format(row=row, total="12.50", abroad="10.00", admin="89.20")
    assert ("B011", row_line) in codes(text) and ("B011", row_line + 1) in codes(text)


def test_a_note_calling_a_full_table_empty() -> None:
    row = "   47.91      0      1.35      46.56      25      21.56      443.18"
    note = "注:本部门2026年无“三公”经费预算，故本表为空表。"
    text = SANGONG_LAYOUT.format(row=row, note=note, admin="443.18")
    assert codes(text) == [("B012", text.split("\n").index(note) + 1)]
    zero = "   0      0      0      0      0      0      0"
    assert codes(SANGONG_LAYOUT.format(row=zero, note=note, admin="0")) == []


def test_cli_reports_the_new_rules(tmp_path: Path) -> None:
    path = tmp_path / "budget.txt"
    path.write_text(SUMMARY.replace("支出总计   320.00", "支出总计   330.00"), encoding="utf-8")
    result = CliRunner().invoke(app, ["check", "--format", "json", str(path)])
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["files"][0]["findings"]
    # 330 is neither 收入总计 nor 200 + 120: both rules point at it.
    assert [(f["code"], f["line"]) for f in findings if f["code"] in NEW] == [
        ("B007", 6),
        ("B008", 6),
    ]


_CELL = st.sampled_from(
    ["合计", "小计", "购置费", "运行费", "公务接待费", "因公出国(境)费", "公务用车购置及运行费",
     "收入总计", "支出总计", "一、", "二、事业收入", "总计", "本表为空表", "|", "||", "0", "12.5",
     "-3", "2026年", "“三公”经费预算表", "收支总表", "机关运行经费", "   ", "\n", "\f"]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(_CELL, max_size=60))
def test_table_readers_never_crash(parts: list[str]) -> None:
    text = " ".join(parts)
    report = budgetaudit.audit_text(text)
    assert report.error is None


# ---------------------------------------------------------------- the corpus

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
EXPECTED = {
    "009-qujiang-district-sangong-final-2016.txt": {("B011", 47), ("B011", 49)},
    "063-shouxian-sifaju-sangong-budget-2022.txt": {("B011", 16)},
    "066-putuo-caizhengju-final-2024.txt": {("B009", 142), ("B009", 271)},
    "067-putuo-guihua-ziran-final-2024.txt": {("B009", 639)},
    "077-wanli-street-dept-budget-2024.txt": {("B012", 794)},
    "086-putuo-sifaju-unit-budget-2026.txt": {("B009", 122)},
}
QUIET = [
    "076-wanli-street-dept-budget-2023.txt",
    "078-wanli-street-dept-budget-2025.txt",
    "079-putuo-zhengfuban-dept-budget-2025.txt",
    "081-putuo-shangwuwei-dept-budget-2025.txt",
    "083-putuo-caizhengju-dept-budget-2025.txt",
    "084-shanghai-caizhengju-unit-budget-2025.txt",
    "085-putuo-sifaju-dept-budget-2026.txt",
    "087-putuo-fuliyuan-unit-budget-2024.txt",
    "068-putuo-shehui-gongzuobu-final-2024.txt",
]


def _corpus_codes(name: str) -> set[tuple[str, int]]:
    path = CORPUS / name
    if not path.exists():
        pytest.skip("corpus not available")
    report = budgetaudit.audit_path(str(path))
    return {(f.code, f.line) for f in report.findings if f.code in NEW}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_table_problems_are_found(name: str) -> None:
    assert EXPECTED[name] <= _corpus_codes(name)


@pytest.mark.parametrize("name", QUIET)
def test_corpus_tables_that_agree_stay_quiet(name: str) -> None:
    assert _corpus_codes(name) == set()


INCOME = """某区园林局2026年部门收入预算总表
单位：万元
科目名称   合计   财政拨款   {extra}事业收入   其他收入
201   一般公共服务支出   120.00   100.00   10.00   {other}
201   03   政府办公厅（室）及相关机构事务   120.00   100.00   10.00   {other}
合计   120.00   100.00   10.00   {other}
"""


def test_income_table_rows_foot_across_their_sources() -> None:
    assert "B013" not in {c for c, _ in codes_all(INCOME.format(extra="", other="10.00"))}
    found = codes_all(INCOME.format(extra="", other="5.00"))
    assert [line for code, line in found if code == "B013"] == [4, 5, 6]
    # 财政拨款 split into its funds as well: its total and its parts would both be added.
    split = INCOME.format(extra="一般公共预算   政府性基金   ", other="5.00")
    assert "B013" not in {c for c, _ in codes_all(split)}


def codes_all(text: str) -> list[tuple[str, int]]:
    return sorted((f.code, f.line) for f in budgetaudit.audit_text(text).findings)


SPLIT_SUMMARY = """某区档案馆2026年预算单位财务收支预算总表
单位：元
      本年收入                      本年支出
                                    预算数
   项目       预算数        项目               基本支出
                                     合计                   项目支出
                                          人员经费   公用经费
一、财政拨款收入   1,500,000.00 一、一般公共服务支出   1,200,000.00   700,000.00   100,000.00 {project}
二、事业收入         0.00 二、住房保障支出   300,000.00   300,000.00
收入总计   1,500,000.00 支出总计   1,500,000.00   1,000,000.00   100,000.00 400,000.00
"""


def test_summary_expenditure_rows_foot_across_the_split() -> None:
    good = SPLIT_SUMMARY.format(project="400,000.00")
    (spent,) = [
        t for t in find_tables(normalize(good), 2026).tables if t.kind == "summary-expenditure"
    ]
    assert spent.columns == ("合计", "人员经费", "公用经费", "项目支出")
    assert "B003" not in {c for c, _ in codes_all(good)}
    bad = SPLIT_SUMMARY.format(project="460,000.00")
    assert [line for code, line in codes_all(bad) if code == "B003"] == [8]


def test_a_summary_with_other_columns_is_not_footed_across() -> None:
    text = SPLIT_SUMMARY.format(project="460,000.00").replace("预算数\n", "上年预算数\n")
    assert "B003" not in {c for c, _ in codes_all(text)}
