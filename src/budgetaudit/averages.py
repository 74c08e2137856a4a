"""Per-head figures: ``保有量3辆，运行维护费5.28万元，平均每辆1.76万元``.

An average (平均每辆, 人均, 车均 …) right after an amount divides that amount by the one count of
the same unit stated before it in the sentence. Only unambiguous readings become facts: the
amount must end where the average begins (nothing but a comma between them), it must not be a
change (比上年增加…), and the sentence must hold exactly one count in the unit the average is
per (two head counts — 编制 and 实有 — leave the divisor open, so nothing is read).
"""

from __future__ import annotations

import re

from budgetaudit.model import Average, Facts, Mention

# 平均每辆(车) / 每辆平均 / 人均 / 车均, then a few words (支出, 约, 为) before the figure.
_PER = re.compile(
    r"(?:平均每(?P<a>[辆人台])车?|每(?P<b>[辆人台])车?平均|(?P<c>[人车])均)"
    r"(?P<gap>[^\d，,。；;：:、\n（）()]{0,6}?)$"
)
_UNIT = {"辆": "辆", "车": "辆", "人": "人", "台": "台"}
# A rate per period or per trip is not the average of the stated total.
_PERIOD = re.compile(r"[月年天日次]")
# The amount is a change, not a total: 比上年增加 5万元，平均每辆…
_CHANGE = re.compile(r"比|较|同比|增加|减少|增长|下降|降低|上升|节约|压减|持平")
_JOINER = re.compile(r"[，,\s]{0,2}")


def averages(text: str, facts: Facts) -> list[Average]:
    out: list[Average] = []
    if "均" not in text:
        return out  # every wording of _PER holds 均 (most documents have none)
    labels: dict[int, Mention] | None = None  # made when an amount is first asked about
    qs = facts.quantities
    sentences = facts.sentences
    si = 0
    for i, q in enumerate(qs):
        if q.measure != "money" or i == 0:
            continue
        while si < len(sentences) and sentences[si].end <= q.start:
            si += 1
        if si >= len(sentences):
            break
        start = max(sentences[si].start, qs[i - 1].end)
        if text.find("均", start, q.start) < 0:
            continue  # (a plain find: _PER's search would try every position)
        m = _PER.search(text, start, q.start)
        if m is None or _PERIOD.search(m.group("gap")):
            continue
        unit = _UNIT[m.group("a") or m.group("b") or m.group("c")]
        total = qs[i - 1]
        if total.measure != "money" or total.start < sentences[si].start:
            continue
        if not _JOINER.fullmatch(text, total.end, m.start()):
            continue
        if labels is None:
            labels = {id(m.quantity): m for m in facts.mentions}
        if _is_change(labels.get(id(total))):
            continue
        counts = [
            c
            for c in qs[: i - 1]
            if c.start >= sentences[si].start and c.measure == "count" and c.unit == unit
        ]
        if len(counts) != 1 or counts[0].value <= 0:
            continue
        out.append(Average(average=q, total=total, count=counts[0]))
    return out


def _is_change(m: Mention | None) -> bool:
    return m is not None and bool(_CHANGE.search(m.label))
