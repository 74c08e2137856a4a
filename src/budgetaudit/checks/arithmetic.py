"""Sums: complete lists add up to their totals, partial lists never exceed them (A001, A002);
机关运行经费 below 基本支出 (K001)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from budgetaudit.checks.hit import Hit
from budgetaudit.intervals import ZERO, fmt, of, total_of
from budgetaudit.model import Composition, Document

_RETIRED = re.compile(r"退休|离休")


def check_compositions(doc: Document) -> Iterator[Hit]:
    seen: set[tuple[int, tuple[int, ...]]] = set()
    for comp in doc.facts.compositions:
        key = (comp.total.quantity.start, tuple(p.quantity.start for p in comp.parts))
        if key in seen:
            continue
        seen.add(key)
        parts = [p.quantity for p in comp.parts]
        total = comp.total.quantity
        parts_iv = total_of(parts)
        total_iv = of(total)
        printed_sum = sum((p.value for p in parts), start=ZERO)
        decimals = max(max(p.decimals for p in parts), total.decimals, 0)
        listing = " + ".join(p.raw for p in parts)
        if comp.complete and not parts_iv.meets(total_iv) and not _holds_without_retirees(comp):
            yield Hit.at(
                "A001",
                total,
                f"parts do not add up to the total: {listing} = {fmt(printed_sum, decimals)}, "
                f"the text gives {total.raw}",
                expected=fmt(printed_sum, decimals),
            )
        elif not comp.complete and parts_iv.lo > total_iv.hi:
            yield Hit.at(
                "A002",
                total,
                f"the parts listed exceed their total: {listing} = {fmt(printed_sum, decimals)} "
                f"> {total.raw}",
                expected=f"≥ {fmt(printed_sum, decimals)}",
            )


def _holds_without_retirees(comp: Composition) -> bool:
    """'教职工62人，其中…中级工1人，退休职工28人': retirees closing a staff list may be an aside."""
    parts = list(comp.parts)
    while parts and comp.total.quantity.measure == "count" and _RETIRED.search(parts[-1].label):
        parts.pop()
        if parts and total_of(p.quantity for p in parts).meets(of(comp.total.quantity)):
            return True
    return False


def check_running_costs(doc: Document) -> Iterator[Hit]:
    mentions = doc.facts.mentions
    staffed = any(
        m.concept in ("staff_serving", "staff_actual") and m.quantity.value > 0 for m in mentions
    )
    if not staffed:
        return
    basic = [
        m
        for m in mentions
        if m.concept == "basic" and m.period == "current" and m.quantity.measure == "money"
    ]
    if not basic:
        return
    largest = max(basic, key=lambda m: m.quantity.value)
    for m in mentions:
        if m.concept != "admin_running" or m.period != "current" or m.quantity.measure != "money":
            continue
        if m.quantity.value > 0 and m.quantity.value >= largest.quantity.value:
            yield Hit.at(
                "K001",
                m.quantity,
                f"机关运行经费 {m.quantity.raw} is not below 基本支出 {largest.quantity.raw}, "
                "although it excludes personnel costs and the department has staff",
                expected=f"< {largest.quantity.raw}",
            )
