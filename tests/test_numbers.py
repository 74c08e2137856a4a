"""The number parser and the normaliser's source map, as properties (hypothesis)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from budgetaudit import audit_text
from budgetaudit.normalize import normalize
from budgetaudit.quantities import find_quantities, parse_number

FULLWIDTH = str.maketrans("0123456789.%", "０１２３４５６７８９．％")
amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)


def grouped(value: Decimal) -> str:
    whole, _, frac = f"{value:.2f}".partition(".")
    return f"{int(whole):,}.{frac}"


@given(amounts)
def test_parse_number_keeps_value_and_precision(value: Decimal) -> None:
    text = f"{value:.2f}"
    assert parse_number(text) == (Decimal(text), 2)


@given(amounts, st.sampled_from(["万元", "元", "亿元"]))
def test_money_in_any_printing_converts_to_wanyuan(value: Decimal, unit: str) -> None:
    scale = {"万元": Decimal(1), "元": Decimal("0.0001"), "亿元": Decimal(10000)}[unit]
    for printed in (
        f"{value:.2f}{unit}",
        f"{grouped(value)}{unit}",
        f"{value:.2f} {unit}",
        f"{value:.2f}{unit}".translate(FULLWIDTH),
    ):
        norm = normalize(f"支出合计{printed}。")
        qs = [q for q in find_quantities(norm.text) if q.measure == "money"]
        assert len(qs) == 1, (printed, norm.text)
        assert qs[0].value == value * scale
        # The printed precision travels with the value, expressed in 万元.
        assert qs[0].half_ulp == Decimal("0.005") * scale


@given(st.decimals(min_value=0, max_value=1000, places=2), st.sampled_from(["%", "％"]))
def test_percentages(value: Decimal, sign: str) -> None:
    norm = normalize(f"占{value:.2f}{sign}".translate(FULLWIDTH))
    (q,) = find_quantities(norm.text)
    assert (q.measure, q.value, q.decimals) == ("percent", value, 2)


def test_thresholds_and_years_are_not_figures() -> None:
    norm = normalize("2024年单价50万元以上通用设备0台")
    assert [q.raw for q in find_quantities(norm.text)] == ["0台"]


@given(
    st.text(
        alphabet=st.sampled_from(list("０１２３ 4,5.6\r\n\f万元％（）“”經(jīng)費一、。，")),
        max_size=200,
    )
)
@settings(max_examples=300)
def test_every_normalised_character_maps_back_into_the_source(text: str) -> None:
    norm = normalize(text)
    assert len(norm.origin) == len(norm.text) + 1
    assert all(0 <= o <= len(text) for o in norm.origin)
    assert list(norm.origin[:-1]) == sorted(norm.origin[:-1])  # order is kept


@given(st.text(max_size=400))
@settings(max_examples=300, deadline=None)
def test_audit_never_crashes_on_any_text(text: str) -> None:
    report = audit_text(text, "x.txt")
    lines = max(1, len(report.lines))
    for f in report.findings:
        assert 1 <= f.line <= f.end_line <= lines + 1
