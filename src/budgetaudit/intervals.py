"""Interval arithmetic on printed figures (DOMAIN.md §4, the XBRL Calculations 1.1 rule).

A figure printed with d decimals stands for v ± ½·10⁻ᵈ. A relation fails only when the
intervals cannot meet; percentages may be rounded or truncated, so a printed p% with d decimals
covers [p − ½·10⁻ᵈ, p + 10⁻ᵈ). Everything is exact Decimal arithmetic.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from budgetaudit.model import Quantity

ZERO = Decimal(0)
HUNDRED = Decimal(100)

# Whether a printed percentage may be a truncated figure as well as a rounded one. On by
# default (some units truncate); a project's configuration may turn it off (config.py).
ACCEPT_TRUNCATED: ContextVar[bool] = ContextVar("accept_truncated", default=True)


@contextmanager
def tolerance(*, accept_truncated: bool = True) -> Iterator[None]:
    """Run the checks inside with these rounding tolerances."""
    token = ACCEPT_TRUNCATED.set(accept_truncated)
    try:
        yield
    finally:
        ACCEPT_TRUNCATED.reset(token)


@dataclass(frozen=True)
class Interval:
    """The values a printed figure can stand for: lo ≤ v ≤ hi."""

    lo: Decimal
    hi: Decimal

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def __sub__(self, other: Interval) -> Interval:
        return Interval(self.lo - other.hi, self.hi - other.lo)

    def scale(self, k: Decimal) -> Interval:
        a, b = self.lo * k, self.hi * k
        return Interval(min(a, b), max(a, b))

    def meets(self, other: Interval) -> bool:
        return self.lo <= other.hi and other.lo <= self.hi

    def contains_zero(self) -> bool:
        return self.lo <= ZERO <= self.hi

    def abs(self) -> Interval:
        if self.lo >= 0:
            return self
        if self.hi <= 0:
            return Interval(-self.hi, -self.lo)
        return Interval(ZERO, max(-self.lo, self.hi))

    def divide(self, other: Interval) -> Interval | None:
        """self / other for a strictly positive denominator; None when it may be zero or less."""
        if other.lo <= 0:
            return None
        cands = [self.lo / other.lo, self.lo / other.hi, self.hi / other.lo, self.hi / other.hi]
        return Interval(min(cands), max(cands))


def of(q: Quantity) -> Interval:
    # Counts of people, cars and bodies are exact whole numbers, not rounded figures; and a
    # printed nought ("0万元") means nothing was spent, not an amount that rounded away.
    if q.measure == "count" or q.value == 0:
        return Interval(q.value, q.value)
    h = q.half_ulp
    return Interval(q.value - h, q.value + h)


class _Printed(Protocol):
    value: Decimal

    @property
    def half_ulp(self) -> Decimal: ...


def spread(x: _Printed) -> Interval:
    """v ± half a unit of the last printed digit, whatever the value (a table cell's 0 too)."""
    h = x.half_ulp
    return Interval(x.value - h, x.value + h)


def spread_sum(xs: Iterable[_Printed]) -> Interval:
    # The sum of the spreads, added up bound by bound in the same order (the same Decimal
    # operations) without an Interval for each term and each partial sum.
    lo = hi = ZERO
    for x in xs:
        h = x.half_ulp
        lo += x.value - h
        hi += x.value + h
    return Interval(lo, hi)


def adds_up(total: _Printed, parts: Sequence[_Printed]) -> bool:
    """Whether the printed ``total`` can be the sum of the printed ``parts``, each rounded to
    its last printed digit (their spreads meet). Most totals equal their parts' sum exactly,
    which meets whatever the rounding: the interval sum is only built for the others."""
    return total.value == sum(p.value for p in parts) or spread(total).meets(spread_sum(parts))


def total_of(qs: Iterable[Quantity]) -> Interval:
    lo = hi = ZERO
    for q in qs:  # as spread_sum: the sum of of(q), bound by bound
        if q.measure == "count" or q.value == 0:
            lo += q.value
            hi += q.value
        else:
            h = q.half_ulp
            lo += q.value - h
            hi += q.value + h
    return Interval(lo, hi)


def printed_percent(p: Quantity) -> Interval:
    """What a printed percentage may stand for: rounded or truncated to its decimals."""
    ulp = p.half_ulp * 2
    return Interval(p.value - ulp / 2, p.value + (ulp if ACCEPT_TRUNCATED.get() else ulp / 2))


def ratio_percent(num: Interval, den: Interval) -> Interval | None:
    r = num.divide(den)
    return r.scale(HUNDRED) if r is not None else None


def fmt(value: Decimal, decimals: int = 2) -> str:
    q = Decimal(1).scaleb(-max(decimals, 0))
    return f"{value.quantize(q):f}"
