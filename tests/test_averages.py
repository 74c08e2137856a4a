"""A005: per-head averages (平均每辆, 人均) against their amount and count."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import budgetaudit


def _a005(text: str) -> list[str]:
    return [f.found or "" for f in budgetaudit.audit_text(text).findings if f.code == "A005"]


@pytest.mark.parametrize(
    "text",
    [
        "公务用车保有量4辆，运行维护费支出6.2万元，平均每辆1.55万元。",
        "公务用车保有量3辆，运行维护费支出5万元，平均每辆1.67万元。",  # rounded
        "公务用车保有量3辆，运行维护费支出5万元，平均每辆1.66万元。",  # cut to its decimals
        "本单位在职人员12人，人员经费180万元，人均15万元。",
        "公务用车2辆，运行费6万元，车均3万元。",
    ],
)
def test_a_right_average_passes(text: str) -> None:
    assert _a005(text) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("公务用车保有量4辆，运行维护费支出6.2万元，平均每辆2.55万元。", "2.55万元"),
        ("本单位在职人员12人，人员经费180万元，人均18万元。", "18万元"),
        ("公务用车2辆，运行费6万元，车均4万元。", "4万元"),
    ],
)
def test_a_wrong_average_is_reported(text: str, found: str) -> None:
    assert _a005(text) == [found]


@pytest.mark.parametrize(
    "text",
    [
        # two head counts: which one divides is not said
        "编制15人，实有12人，人员经费180万元，人均18万元。",
        # the amount before the average is a change, not the total
        "公务用车3辆，运行费比上年增加6万元，平均每辆4万元。",
        # a monthly rate is not the average of an annual amount
        "在职人员10人，伙食补助12万元，人均每月0.3万元。",
        # the count is in another unit
        "接待20批次，接待费10万元，人均0.9万元。",
    ],
)
def test_an_unclear_reading_is_not_checked(text: str) -> None:
    assert _a005(text) == []


@given(
    cars=st.integers(min_value=1, max_value=50),
    cents=st.integers(min_value=0, max_value=10**7),
)
def test_an_average_computed_and_rounded_always_passes(cars: int, cents: int) -> None:
    total = Decimal(cents) / 100
    avg = (total / cars).quantize(Decimal("0.01"))
    text = f"公务用车保有量{cars}辆，运行维护费支出{total}万元，平均每辆{avg}万元。"
    assert _a005(text) == []
