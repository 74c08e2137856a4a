"""Changes whose stated reason nets components of both signs, as facts a rule can add up.

    收支较上年增加418.97万元，主要原因是财政拨款收入较上年增加2296.45万元，政府性基金减少
    401.85万元，年初结转结余减少1475.63万元。

A reason that offsets increases against decreases reconciles the net change: the signed
components add up to it. A reason whose components all point one way may name only the main
ones, so it is no fact here; nor is a reason whose figures are not each a change amount (a
figure that is no change leaves the reconciliation in doubt).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable

from budgetaudit.model import Facts, NetChange, Quantity

_MIN_PARTS = 2


def net_changes(text: str, facts: Facts, sign_of: Callable[[str], int | None]) -> list[NetChange]:
    """``sign_of(label)``: +1 / -1 when a figure's label ends in a direction word, else None."""
    out: list[NetChange] = []
    mentions = facts.mentions  # in text order
    starts: list[int] | None = None  # their starts, made when a reason is first read
    for change in facts.changes:
        amount = change.amount
        if change.reason is None or amount is None or change.direction not in (1, -1):
            continue
        if amount.measure != "money":
            continue
        a, b = change.reason
        b = _clause_end(text, a, b)
        parts: list[tuple[int, Quantity]] = []
        if starts is None:
            starts = [m.quantity.start for m in mentions]
        # (the reason's figures by bisecting the starts, not a pass over every mention)
        for k in range(bisect_left(starts, a), bisect_left(starts, b)):
            m = mentions[k]
            q = m.quantity
            if q.measure == "percent":
                continue
            sign = sign_of(m.label) if q.measure == "money" else None
            if sign is None:
                parts = []
                break  # a figure that is no signed component: the reconciliation is in doubt
            parts.append((sign, q))
        if len(parts) >= _MIN_PARTS and {s for s, _ in parts} == {1, -1}:
            out.append(NetChange(change, tuple(parts)))
    return out


_STOP = re.compile(r"[。；;\n]")


def _clause_end(text: str, start: int, end: int) -> int:
    """The reason ends at the end of its sentence (。；) at the latest."""
    m = _STOP.search(text, start, end)
    return m.start() if m else end
