"""Required content (issue 7): each item present and missing, per kind; truncation; M030–M033.

The documents are invented and assembled from parts, one part per required item, so that
leaving a part out must produce exactly that item's code.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from budgetaudit import audit_text
from budgetaudit.cli import app
from budgetaudit.coverage import items

TITLE = {"预算": "澄湖市园林局2025年部门预算", "决算": "澄湖市园林局2024年度部门决算"}
WORD = {"预算": "预算", "决算": "决算"}


def _table(title: str, rows: str, note: str = "") -> str:
    return f"{title}\n单位：万元\n项目                预算数\n{rows}合计                {note}\n"


def parts(kind: str) -> dict[str, tuple[str, str]]:
    """item id → (title for the contents, text); the order is the document's."""
    w = WORD[kind]
    y = 2025 if kind == "预算" else 2024
    row = "一般公共预算拨款          300.00\n"
    out: dict[str, tuple[str, str]] = {
        "duties": ("部门职责", "本局主要职能是：负责全市公园绿地的规划与养护管理。\n"),
        "organisation": ("机构设置", "本局内设科室3个，分别为：办公室、计划财务科、绿化管理科。\n"),
        "overview": (
            f"收支{w}总体情况",
            f"{y}年本局收入{w}总计300.00万元，支出{w}总计300.00万元。\n",
        ),
        "change_reasons": ("", "支出比上年增加20.00万元，主要原因是新增古树名木保护项目。\n"),
        "table_summary": ("", _table(f"{y}年部门财务收支{w}总表", row)),
        "table_income": ("", _table(f"{y}年部门收入{w}总表", row)),
        "table_expenditure": ("", _table(f"{y}年部门支出{w}总表", row)),
        "table_fiscal": ("", _table(f"{y}年部门财政拨款收支{w}总表", row)),
        "table_general": ("", _table(f"{y}年一般公共预算支出功能分类{w}表", row)),
        "table_general_basic": ("", _table(f"{y}年一般公共预算基本支出经济分类{w}表", row)),
        "table_sangong": ("", _table(f"{y}年“三公”经费支出{w}表", "基本支出          6.00\n")),
        "table_gov_fund": (
            "",
            _table(
                f"{y}年政府性基金预算支出{w}表", "", "\n注：本局无政府性基金预算，故本表为空表。"
            ),
        ),
        "table_state_capital": (
            "",
            _table(
                f"{y}年国有资本经营预算支出{w}表",
                "",
                "\n注：本局无国有资本经营预算，故本表为空表。",
            ),
        ),
        "running_costs": ("机关运行经费", f"{y}年机关运行经费{w}25.00万元。\n"),
        "procurement": ("政府采购情况", f"{y}年政府采购{w}40.00万元。\n"),
        "assets": (
            "国有资产占有使用情况",
            f"截至{y}年底，本局国有资产占有使用良好，共有房屋1处。\n",
        ),
        "sangong": ("“三公”经费情况说明", f"{y}年“三公”经费{w}9.00万元，"),
        "sangong_abroad": ("", "其中：因公出国（境）费2.00万元，"),
        "sangong_cars": ("", "公务用车购置费0万元，公务用车运行费6.00万元，"),
        "sangong_reception": ("", "公务接待费1.00万元。\n"),
        "glossary": ("名词解释", "（一）基本支出：指保障机构正常运转的人员经费和公用经费。\n"),
    }
    if kind == "预算":
        out["performance_targets"] = ("绩效目标设置情况", "本局项目支出全部设置了绩效目标。\n")
    else:
        out["performance_evaluation"] = ("预算绩效管理情况", "本局对全部项目开展了绩效评价。\n")
        out["abroad_details"] = ("", "全年组织团组1个、3人次。\n")
        out["vehicle_details"] = ("", "年末公务用车保有量2辆，当年购置0辆。\n")
        out["reception_details"] = ("", "国内公务接待5批次、40人次。\n")
        # The details belong in the 三公 section: keep them ahead of the glossary.
        out = {k: out[k] for k in [*[k for k in out if k != "glossary"], "glossary"]}
    return out


def document(kind: str, without: str | None = None, cut: bool = False) -> str:
    chosen = {k: v for k, v in parts(kind).items() if k != without}
    toc = [title for title, _ in chosen.values() if title]
    lines = [TITLE[kind], "目  录"]
    lines += [f"{_cn(i + 1)}、{t}" for i, t in enumerate(toc)]
    body = []
    n = 0
    for title, text in chosen.values():
        if title:
            n += 1
            body.append(f"\n{_cn(n)}、{title}\n")
        body.append(text)
    text = "\n".join(lines) + "\n" + "".join(body)
    if cut:
        text = text.rstrip() + "\n截至本年末，本局共有在编人员"
    return text


