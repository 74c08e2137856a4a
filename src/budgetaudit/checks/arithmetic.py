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
        if comp.complete:
            if parts_iv.meets(total_iv) or _holds_without_retirees(comp):
                continue
        elif not parts_iv.lo > total_iv.hi:
            continue
        # A finding (most lists have none, so what it says is worked out only now).
        printed_sum = sum((p.value for p in parts), start=ZERO)
        decimals = max(max(p.decimals for p in parts), total.decimals, 0)
        listing = " + ".join(p.raw for p in parts)
        # The finding covers the whole list: a list over several lines may be wrong on any.
        start = min(q.start for q in [total, *parts])
        end = max(q.end for q in [total, *parts])
        if comp.complete:
            yield Hit(
                "A001",
                start,
                end,
                f"parts do not add up to the total: {listing} = {fmt(printed_sum, decimals)}, "
                f"the text gives {total.raw}",
                expected=fmt(printed_sum, decimals),
                found=total.raw,
            )
        else:
            yield Hit(
                "A002",
                start,
                end,
                f"the parts listed exceed their total: {listing} = {fmt(printed_sum, decimals)} "
                f"> {total.raw}",
                expected=f"≥ {fmt(printed_sum, decimals)}",
                found=total.raw,
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


_SIDE = re.compile(r"(收入|支出)(预算|总计|合计)?(?:数|为|是|共|安排)*$")
_FUND = re.compile(r"财政拨款|一般公共预算|政府性基金|国有资本经营|财政专户")
_FUND_TAIL = re.compile(r"(?:预算)?(?:财政)?(?:拨款)?")
# What may stand before a bare '收入预算': a year, the department's name, 年初/全年, 部门.
_YEAR_OR_NAME = re.compile(r"^.*?(?:(?:19|20)\d{2}年度?|[，,])|年初|全年|部门|单位|本年")


def side_key(label: str, dept: str) -> tuple[str, str, str] | None:
    """'2018年政府性基金预算收入' → ('政府性基金预算', '收入', '')."""
    if dept:
        label = label.replace(dept, "")
    m = _SIDE.search(label)
    if not m:
        return None
    # The scope is the fund named right before it ('政府性基金预算收入'); a department's name is
    # no scope of its own, and '一般公共服务支出' is a function class, not a side of the budget.
    funds = list(_FUND.finditer(label, 0, m.start()))
    if funds and _FUND_TAIL.fullmatch(label[funds[-1].end() : m.start()]):
        return funds[-1].group(), m.group(1), m.group(2) or ""
    if m.group(2) and not re.search(r"[\u4e00-\u9fff]", _YEAR_OR_NAME.sub("", label[: m.start()])):
        return "", m.group(1), m.group(2)
    return None


def check_balance(doc: Document) -> Iterator[Hit]:
    """A budget balances: 收入 = 支出 for the same scope (DOMAIN.md §2). Final accounts are left
    alone: their 收入总计 and 支出总计 are printed with and without carry-overs alike."""
    if doc.meta.kind != "预算":
        return
    dept = doc.meta.department or ""
    # Income and expenditure of one scope are stated in one section, often paragraphs apart.
    # (each mention's side is worked out once: side_key is a pure function of the label)
    by_section: dict[int, list] = {}
    for m in doc.facts.mentions:
        if m.quantity.measure == "money" and m.period == "current":
            key = side_key(m.label, dept)
            if key:
                section = doc.facts.sentences[m.sentence].section
                by_section.setdefault(section, []).append((m, key))
    for mentions in by_section.values():
        incomes: dict[tuple[str, str], object] = {}
        for m, key in mentions:
            if key[1] == "收入":
                incomes.setdefault((key[0], key[2]), m)
        for m, key in mentions:
            if key[1] != "支出" or (key[0], key[2]) not in incomes:
                continue
            income = incomes[(key[0], key[2])]
            if not of(income.quantity).meets(of(m.quantity)):
                yield Hit.at(
                    "A003",
                    m.quantity,
                    f"income {income.quantity.raw} and expenditure {m.quantity.raw} of "
                    f"'{key[0]}' should balance",
                    expected=income.quantity.raw,
                )
