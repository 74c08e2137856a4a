"""The facts the text checks read are extracted once, typed, and the checks report from them."""

from __future__ import annotations

from budgetaudit import audit_text
from budgetaudit.model import SourceText
from budgetaudit.pipeline import analyse


def _doc(text: str):  # type: ignore[no-untyped-def]
    return analyse(SourceText(path="<t>", text=text, encoding="utf-8"))


BUDGET = (
    "某某局2025年部门预算\n"
    "一、收支预算总体情况\n"
    "2025年收入预算100.00万元，比2025年预算增加10.00万元。\n"
    "项目实施期为2023年1月至2024年12月。\n"
)


def test_compared_years_are_facts_with_spans() -> None:
    doc = _doc(BUDGET)
    years = doc.facts.years
    assert [c.year for c in years.compared] == [2025]
    c = years.compared[0]
    assert doc.norm.text[c.start : c.end] == "2025年预算" and c.budget
    assert [(p.first, p.last) for p in years.periods] == [(2023, 2024)]
    assert years.published == ()  # looked for in final accounts only


def test_year_checks_report_from_the_facts() -> None:
    codes = {f.code for f in audit_text(BUDGET).findings}
    assert {"Y001", "Y004"} <= codes


def test_documents_without_a_year_have_no_year_facts() -> None:
    assert _doc("没有年份的文字，比2024年增加。\n").facts.years.compared == ()


PROJECT = (
    "某某局2025年部门预算\n"
    "一、项目支出情况\n"
    "（一）年度预算安排\n"
    "用于办公设备更新。\n"
    "（二）实施主体\n"
    "主要完成设备采购。\n"
    "二、支出表\n"
    "302   03   咨询费      1.00\n"
    "302   02   印刷费      1.00\n"
    "302   01   办公费      1.00\n"
)


def test_project_sections_and_economic_rows_are_facts() -> None:
    doc = _doc(PROJECT)
    kinds = {(s.kind, s.has_amount, s.describes_work) for s in doc.facts.project_sections}
    assert kinds == {("budget", False, False), ("body", False, True)}
    rows = doc.facts.economic_rows
    assert (rows[0].class_code, rows[0].item_code, rows[0].name) == ("302", "03", "咨询费")
    assert doc.norm.text[rows[0].start : rows[0].end].startswith("302")
    codes = {f.code for f in audit_text(PROJECT).findings}
    assert {"S007", "S008"} <= codes


def test_item_statements_are_facts() -> None:
    text = (
        "某某局2025年部门预算\n"
        "一、支出说明\n"
        "1.住房公积金（项）20.00万元。主要用于：事业单位医疗保险支出。\n"
        "二、其他\n"
    )
    doc = _doc(text)
    (item,) = doc.facts.item_texts
    assert item.name.endswith("住房公积金")
    (says,) = item.statements
    assert doc.norm.text[says.start : says.end] == says.text
    assert says.said == "事业单位医疗保险支出"


def test_numbered_lines_are_facts_and_restated_figures_compared() -> None:
    text = (
        "某某局2025年部门预算\n"
        "一、项目支出\n"
        "1、办公设备购置20.00万元。本年预算安排25.00万元。\n"
        "这一行没有编号10.00万元。\n"
    )
    doc = _doc(text)
    lines = doc.facts.numbered_lines
    starts = [doc.facts.sentences[n.sentence].start for n in lines]
    assert [doc.norm.text[s : s + 2] for s in starts] == ["一、", "1、"]
    assert all(doc.norm.text[n.line_end] == "\n" for n in lines)
    assert "D001" in {f.code for f in audit_text(text).findings}


def test_change_reasons_are_facts() -> None:
    text = (
        "某某局2025年部门预算\n"
        "一、支出预算\n"
        "2025年支出预算100.00万元，比上年增加10.00万元，增长11.11%，主要原因是事业收入增加。\n"
    )
    doc = _doc(text)
    (why,) = doc.facts.change_reasons
    assert doc.norm.text[why.start : why.end] == why.text
    assert why.income is not None and why.income[0] == "事业收入"
    assert doc.norm.text[why.income[1] : why.income[2]] == "事业收入"
    assert not why.use_only
    assert "R004" in {f.code for f in audit_text(text).findings}
