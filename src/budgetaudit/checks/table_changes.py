"""B016: a change rate in the text must follow from the 三公 table's row for the prior year.

"公务接待费1356万元，比上年下降3.14%" beside a 三公 table with one row a year: when the table's
row for this year gives the same figure, the rate is measured against the table's row for last
year, (this year − last year) / last year, with every figure at its printed precision
(DOMAIN.md §4). Only a comparison with last year whose kind (预算/决算) is the table's is read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from budgetaudit.checks.hit import Hit
from budgetaudit.intervals import fmt, of, printed_percent, ratio_percent, spread
from budgetaudit.model import Cell, Change, Document, Table

_YEAR = re.compile(r"^((?:19|20)\d{2})年")
_LAST_YEAR = re.compile(r"上年|去年|上一年|上年度|同比")


def check_text_rates_vs_table(doc: Document) -> Iterator[Hit]:
    year = doc.meta.year
    if year is None:
        return
    for table in doc.tables:
        if table.kind != "sangong":
            continue
        rows = {int(m.group(1)): r for r in table.rows if (m := _YEAR.match(r.label))}
        if year not in rows or year - 1 not in rows:
            continue
        for change in doc.facts.changes:
            hit = _check(change, table, rows[year].cells, rows[year - 1].cells, year)
            if hit is not None:
                yield hit


def _check(
    change: Change, table: Table, now: tuple[Cell, ...], before: tuple[Cell, ...], year: int
) -> Hit | None:
    subject, percent = change.subject, change.percent
    if subject is None or percent is None or change.prior is not None:
        return None
    if change.concept not in table.columns or not _same_base(change.base, table, year):
        return None
    col = table.columns.index(change.concept)
    if col >= len(now) or col >= len(before) or before[col].value <= 0:
        return None
    if not of(subject.quantity).meets(spread(now[col])):
        return None  # the text speaks of another figure than the table's
    expected = ratio_percent(of(subject.quantity) - spread(before[col]), spread(before[col]))
    if expected is None or expected.abs().meets(printed_percent(percent)):
        return None
    mid = fmt(abs(expected.lo + expected.hi) / 2, max(percent.decimals, 2))
    return Hit.at(
        "B016",
        percent,
        f"the table gives {year - 1}年 {before[col].raw}, so {subject.quantity.raw} is a change "
        f"of {mid}%, the text says {percent.raw}",
        expected=f"{mid}%",
    )


def _same_base(base: str, table: Table, year: int) -> bool:
    """A comparison with last year, of the kind (预算/决算) the table's rows are."""
    if not (_LAST_YEAR.search(base) or f"{year - 1}年" in base):
        return False
    title = table.title or ""
    for kind in ("预算", "决算"):
        if kind in base and kind not in title and title:
            return False
    return "执行" not in base


CHECKS = (check_text_rates_vs_table,)
