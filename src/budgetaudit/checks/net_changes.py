"""A004: the signed components a reason offsets against each other must net to the change."""

from __future__ import annotations

from collections.abc import Iterator

from budgetaudit.checks.hit import Hit
from budgetaudit.intervals import ZERO, Interval, fmt, of
from budgetaudit.model import Document


def check_net_changes(doc: Document) -> Iterator[Hit]:
    for net in doc.facts.net_changes:
        change = net.change
        amount = change.amount
        if amount is None or change.direction is None:
            continue
        acc = Interval(ZERO, ZERO)
        for sign, q in net.parts:
            acc = acc + of(q) if sign > 0 else acc - of(q)
        stated = of(amount) if change.direction > 0 else Interval(ZERO, ZERO) - of(amount)
        if acc.meets(stated):
            continue
        decimals = max(amount.decimals, *(q.decimals for _, q in net.parts), 0)
        net_value = sum((s * q.value for s, q in net.parts), start=ZERO)
        listing = " ".join(f"{'+' if s > 0 else '−'}{q.raw}" for s, q in net.parts)
        word = "增加" if net_value >= 0 else "减少"
        yield Hit(
            "A004",
            min(amount.start, *(q.start for _, q in net.parts)),
            max(amount.end, *(q.end for _, q in net.parts)),
            f"the reason's components net to {word}{fmt(abs(net_value), decimals)} "
            f"({listing}), the change stated is {amount.raw}",
            expected=f"{word}{fmt(abs(net_value), decimals)}",
            found=amount.raw,
        )
