"""Sentences that open a numbered line ('3、…', '二、…', '（1）…'): an item whose figure the rest
of its line may restate (read by the restated-figure check, D001)."""

from __future__ import annotations

import re

from budgetaudit.model import Facts, Normalized, NumberedLine

_ITEM_START = re.compile(
    r"\s*(?:\d{1,2}[.、．]|[一二三四五六七八九十]+[、．]|[（(][一二三四五六七八九十\d]+[）)])"
)


def find_numbered_lines(norm: Normalized, facts: Facts) -> tuple[NumberedLine, ...]:
    text = norm.text
    match = _ITEM_START.match
    out = []
    for i, sent in enumerate(facts.sentences):
        at = sent.start
        if (at and text[at - 1] != "\n") or not match(text, at):
            continue
        line_end = text.find("\n", at)
        out.append(NumberedLine(i, len(text) if line_end < 0 else line_end))
    return tuple(out)
