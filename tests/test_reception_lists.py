"""公务接待费 = 国内公务接待费 + 外事接待费; 零 as a figure; a 其中 closing its paragraph."""

from __future__ import annotations

from decimal import Decimal

import pytest

import budgetaudit
from budgetaudit.quantities import find_quantities


def _codes(text: str) -> list[tuple[str, int]]:
    report = budgetaudit.audit_text(text)
    return [(f.code, f.line) for f in report.findings if f.severity.value != "info"]


CLOSING = (
    "2.公务接待费支出6.5万元，完成预算100%。公务接待费比上年减少1万元，下降13.33%。"
    "主要原因是压缩接待规模。其中：\n"
    "（1）国内公务接待支出{domestic}万元，主要用于业务交流。\n"
    "（2）外事接待支出{foreign}万元。\n"
)


def test_a_list_under_a_paragraph_closing_with_qizhong_adds_up() -> None:
    assert _codes(CLOSING.format(domestic="6.5", foreign="0")) == []


@pytest.mark.parametrize(("domestic", "foreign"), [("7.5", "0"), ("6.5", "2")])
def test_a_list_under_a_paragraph_closing_with_qizhong_must_add_up(
    domestic: str, foreign: str
) -> None:
    assert ("A001", 1) in _codes(CLOSING.format(domestic=domestic, foreign=foreign))


def test_zero_written_as_a_word_is_a_part_of_the_list() -> None:
    text = "2015年公务接待费0.5万元，较上年减少8%。其中：外事接待费支出为零。国内公务接待8批次，92人，共计支出{}万元。"
    assert _codes(text.format("0.5")) == []
    assert ("A001", 1) in _codes(text.format("0.7"))


@pytest.mark.parametrize(
    ("text", "zeros"),
    [
        ("外事接待费支出为零。", 1),
        ("公务用车购置费零万元，", 1),
        ("因公出国（境）费为零，", 1),
        ("人数为零。", 0),  # not an amount
        ("一千零五十元", 0),  # a number in words, not 零
        ("零星维修", 0),
    ],
)
def test_zero_words(text: str, zeros: int) -> None:
    found = [q for q in find_quantities(text) if q.value == Decimal(0)]
    assert len(found) == zeros
    assert all(q.measure == "money" for q in found)
