"""A004: a reason that offsets increases against decreases must net to the change it explains."""

from __future__ import annotations

import budgetaudit

SENTENCE = (
    "2026年收入较上年{word}{total}万元，主要原因是财政拨款收入增加{a}万元，事业收入减少{b}万元。"
)


def a004(text: str) -> list[tuple[int, str | None]]:
    report = budgetaudit.audit_text(text)
    assert report.error is None
    return [(f.line, f.expected) for f in report.findings if f.code == "A004"]


def test_components_that_net_to_the_change_are_quiet() -> None:
    assert a004(SENTENCE.format(word="增加", total="100.00", a="130.00", b="30.00")) == []
    assert a004(SENTENCE.format(word="减少", total="20.00", a="10.00", b="30.00")) == []


def test_components_that_do_not_net_to_the_change() -> None:
    assert a004(SENTENCE.format(word="增加", total="100.00", a="150.00", b="30.00")) == [
        (1, "增加120.00")
    ]
    # the net is a decrease, the text says 增加
    assert a004(SENTENCE.format(word="增加", total="20.00", a="10.00", b="30.00")) == [
        (1, "减少20.00")
    ]


def test_rounding_is_allowed_for() -> None:
    assert a004(SENTENCE.format(word="增加", total="100.0", a="130.04", b="30.02")) == []


def test_components_of_one_sign_may_be_only_the_main_ones() -> None:
    text = "2026年收入较上年增加100万元，主要原因是财政拨款收入增加60万元，事业收入增加30万元。"
    assert a004(text) == []


def test_a_figure_that_is_no_change_leaves_it_in_doubt() -> None:
    text = (
        "2026年收入较上年增加100万元，主要原因是财政拨款收入增加150万元，"
        "其中专项经费80万元，事业收入减少30万元。"
    )
    assert a004(text) == []
