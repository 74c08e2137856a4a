"""Breakdowns spread over several sentences (issue 3, injected errors): the list announced by
分项情况是, the list after a sentence 具体情况如下, and a 其中-list that goes on in the next
sentences of its paragraph. Every text here is invented for the tests."""

from __future__ import annotations

import budgetaudit

SPLIT_BY_ITEM = (
    "2025年本系统“三公”经费决算总额{total}万元，比上年下降2.0%。分项情况是：因公出国（境）"
    "经费决算20万元，比上年增长5.0%；公务接待费决算{reception}万元，比上年下降3.0%；"
    "公务用车购置及运行费决算100万元，比上年下降1.0%，其中：公务用车购置费决算40万元，"
    "公务用车运行费决算60万元。\n"
)

ANNOUNCED = (
    "某协会“三公”经费支出合计{total}万元，比上年减少5万元。具体情况如下：\n"
    "1、因公出国（境）费用0万元，比上年减少5万元。\n"
    "2、公务接待费{reception}万元，与上年持平。\n"
    "3、公务用车购置及运行维护费支出6万元，与上年持平。\n"
)

GOES_ON = (
    "（二）公务用车购置及运行费支出预算{total}万元，与上年持平。其中：公务用车运行费6万元，"
    "与上年持平，原因是车辆数未变。该项经费主要用于2辆公务车的燃料费、维修费等支出。"
    "公务用车购置费{purchase}万元，与上年持平。\n"
)


def sums(text: str) -> list[int]:
    report = budgetaudit.audit_text(text)
    assert report.error is None
    return [f.line for f in report.findings if f.code in ("A001", "A002")]


def test_a_list_announced_by_fenxiang_qingkuang() -> None:
    assert sums(SPLIT_BY_ITEM.format(total=150, reception=30)) == []
    assert sums(SPLIT_BY_ITEM.format(total=150, reception=45)) == [1]
    assert sums(SPLIT_BY_ITEM.format(total=170, reception=30)) == [1]


def test_numbered_items_after_an_intro_that_names_nothing() -> None:
    assert sums(ANNOUNCED.format(total="10.5", reception="4.5")) == []
    assert sums(ANNOUNCED.format(total="12.5", reception="4.5")) == [1]
    wrong = sums(ANNOUNCED.format(total="10.5", reception="6.5"))
    assert wrong and set(wrong) <= {1, 3}


def test_an_intro_that_names_nothing_takes_only_a_full_breakdown() -> None:
    partial = "\n".join(ANNOUNCED.format(total="10.5", reception="9").split("\n")[:3]) + "\n"
    assert sums(partial) == []  # 出国 + 接待 alone need not add up to the whole


def test_a_qizhong_list_that_goes_on_in_the_next_sentences() -> None:
    assert sums(GOES_ON.format(total=6, purchase=0)) == []
    assert sums(GOES_ON.format(total=6, purchase=3)) == [1]
    assert sums(GOES_ON.format(total=9, purchase=0)) == [1]


def test_a_staff_figure_followed_by_every_kind_of_post_without_qizhong() -> None:
    text = "人员概况：在职人员{total}人，专业技术人员30人、管理人员5人，工勤人员10人。\n"
    assert sums(text.format(total=45)) == []
    assert sums(text.format(total=48)) == [1]


def test_a_partial_list_without_qizhong_is_no_breakdown() -> None:
    assert sums("在职人员48人，专业技术人员30人、管理人员5人。\n") == []


QIZHONG_LINE = (
    "2026年“三公”经费支出预算合计20万元，比上年预算数减少{cut}万元。其中：\n"
    "因公出国（境）经费支出预算0万元，与上年预算数持平。\n"
    "公务用车购置费支出预算0万元，与上年预算数持平。\n"
    "公务用车运行维护费支出预算8万元，与上年预算数持平。\n"
    "公务接待费支出预算12万元，比上年预算数减少3万元。\n"
)


def test_item_changes_on_the_lines_under_a_qizhong_that_ends_the_line() -> None:
    def c010(text: str) -> list[int]:
        report = budgetaudit.audit_text(text)
        return [f.line for f in report.findings if f.code == "C010"]

    assert c010(QIZHONG_LINE.format(cut=3)) == []
    assert c010(QIZHONG_LINE.format(cut=5)) == [1]


BRACKET = (
    "2026年本部门“三公”经费{total}万元。其中：因公出国（境）费0万元；公务用车购置及运行费"
    "{car}万元（公务用车购置费100.00万元，比上年增加0万元；公务用车运行维护费400.00万元，比上年"
    "增加0万元。）比上年增加0万元；公务接待费2.4万元，比上年减少1万元。\n"
)


def test_a_bracket_after_a_figure_that_names_its_components() -> None:
    assert sums(BRACKET.format(total="502.4", car="500.00")) == []
    assert set(sums(BRACKET.format(total="502.4", car="520.00"))) == {1}
    assert sums(BRACKET.format(total="512.4", car="500.00")) == [1]


def test_a_bracket_after_a_figure_with_a_remark_is_no_list() -> None:
    assert sums("公务接待费20万元（上年30万元），比上年减少10万元。\n") == []


SHARES = (
    "2026年一般公共预算财政拨款支出500.00万元，主要用于以下方面：社会保障和就业支出40.00万元，"
    "占8.00%；卫生健康支出{health}万元，占90.00%；农林水支出10.00万元，占2.00%。\n"
)


def test_a_breakdown_item_larger_than_its_total_is_still_a_share_of_it() -> None:
    def p001(text: str) -> list[int]:
        return [f.line for f in budgetaudit.audit_text(text).findings if f.code == "P001"]

    assert p001(SHARES.format(health="450.00")) == []
    assert p001(SHARES.format(health="650.00")) == [1]
