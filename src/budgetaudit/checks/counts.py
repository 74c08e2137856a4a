"""Declared counts against the names listed (N001); an item's figure restated differently (D001)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from budgetaudit.checks.hit import Hit
from budgetaudit.intervals import of
from budgetaudit.model import Document

_RESTATE = re.compile(r"(?:((?:19|20)\d{2})年度?)?(?:本年|当年)?(?:预算安排|预算数为|预算为)$")


def check_count_lists(doc: Document) -> Iterator[Hit]:
    seen: set[int] = set()
    for cl in doc.facts.count_lists:
        if cl.declared.start in seen:
            continue
        seen.add(cl.declared.start)
        n = int(cl.declared.value)
        if n == 0 or any(item.startswith(("无", "没有")) or "无" in item[:4] for item in cl.items):
            continue  # "下设0个处室，分别是：无" lists nothing
        if n != len(cl.items):
            yield Hit.at(
                "N001",
                cl.declared,
                f"{cl.declared.raw} declared, {len(cl.items)} listed: {'、'.join(cl.items)}",
                expected=str(len(cl.items)),
            )


def check_restated_figures(doc: Document) -> Iterator[Hit]:
    """'N、<item>X万元。… 本年预算安排Y万元': X and Y are the same figure."""
    by_sentence = {}
    for m in doc.facts.mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    sentences = doc.facts.sentences
    for line in doc.facts.numbered_lines:
        i, line_end = line.sentence, line.line_end
        first = next((m for m in by_sentence.get(i, []) if m.quantity.measure == "money"), None)
        if first is None:
            continue
        for j in range(i + 1, len(sentences)):
            if sentences[j].start >= line_end:
                break
            for m in by_sentence.get(j, []):
                rm = _RESTATE.search(m.label)
                if not rm or m.quantity.measure != "money":
                    continue
                if rm.group(1) and doc.meta.year and int(rm.group(1)) != doc.meta.year:
                    continue
                if not of(m.quantity).meets(of(first.quantity)):
                    yield Hit.at(
                        "D001",
                        m.quantity,
                        f"the item is given as {first.quantity.raw} and then as {m.quantity.raw}",
                        expected=first.quantity.raw,
                    )
