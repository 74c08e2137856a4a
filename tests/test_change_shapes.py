"""Change statements of 三公 notes (issue 3, injected errors): a comparison written 对比 after both
years' figures, a rate after a semicolon, and a rate that must match the printed change amount.
Every text here is invented for the tests."""

from __future__ import annotations

import budgetaudit

PAIR = (
    "某局2026年“三公”经费预算说明\n"
    "其中：1、公务接待费2026年预算6万元，2025年预算{prior}万元；对比减少{amount}万元；"
    "减少率{rate}%，原因是厉行节约。\n"
)


def changes(text: str) -> list[str]:
    report = budgetaudit.audit_text(text)
    assert report.error is None
    return sorted(f.code for f in report.findings if f.code.startswith("C"))


def test_duibi_compares_with_the_figure_of_the_year_before() -> None:
    assert changes(PAIR.format(prior="9.5", amount="3.5", rate="36.84")) == []


def test_a_wrong_amount_after_duibi() -> None:
    assert changes(PAIR.format(prior="9.5", amount="5.5", rate="36.84")) == ["C002"]


def test_the_rate_must_match_the_printed_amount_over_the_prior_figure() -> None:
    # 6 − 9.5 is 3.5 only to within the rounding of "6"; 3.46 / 9.5 is 36.42%, not 36.84%.
    assert changes(PAIR.format(prior="9.5", amount="3.46", rate="36.84")) == ["C001"]
    assert changes(PAIR.format(prior="9.5", amount="3.46", rate="36.42")) == []


def test_a_rate_after_a_semicolon_belongs_to_the_change() -> None:
    assert changes(PAIR.format(prior="9.5", amount="3.5", rate="56.84")) == ["C001"]
