"""model.new_frozen gives the Sentences, Mentions and Quantities the dataclasses' constructors
give; find_quantities finds what its pattern finds."""

from __future__ import annotations

import dataclasses
import pickle
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from budgetaudit.extract import split_sentences
from budgetaudit.model import Mention, Quantity, Section, Sentence, new_frozen
from budgetaudit.quantities import QUANTITY, find_quantities, make_quantity


def _same(fast: object, slow: object) -> None:
    assert type(fast) is type(slow)
    assert fast == slow and hash(fast) == hash(slow) and vars(fast) == vars(slow)
    assert list(vars(fast)) == [f.name for f in dataclasses.fields(slow)]  # type: ignore[arg-type]
    assert pickle.loads(pickle.dumps(fast)) == slow


def test_split_sentences_makes_sentences() -> None:
    sections = [Section(0, 40, ("一、概况",))]
    (sent,) = split_sentences("  支出12万元。\n", sections)
    _same(sent, Sentence(0, 9, 0))


def _fast(cls: type, *args: object) -> object:
    return new_frozen(
        cls, **{f.name: a for f, a in zip(dataclasses.fields(cls), args, strict=True)}
    )


def test_new_quantity_is_quantity() -> None:
    args = (Decimal("0.00026"), 6, "money", "元", 4, 10, "2.6元")
    fast, slow = _fast(Quantity, *args), Quantity(*args)
    _same(fast, slow)
    assert fast.half_ulp == slow.half_ulp


def test_found_quantities_are_quantities() -> None:
    for q in find_quantities("支出12.5万元，增长3.2%，7人，零元，1.2亿元"):
        _same(q, Quantity(*(getattr(q, f.name) for f in dataclasses.fields(Quantity))))


def test_new_mention_is_mention() -> None:
    q = Quantity(Decimal(12), 0, "money", "万元", 0, 4, "12万元")
    for args in ((q, "支出", "expenditure", "current", 1), (q, "", None, "prior", 0)):
        fast, slow = _fast(Mention, *args), Mention(*args)  # type: ignore[arg-type]
        _same(fast, slow)
        assert dataclasses.replace(fast, label="x") == dataclasses.replace(slow, label="x")  # type: ignore[type-var]


def test_no_post_init() -> None:
    # new_frozen skips __init__: a __post_init__ added to a class would be skipped too.
    for cls in (Sentence, Mention, Quantity):
        assert not hasattr(cls, "__post_init__")


@settings(max_examples=400, deadline=None)
@given(
    st.text(
        alphabet="0123456789.-１٣aA亿万元%人次批团组辆个台家名套户所以上下内及年 ，\n", max_size=60
    )
)
def test_find_quantities_is_the_pattern_scan(text: str) -> None:
    # find_quantities looks for units after a digit first, then backs off to the figure's start;
    # it finds what QUANTITY.finditer finds (no 零 here: zero words are a pass of their own).
    expected = [
        make_quantity(m.group(1), m.group(2), m.start(), m.end(), m.group())
        for m in QUANTITY.finditer(text)
    ]
    assert find_quantities(text) == [q for q in expected if q is not None]
