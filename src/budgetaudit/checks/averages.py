"""A005: a per-head figure (平均每辆, 人均 …) must be its amount divided by its count.

The amount is a rounded figure (DOMAIN.md §4) and the count exact, so the average may lie
anywhere in amount ± ½ulp over the count; the printed average may itself be rounded or cut to
its decimals. Only a printed average outside all of that is reported.
"""

from __future__ import annotations

from collections.abc import Iterator

from budgetaudit.checks.hit import Hit
from budgetaudit.intervals import ACCEPT_TRUNCATED, Interval, fmt, of, spread
from budgetaudit.model import Document


def check_averages(doc: Document) -> Iterator[Hit]:
    for avg in doc.facts.averages:
        expected = of(avg.total).divide(of(avg.count))
        if expected is None:
            continue
        printed = spread(avg.average)
        if ACCEPT_TRUNCATED.get():
            printed = Interval(printed.lo, printed.hi + avg.average.half_ulp)
        if expected.meets(printed):
            continue
        value = fmt((expected.lo + expected.hi) / 2, max(avg.average.decimals, 2))
        yield Hit.at(
            "A005",
            avg.average,
            f"the average {avg.average.raw} is not {avg.total.raw} / {avg.count.raw} "
            f"(= {value}{avg.average.unit})",
            expected=f"{value}{avg.average.unit}",
        )


CHECKS = (check_averages,)
