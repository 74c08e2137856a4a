"""Final accounts laid out as PDFs print them: per-subject paragraphs that add up to the totals
stated before them, lines printed above the line they continue, execution rates against a
zero budget.

Every text here is written for the tests; nothing is taken from the corpus.
"""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import budgetaudit
from budgetaudit.cli import app
from budgetaudit.normalize import normalize

FINAL = """示例区档案馆2023年度部门决算说明

五、一般公共预算财政拨款支出决算情况说明

（二）一般公共预算财政拨款支出决算结构情况

一般公共预算财政拨款支出120.00万元，主要用于以下方面：一般公共服务支出（类）100.00万元，\
占83.33%；住房保障支出（类）20.00万元，占16.67%。

（三）一般公共预算财政拨款支出决算具体情况

一般公共预算财政拨款支出年初预算为130.00万元，支出决算为120.00万元，完成年初预算的92.31%。\
其中：

1、一般公共服务支出（类）档案事务（款）行政运行（项）。主要用于：人员支出。年初预算为75.00万元，\
支出决算为70.00万元，完成年初预算的93.33%。

2、一般公共服务支出（类）档案事务（款）档案馆（项）。主要用于：档案整理。年初预算为35.00万元，\
支出决算为30.00万元，完成年初预算的85.71%。

3、住房保障支出（类）住房改革支出（款）住房公积金（项）。主要用于：公积金。年初预算为20.00万元，\
支出决算为20.00万元，完成年初预算的100.00%。

六、一般公共预算财政拨款基本支出决算情况说明
"""


def _flagged(text: str) -> list[tuple[str, int, int]]:
    report = budgetaudit.audit_text(text)
    assert report.error is None
    return [(f.code, f.line, f.end_line) for f in report.findings if f.severity != "info"]


def test_consistent_subject_paragraphs_are_quiet() -> None:
    assert _flagged(FINAL) == []


def test_an_item_final_figure_that_breaks_the_sums_is_reported() -> None:
    text = FINAL.replace("支出决算为30.00万元", "支出决算为36.00万元")
    found = _flagged(text)
    # against the class figure (一般公共服务支出 100.00) and against the overall 120.00
    assert [code for code, _, _ in found].count("A001") == 2
    item_line = next(k for k, line in enumerate(text.splitlines(), 1) if "36.00万元" in line)
    assert all(start <= item_line <= end for code, start, end in found if code == "A001")


def test_an_item_budget_that_breaks_the_overall_budget_is_reported() -> None:
    text = FINAL.replace(
        "年初预算为35.00万元，支出决算为30.00万元，完成年初预算的85.71%",
        "年初预算为45.00万元，支出决算为30.00万元，完成年初预算的66.67%",
    )
    assert [code for code, _, _ in _flagged(text)] == ["A001"]


def test_a_class_figure_that_disagrees_with_its_items_is_reported() -> None:
    text = FINAL.replace("一般公共服务支出（类）100.00万元，占83.33%；住房保障支出（类）20.00", "X")
    assert _flagged(text) == []  # no class figures: nothing to hold the items against
    text = FINAL.replace(
        "住房保障支出（类）20.00万元，占16.67%", "住房保障支出（类）25.00万元，占16.67%"
    )
    assert "A001" in [code for code, _, _ in _flagged(text)]


def test_items_without_both_figures_are_left_alone() -> None:
    text = FINAL.replace("支出决算为20.00万元，完成年初预算的100.00%", "已全部支出")
    assert "A001" not in [code for code, _, _ in _flagged(text)]


def test_cli_json_reports_the_broken_sum(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "final.txt"
    path.write_text(FINAL.replace("支出决算为70.00万元", "支出决算为79.00万元"), encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(path), "--format", "json"])
    data = json.loads(result.stdout)
    codes = [f["code"] for f in data["files"][0]["findings"]]
    assert codes.count("A001") >= 2


# ---------------------------------------------------------------- lines printed above their start

DISPLACED = """示例区档案馆2023年度部门决算说明

三、支出决算情况说明


40.00万元，占33.33%；
本年支出合计120.00万元，其中：基本支出80.00万元，占66.67%；项目支出


四、财政拨款收入支出决算总体情况说明
"""


def test_a_figure_printed_above_its_line_is_put_back() -> None:
    norm = normalize(DISPLACED)
    assert "项目支出40.00万元，占33.33%；" in norm.text
    assert len(norm.origin) == len(norm.text) + 1
    # every character still points at its own place in the source
    for k, ch in enumerate(norm.text):
        if ch.strip():
            assert DISPLACED[norm.origin[k]] == ch


def test_put_back_figures_are_checked() -> None:
    assert _flagged(DISPLACED) == []
    wrong = DISPLACED.replace("40.00万元，占33.33%", "45.00万元，占33.33%")
    assert "A001" in [code for code, _, _ in _flagged(wrong)]


def test_a_figure_continuing_the_line_above_stays() -> None:
    text = "本年支出合计120.00万元，其中：基本支出80.00万元；项目支出\n40.00万元，占33.33%；\n"
    text += "其他说明，本年无变化\n"
    assert "项目支出40.00万元，占33.33%；\n" in normalize(text).text


def test_a_heading_awaiting_its_figure_keeps_it() -> None:
    text = "（一）因公出国（境）费\n12.00万元，比上年减少2.00万元。\n主要原因是压缩团组，减少开支\n"
    text += "（二）公务接待费\n"
    assert normalize(text).text.startswith("（一）因公出国（境）费")
    assert normalize(text).text.index("12.00万元") < normalize(text).text.index("主要原因")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(["40.00万元，占1%；", "项目支出", "说明，增加", "", "一、A"]), max_size=12
    )
)
def test_reordering_never_loses_a_character(lines: list[str]) -> None:
    text = "\n".join(lines)
    norm = normalize(text)
    assert len(norm.origin) == len(norm.text) + 1
    assert sorted(c for c in norm.text if c.strip()) == sorted(c for c in text if c.strip())


# ---------------------------------------------------------------- execution rate, zero budget

ZERO_BUDGET = """示例区档案馆2023年度部门决算说明

一般公共预算财政拨款支出年初预算为0万元，全年预算为200.00万元，支出决算为180.00万元，\
完成年初预算的90.00%。
"""


def test_rate_against_a_zero_budget_is_reported_and_still_checked() -> None:
    assert [c for c, _, _ in _flagged(ZERO_BUDGET)] == ["P003"]
    wrong = ZERO_BUDGET.replace("支出决算为180.00万元", "支出决算为150.00万元")
    assert [c for c, _, _ in _flagged(wrong)] == ["P003", "P003"]


# ---------------------------------------------------------------- a breakdown over several lines

SHARES = """示例区档案馆2023年度部门决算说明

（二）一般公共预算财政拨款支出决算结构情况

一般公共预算财政拨款支出200.00万元，主要用于以下方面：一般公共服务支出（类）150.00万元，占75.00%；

住房保障支出（类）50.00万元，占25.00%。
"""


def test_shares_on_a_later_line_of_the_breakdown_are_checked() -> None:
    assert _flagged(SHARES) == []
    wrong = SHARES.replace("50.00万元，占25.00%", "50.00万元，占35.00%")
    assert [code for code, line, _ in _flagged(wrong)] == ["P001"]
