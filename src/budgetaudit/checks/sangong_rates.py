"""B015: the 增减% row of a 三公 table with one row a year must follow from its two year rows.

Each rate is (this year − last year) / last year, with every figure taken as the interval its
printed digits allow (DOMAIN.md §4), so a rate computed from unrounded figures still passes.
"""

from __future__ import annotations

from collections.abc import Iterator

from budgetaudit.checks.hit import Hit
from budgetaudit.intervals import Interval, fmt, ratio_percent, spread
from budgetaudit.model import Cell, Document


def check_sangong_rates(doc: Document) -> Iterator[Hit]:
    for table in doc.tables:
        if table.kind != "sangong-change" or len(table.rows) != 3:
            continue
        current, prior, rates = table.rows
        for now, before, rate in zip(current.cells, prior.cells, rates.cells, strict=False):
            if before.value == 0:
                continue  # a rate from a zero base is undefined (and often printed as 0 or -)
            expected = ratio_percent(spread(now) - spread(before), spread(before))
            if expected is None or expected.meets(_printed(rate)):
                continue
            mid = fmt((expected.lo + expected.hi) / 2, max(_decimals(rate), 0))
            title = f"《{table.title}》" if table.title else "the 三公 table"
            yield Hit(
                "B015",
                rate.start,
                rate.end,
                f"{rates.label} in {title}: {before.raw} → {now.raw} is {mid}%, "
                f"the table gives {rate.raw}",
                expected=f"{mid}",
                found=rate.raw,
            )


def _decimals(c: Cell) -> int:
    return len(c.raw.split(".")[1]) if "." in c.raw else 0


def _printed(c: Cell) -> Interval:
    """A printed rate, rounded or cut to its decimals."""
    ulp = spread(c).hi - spread(c).lo
    return Interval(c.value - ulp, c.value + ulp)


CHECKS = (check_sangong_rates,)
