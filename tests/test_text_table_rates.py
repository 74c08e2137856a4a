"""B016: the text's change rate against the 三公 table's row for last year."""

from __future__ import annotations

import pytest

import budgetaudit

TABLE = (
    "2025年“三公”经费决算与2024年对比情况\n年度\n|\n合计\n|\n因公出国(境)经费\n|\n公务接待费\n|\n"
    "公车购置及运行维护费\n|\n合计\n|\n车辆购置\n|\n车辆运行\n|\n"
    "2024年\n|\n1000\n|\n100\n|\n200\n|\n700\n|\n300\n|\n400\n|\n"
    "2025年\n|\n900\n|\n50\n|\n150\n|\n700\n|\n200\n|\n500\n|\n"
)


def _b016(sentence: str) -> list[str]:
    report = budgetaudit.audit_text(sentence + "\n" + TABLE)
    return [f.found or "" for f in report.findings if f.code == "B016"]


@pytest.mark.parametrize(
    "sentence",
    [
        "2025年公务接待费决算150万元，比上年决算下降25%。",
        "2025年“三公”经费决算900万元，比上年下降10.00%。",
        # the change is the bracket's total's, not the last figure inside the bracket
        "2025年“三公”经费900万元（其中公务接待费150万元，因公出国（境）经费50万元），比上年下降10%。",
        # compared with last year's budget: the table has last year's final figures
        "2025年公务接待费决算150万元，比上年预算下降40%。",
        # the text's figure is not the table's: another mismatch, not this one
        "2025年公务接待费决算120万元，比上年决算下降20%。",
    ],
)
def test_a_rate_that_fits_or_is_not_comparable_passes(sentence: str) -> None:
    assert _b016(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("2025年公务接待费决算150万元，比上年决算下降20%。", "20%"),
        ("2025年因公出国（境）经费50万元，比2024年下降60%。", "60%"),
    ],
)
def test_a_rate_against_another_base_is_reported(sentence: str, found: str) -> None:
    assert _b016(sentence) == [found]
