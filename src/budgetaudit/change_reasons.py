"""What the reason given for a change says: whether it only says what the money is for (主要
用于…) and whether it names an income item (事业收入 …). The reason checks (R001–R004, C008,
C011) judge these facts with the direction vocabularies; they parse no text."""

from __future__ import annotations

import re

from budgetaudit.model import ChangeReason, Facts, Normalized

_USE_ONLY = re.compile(r"^[^，,。；;]{0,20}?(?:主要)?用于")
_CAUSE = re.compile(
    r"因|由于|导致|致使|所以|控制|严格|压缩|节约|调整|变化|增加|减少|新增|下降|上升"
)
_INCOME_ITEM = re.compile(r"(?<!财政拨款)(?<!预算)(?<!基金)(?:处置|事业|经营|利息|租金|其他)收入")


def find_change_reasons(norm: Normalized, facts: Facts) -> tuple[ChangeReason, ...]:
    """The reasons of the changes whose direction is stated (the others are not judged)."""
    text = norm.text
    out = []
    for i, ch in enumerate(facts.changes):
        if ch.reason is None or ch.direction is None:
            continue
        start, end = ch.reason
        reason = text[start:end]
        subject = ch.subject.label if ch.subject else text[max(0, ch.start - 20) : ch.start]
        income = _INCOME_ITEM.search(reason)
        out.append(
            ChangeReason(
                change=i,
                start=start,
                end=end,
                text=reason,
                lead=text[ch.end : start],
                subject_words=subject,
                use_only=bool(_USE_ONLY.search(reason)) and not _CAUSE.search(reason),
                income=(income.group(), start + income.start(), start + income.end())
                if income
                else None,
            )
        )
    return tuple(out)