def _cn(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    return ("" if n < 20 else digits[n // 10]) + "十" + (digits[n % 10] if n % 10 else "")


def codes(text: str) -> set[str]:
    return {f.code for f in audit_text(text, "doc.txt").findings if f.code.startswith("M")}


def required_ids(kind: str) -> list[str]:
    return [i.id for i in items() if kind in i.kinds]


def code_of(item_id: str) -> str:
    return next(i.code for i in items() if i.id == item_id)


@pytest.mark.parametrize("kind", ["预算", "决算"])
def test_complete_document_has_every_item(kind: str) -> None:
    report = audit_text(document(kind), "doc.txt")
    assert report.coverage is not None
    assert report.coverage.kind == kind
    assert report.coverage.missing == ()
    assert report.coverage.present == report.coverage.required == len(required_ids(kind))
    assert codes(document(kind)) == set()


@pytest.mark.parametrize(
    ("kind", "item_id"),
    [("预算", i) for i in required_ids("预算")] + [("决算", i) for i in required_ids("决算")],
)
def test_each_missing_item_is_reported_with_its_own_code(kind: str, item_id: str) -> None:
    text = document(kind, without=item_id)
    report = audit_text(text, "doc.txt")
    assert report.coverage is not None
    title = next(i.title for i in items() if i.id == item_id)
    assert report.coverage.missing == (title,)
    assert codes(text) == {code_of(item_id)}


def test_items_apply_to_their_kind_only() -> None:
    budget, final = set(required_ids("预算")), set(required_ids("决算"))
    assert "performance_targets" in budget - final
    assert {"performance_evaluation", "abroad_details", "vehicle_details"} <= final - budget


def test_truncated_document_is_one_info_and_no_missing_items() -> None:
    text = document("预算", without="glossary", cut=True)
    report = audit_text(text, "doc.txt")
    m = [f for f in report.findings if f.code.startswith("M")]
    assert [(f.code, f.severity.value) for f in m] == [("M033", "info")]
    assert m[0].line == text.count("\n") + 1
    assert report.coverage is not None and report.coverage.truncated
    assert report.coverage.missing == ("名词解释",)  # counted, but not reported


def test_excerpt_without_contents_or_glossary_is_not_held_to_the_list() -> None:
    text = "澄湖市园林局2025年部门预算\n一、部门职责\n本局主要职能是：负责全市公园绿地的养护。\n"
    report = audit_text(text, "doc.txt")
    assert report.coverage is not None and not report.coverage.complete
    assert codes(text) == set()


def test_tables_are_not_required_of_a_text_without_tables() -> None:
    chosen = document("预算")
    for item_id in [i for i in required_ids("预算") if i.startswith("table_")]:
        _title, text = parts("预算")[item_id]
        chosen = chosen.replace(text, "")
    report = audit_text(chosen, "doc.txt")
    assert report.coverage is not None
    assert report.coverage.required == len(required_ids("预算")) - 9
    assert codes(chosen) == set()


# ---------------------------------------------------------------- 三公 notes


SANGONG = (
    "澄湖市园林局2025年“三公”经费预算说明\n"
    "2025年“三公”经费预算6.00万元，比上年减少1.00万元，主要原因是压缩公务接待。"
    "其中：因公出国（境）费0万元，公务用车购置及运行费5.00万元"
    "（其中：公务用车购置费0万元，公务用车运行费5.00万元），公务接待费1.00万元。\n"
)


def test_sangong_note_complete() -> None:
    report = audit_text(SANGONG, "note.txt")
    assert report.coverage is not None
    assert (report.coverage.kind, report.coverage.present, report.coverage.required) == (
        "三公预算",
        4,
        4,
    )
    assert codes(SANGONG) == set()


def test_sangong_note_without_an_item() -> None:
    text = SANGONG.replace("其中：因公出国（境）费0万元，", "其中：")
    assert codes(text) == {"M020"}


def test_sangong_changes_without_reasons() -> None:
    text = SANGONG.replace("，主要原因是压缩公务接待", "")
    assert codes(text) == {"M030"}


def test_car_costs_not_split() -> None:
    text = SANGONG.replace("（其中：公务用车购置费0万元，公务用车运行费5.00万元）", "")
    assert codes(text) == {"M031"}


def test_sangong_final_note_needs_its_details() -> None:
    text = (
        "澄湖市园林局2024年度“三公”经费决算说明\n"
        "2024年“三公”经费决算6.00万元，比上年减少1.00万元，主要原因是压缩公务接待。"
        "其中：因公出国（境）费0万元，公务用车购置费0万元，公务用车运行费5.00万元，"
        "公务接待费1.00万元。全年未组织因公出国（境）团组；年末公务用车保有量2辆；"
        "国内公务接待10批次、60人次。\n"
    )
    assert codes(text) == set()
    assert codes(text.replace("国内公务接待10批次、60人次。", "")) == {"M026"}
    assert codes(text.replace("年末公务用车保有量2辆；", "")) == {"M025"}


# ---------------------------------------------------------------- empty tables


def test_empty_table_without_note() -> None:
    text = document("预算").replace("注：本局无政府性基金预算，故本表为空表。", "")
    found = [f for f in audit_text(text, "doc.txt").findings if f.code == "M032"]
    assert len(found) == 1
    assert "政府性基金预算支出预算表" in (found[0].found or "")


# ---------------------------------------------------------------- the reports


def test_coverage_in_json_and_rich(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "doc.txt"
    path.write_text(document("预算", without="glossary"), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["check", "--format", "json", str(path)])
    entry = json.loads(result.stdout)["files"][0]
    n = len(required_ids("预算"))
    assert entry["coverage"] == {
        "kind": "预算",
        "present": n - 1,
        "required": n,
        "missing": ["名词解释"],
        "truncated": False,
        "complete": True,
    }
    assert {"path", "kind", "year", "department", "error", "findings"} <= set(entry)
    rich = runner.invoke(app, ["check", str(path)])
    assert f"coverage: {n - 1} of {n} required items" in rich.stdout
    assert "M023" in rich.stdout
