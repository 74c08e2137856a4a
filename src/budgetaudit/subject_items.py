"""Per-subject paragraphs of a final account, as sums the arithmetic rule can check.

The 具体情况 part of a 决算 explanation gives one numbered paragraph per budget subject:

    一般公共预算财政拨款支出年初预算为 A，支出决算为 F …。其中：
    1、X支出（类）Y（款）Z（项）。主要用于…。年初预算为 a1，支出决算为 f1 …
    2、X支出（类）Y（款）W（项）。…年初预算为 a2，支出决算为 f2 …

and an earlier paragraph (结构情况) gives each class (类) its figure. The paragraphs together
must add up: f1 + f2 + … = F, a1 + a2 + … = A (for the budget the items name: 年初, 全年 or
调整), and the items of one class add up to that class's figure. Each becomes a complete
:class:`Composition`; nothing here knows a particular document's wording beyond the
类/款/项 naming of budget subjects.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from budgetaudit.model import Composition, Facts, Mention, Section

# "3、一般公共服务支出（类）财政事务（款）信息化建设（项）": a numbered item naming a subject.
_ITEM = re.compile(
    r"\s*(?P<n>\d{1,2})[、.．]\s*(?P<cls>[^（()）\n，,。；;]{2,30}?)\s*[（(]类[）)]"
    r"[^。\n]{0,60}?[（(]款[）)]"
)
_FINAL = re.compile(r"决算(?:数)?(?:为|是)?[:：]?$")
_BUDGET_WORD = re.compile(r"年初|全年|调整")
_CLASS_LABEL = re.compile(r"([^（()）:：，,；;、\s]{2,30}?)\s*[（(]类[）)]\s*(?:为|支出)?$")
_SPACE = re.compile(r"\s+")


@dataclass
class _Item:
    """One numbered subject item (1、…（项）) and the figures it states."""

    cls: str
    start: int
    end: int
    budget: Mention | None
    word: str | None  # 年初 | 全年 | 调整, the budget the item compares with
    final: Mention | None


def compositions(text: str, sections: list[Section], facts: Facts) -> list[Composition]:
    out: list[Composition] = []
    if "类" not in text:
        return out  # every item names its class: 类 in _ITEM
    for parent, items in _item_runs(text, sections, facts):
        intro = [m for m in facts.mentions if parent.start <= m.quantity.start < items[0].start]
        out.extend(_overall(items, intro))
        out.extend(_by_class(items, facts.mentions, parent.start))
    return out


def _item_runs(
    text: str, sections: list[Section], facts: Facts
) -> list[tuple[Section, list[_Item]]]:
    """Runs of numbered subject items (1、2、3 …) under one parent section."""
    runs: list[tuple[Section, list[_Item]]] = []
    starts = [m.quantity.start for m in facts.mentions]  # in text order
    current: list[_Item] = []
    parent: Section | None = None
    for k, sec in enumerate(sections):
        # (an item names its class: no match in a section without 类, most sections)
        m = (
            _ITEM.match(text, sec.start, sec.end)
            if text.find("类", sec.start, sec.end) >= 0
            else None
        )
        expected = len(current) + 1
        if m is None or int(m.group("n")) != expected or (current and parent is None):
            if current and parent is not None:
                runs.append((parent, current))
            current, parent = [], None
            if m is None or int(m.group("n")) != 1:
                continue
        if not current:
            parent = next(
                (s for s in reversed(sections[:k]) if s.path == sec.path[:-1]),
                None,
            )
        current.append(_item(m.group("cls"), sec, facts.mentions, starts))
    if current and parent is not None:
        runs.append((parent, current))
    return [(p, items) for p, items in runs if len(items) >= 2]


def _item(cls: str, sec: Section, mentions: list[Mention], starts: list[int]) -> _Item:
    """The item's budget and final figures: the section's mentions, found by bisecting the
    mention starts (``starts``) instead of visiting every mention of the document."""
    budget = final = None
    word = None
    for k in range(bisect_left(starts, sec.start), len(mentions)):
        m = mentions[k]
        if m.quantity.start >= sec.end:
            break
        if m.quantity.measure != "money":
            continue
        if budget is None and m.period == "budget":
            budget = m
            said = _BUDGET_WORD.search(m.label)
            word = said.group() if said else None
        elif final is None and m.period == "current" and _FINAL.search(m.label):
            final = m
    return _Item(_SPACE.sub("", cls), sec.start, sec.end, budget, word, final)


def _overall(items: list[_Item], intro: list[Mention]) -> list[Composition]:
    """The items' figures add up to the totals stated before them."""
    out: list[Composition] = []
    money = [m for m in intro if m.quantity.measure == "money"]
    finals = [it.final for it in items]
    total_final = next(
        (m for m in reversed(money) if m.period == "current" and _FINAL.search(m.label)), None
    )
    if total_final is not None and all(f is not None for f in finals):
        out.append(Composition(total_final, tuple(f for f in finals if f is not None), True))
    words = {it.word for it in items}
    budgets = [it.budget for it in items]
    if len(words) == 1 and None not in words and all(b is not None for b in budgets):
        word = next(iter(words))
        total_budget = next(
            (m for m in reversed(money) if m.period == "budget" and word in (m.label or "")),
            None,
        )
        if total_budget is not None:
            out.append(Composition(total_budget, tuple(b for b in budgets if b is not None), True))
    return out


def _by_class(items: list[_Item], mentions: list[Mention], before: int) -> list[Composition]:
    """The items of one class (类) add up to the figure an earlier paragraph gives the class."""
    out: list[Composition] = []
    if any(it.final is None for it in items):
        return out
    classes: dict[str, list[Mention]] = {}
    for it in items:
        if it.final is not None:
            classes.setdefault(it.cls, []).append(it.final)
    for cls, finals in classes.items():
        total = None
        for m in mentions:
            if m.quantity.start >= before:
                break
            if "类" not in m.label:
                continue  # (_CLASS_LABEL needs a 类, and removing spaces adds none)
            said = _CLASS_LABEL.search(_SPACE.sub("", m.label))
            if (
                said
                and said.group(1).endswith(cls)
                and m.quantity.measure == "money"
                and m.period == "current"
            ):
                total = m  # the nearest one before the items
        if total is not None:
            out.append(Composition(total, tuple(finals), True))
    return out
