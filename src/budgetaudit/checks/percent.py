"""Shares (P001), shares of a full breakdown adding to 100% (P002), execution rates (P003)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from budgetaudit import vocab
from budgetaudit.checks.hit import Hit
from budgetaudit.intervals import HUNDRED, Interval, fmt, of, printed_percent, ratio_percent
from budgetaudit.model import Document, Share


def _expected(share: Share) -> str | None:
    for base in share.bases:
        r = ratio_percent(of(share.part.quantity), of(base.quantity))
        if r is not None:
            mid = (share.part.quantity.value / base.quantity.value) * HUNDRED
            return fmt(mid, max(share.percent.decimals, 0)) + "%"
    return None


def check_shares(doc: Document) -> Iterator[Hit]:
    for share in doc.facts.shares:
        if share.execution and share.bases[0].quantity.value == 0 and share.percent.value != 0:
            yield Hit.at(
                "P003",
                share.percent,
                f"an execution rate of {share.percent.raw} against a budget of "
                f"{share.bases[0].quantity.raw}: nothing was budgeted",
            )
        ratios = [ratio_percent(of(share.part.quantity), of(b.quantity)) for b in share.bases]
        ratios = [r for r in ratios if r is not None]
        if not ratios:
            continue
        printed = printed_percent(share.percent)
        if any(r.meets(printed) for r in ratios):
            continue
        base = next(b for b in share.bases if b.quantity.value > 0)
        code = "P003" if share.execution else "P001"
        what = "execution rate" if share.execution else "share"
        yield Hit.at(
            code,
            share.percent,
            f"{what} does not match: {share.part.quantity.raw} / {base.quantity.raw} = "
            f"{_expected(share)}, the text gives {share.percent.raw}",
            expected=_expected(share),
        )


def check_share_totals(doc: Document) -> Iterator[Hit]:
    """Shares given to every component of one decomposition must total 100%."""
    decomps = vocab.concepts().decompositions
    groups: dict[int, list[Share]] = defaultdict(list)
    for share in doc.facts.shares:
        if not share.execution and share.part.concept:
            groups[share.part.sentence].append(share)
    for shares in groups.values():
        concepts = {s.part.concept for s in shares}
        if len(concepts) != len(shares) or len(shares) < 2:
            continue
        if not any(concepts == comps for _, comps in decomps):
            continue
        total = Interval(HUNDRED * 0, HUNDRED * 0)
        for s in shares:
            total = total + printed_percent(s.percent)
        if not total.meets(Interval(HUNDRED, HUNDRED)):
            printed_sum = sum(s.percent.value for s in shares)
            last = max(shares, key=lambda s: s.percent.start)
            yield Hit(
                "P002",
                shares[0].percent.start,
                last.percent.end,
                f"the shares of a complete breakdown add up to {printed_sum}%, not 100%",
                expected="100%",
                found=f"{printed_sum}%",
            )
