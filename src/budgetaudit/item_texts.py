"""Numbered subject items (``8、…住房公积金（项）``) and what their paragraphs say the money is for
(``主要用于：…``, ``原因是…``). The item check (C013) compares the two with vocabularies."""

from __future__ import annotations

import re

from budgetaudit.model import ItemText, Normalized, Statement

_ITEM = re.compile(
    r"(?m)^\s*(?:\d{1,2}[.、．]|[（(]\d{1,2}[）)])\s*[“\"]?.*?([^（）()”“\"]{2,30})[（(]项[）)]"
)
# "（项）", matched from its 项 (the bracket before it is looked behind for): the regex engine
# scans for a literal much faster than for the many brackets. A match starts one after the marker.
_MARKER = re.compile(r"项(?<=[（(]项)[）)]")
_BLANK_LINE = re.compile(r"\s*")
_SAYS = re.compile(r"(主要用于|原因(?:是|为)?)[:：]?([^。；;]*)")
_PARAGRAPH_MAX = 600  # an item's paragraph(s) without a heading after them end here


# A line that ends an item's paragraph(s): 一、… or 第一部分 — table rows such as '一、财政拨款收入'
# included, so this is not structure.find_headings (which leaves table rows out).
_PARAGRAPH_END = re.compile(r"(?m)^\s*(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分)")


def find_item_texts(norm: Normalized) -> tuple[ItemText, ...]:
    text = norm.text
    if "项）" not in text and "项)" not in text:
        return ()  # no "…（项）" at all: the (slow, line-anchored) scan would find no item
    items = _items(text)
    out = []
    for k, item in enumerate(items):
        end = items[k + 1].start() if k + 1 < len(items) else len(text)
        # The item's own paragraph(s): up to the next item or heading line.
        nxt = _PARAGRAPH_END.search(text, item.end(), end)
        end = nxt.start() if nxt else min(end, item.end() + _PARAGRAPH_MAX)
        statements = tuple(
            Statement(m.start(), m.end(), m.group(), m.group(2))
            for m in _SAYS.finditer(text, item.end(), end)
        )
        out.append(ItemText(item.group(1), statements))
    return tuple(out)


def _items(text: str) -> list[re.Match[str]]:
    """``_ITEM.finditer(text)``, scanning only near each "（项）": the pattern's lazy ``.*?``
    is slow on the many numbered lines without one.

    A match ends on a marker, its 2–30 character name just before it (the name cannot
    contain a bracket, so a match never crosses a marker with its name), and it starts at
    the line holding the name's start or at blank lines above it. So the matches fall into
    stretches around the markers; stretches are merged when they overlap or share a line
    (the lazy part may cross a marker on its own line), and each is scanned as the whole
    text would be.
    """
    stretches: list[list[int]] = []
    for m in _MARKER.finditer(text):
        marker = m.start() - 1  # the opening bracket
        start = text.rfind("\n", 0, max(0, marker - 32)) + 1
        while start > 0:  # blank lines above: the pattern's leading \s* crosses them
            above = text.rfind("\n", 0, start - 1) + 1
            if _BLANK_LINE.fullmatch(text, above, start - 1) is None:
                break
            start = above
        if stretches and (
            start <= stretches[-1][1] or text.find("\n", stretches[-1][1], marker) < 0
        ):
            stretches[-1][1] = m.end()
        else:
            stretches.append([start, m.end()])
    return [item for a, z in stretches for item in _ITEM.finditer(text, a, z)]
