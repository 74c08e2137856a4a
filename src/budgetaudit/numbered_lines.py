"""Sentences that open a numbered line ('3、…', '二、…', '（1）…'): an item whose figure the rest
of its line may restate (read by the restated-figure check, D001)."""

from __future__ import annotations

import re
from bisect import bisect_left
from operator import attrgetter

from budgetaudit.model import Facts, Normalized, NumberedLine

# (The spaces possessive: a marker opens with no space, so giving some back never helps.)
_MARKER = (
    r"\s*+(?:\d{1,2}[.、．]|[一二三四五六七八九十]+[、．]|[（(][一二三四五六七八九十\d]+[）)])"
)
_ITEM_START = re.compile(_MARKER)
# A line break before a marked line (the break is its match: each break is tried once).
_MARKED_LINE = re.compile(rf"\n(?={_MARKER})")
_START = attrgetter("start")


def find_numbered_lines(norm: Normalized, facts: Facts) -> tuple[NumberedLine, ...]:
    """The sentences that start a line with an item marker (after spaces), in order."""
    text = norm.text
    # The marked lines' starts, found in one scan, and the sentences that start there (found by
    # bisection: most sentences start a line, and trying the marker at each cost more).
    marked = [m.end() for m in _MARKED_LINE.finditer(text)]
    if _ITEM_START.match(text):
        marked.insert(0, 0)
    starts = list(map(_START, facts.sentences))  # (in order)
    out = []
    for at in marked:
        i = bisect_left(starts, at)
        while i < len(starts) and starts[i] == at:
            line_end = text.find("\n", at)
            out.append(NumberedLine(i, len(text) if line_end < 0 else line_end))
            i += 1
    return tuple(out)
