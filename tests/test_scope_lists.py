"""'收支总预算X万元。收入包括：…；支出包括：…': each side's list breaks down the one total."""

from __future__ import annotations

import pytest

import budgetaudit

TEXT = (
    "某局2025年财政拨款收支总预算500.00万元。收入全部为一般公共预算拨款，包括：当年拨款收入"
    "{a}万元、上年结转{b}万元；支出包括：一般公共服务支出{c}万元、教育支出{d}万元。"
)


def _codes(**figures: str) -> list[str]:
    report = budgetaudit.audit_text(TEXT.format(**figures))
    return [f.code for f in report.findings if f.severity.value != "info"]


def test_lists_within_the_total_pass() -> None:
    assert _codes(a="450.00", b="50.00", c="300.00", d="200.00") == []
    # a list introduced by 包括 may be partial: less than the total is no finding
    assert _codes(a="400.00", b="50.00", c="300.00", d="150.00") == []


@pytest.mark.parametrize(
    "figures",
    [
        {"a": "480.00", "b": "50.00", "c": "300.00", "d": "200.00"},
        {"a": "450.00", "b": "50.00", "c": "320.00", "d": "200.00"},
    ],
)
def test_a_list_larger_than_the_total_is_reported(figures: dict[str, str]) -> None:
    assert "A002" in _codes(**figures)


def test_a_list_of_another_subject_is_not_read() -> None:
    text = (
        "某局2025年财政拨款收支总预算500.00万元。项目支出包括：培训费300.00万元、会议费250.00万元。"
    )
    report = budgetaudit.audit_text(text)
    assert [f.code for f in report.findings if f.code in ("A001", "A002")] == []
