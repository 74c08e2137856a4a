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


SPREAD = (
    "2026年，本级“三公”经费预算为{total}万元。其中，因公出国（境）费20万元，公务接待费100万元，"
    "公务用车购置及运行费400万元。同口径比2025年减少{cut}万元，下降{rate}%。其中：因公出国（境）费"
    "同口径比2025年减少5万元，下降20%。公务接待费同口径比2025年减少{reception}万元，同口径比2025年"
    "下降{reception_rate}%；公务用车购置费同口径比2025年减少30万元，下降30%。"
    "公务用车运行费同口径比2025年减少45万元，下降13.85%。\n"
)
GOOD = {"total": 520, "cut": 100, "rate": "16.13", "reception": 20, "reception_rate": "16.67"}


def test_changes_of_a_breakdown_spread_over_sentences_are_quiet_when_they_agree() -> None:
    assert changes(SPREAD.format(**GOOD)) == []


def test_a_change_opening_its_sentence_is_about_the_total_before_the_qizhong_list() -> None:
    assert changes(SPREAD.format(**{**GOOD, "rate": "26.13"})) == ["C001"]


def test_the_items_changes_spread_over_sentences_add_up_to_the_total_change() -> None:
    assert "C010" in changes(SPREAD.format(**{**GOOD, "cut": 120, "rate": "18.75"}))


def test_a_rate_restated_in_its_own_clause_is_the_rate_of_the_amount_before() -> None:
    assert changes(SPREAD.format(**{**GOOD, "reception_rate": "26.67"})) == ["C001"]


ANNOUNCED = (
    "某协会“三公”经费支出合计10.5万元，比上年减少{cut}万元。具体情况如下：\n"
    "1、因公出国（境）费用0万元，比去年减少5万元，原因是没有出访任务。\n"
    "2、公务接待费4.5万元，与去年持平。\n"
    "3、公务用车购置及运行维护费支出6万元，与去年持平。\n"
)


def test_item_changes_on_numbered_lines_add_up_to_the_announced_total_change() -> None:
    assert "C010" not in changes(ANNOUNCED.format(cut=5))
    assert "C010" in changes(ANNOUNCED.format(cut=8))
