"""A 其中 list its writer sums up again (``…，合计X万``) names the whole of its total."""

from __future__ import annotations

import budgetaudit

LIST = (
    "六、年度预算安排\n"
    "2026年度项目总预算{total}万，其中支持园区建设{a}万，支持人才引进60.00万，"
    "支持展会举办40.00万，合计{sum}万。\n"
)


def a001(text: str) -> list[int]:
    report = budgetaudit.audit_text(text)
    assert report.error is None
    return [f.line for f in report.findings if f.code == "A001"]


def test_a_list_closed_by_its_sum_is_quiet_when_it_adds_up() -> None:
    assert a001(LIST.format(total="300.00", a="200.00", sum="300.00")) == []


def test_each_wrong_figure_gives_one_finding() -> None:
    assert a001(LIST.format(total="320.00", a="200.00", sum="300.00")) == [2]  # the total
    assert a001(LIST.format(total="300.00", a="200.00", sum="310.00")) == [2]  # the 合计
    assert a001(LIST.format(total="300.00", a="210.00", sum="300.00")) == [2]  # an item


def test_a_list_with_a_figure_not_read_as_an_item_stays_partial() -> None:
    # "…比上年增加20万": a change inside the list; the 合计 may count it, so no sum is checked
    text = (
        "2026年度项目总预算300.00万，其中支持园区建设200.00万，比上年增加20.00万，"
        "支持展会举办40.00万，合计300.00万。\n"
    )
    assert a001(text) == []
