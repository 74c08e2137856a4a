"""Numbered subject items (``8、…住房公积金（项）``) and what their paragraphs say the money is for
(``主要用于：…``, ``原因是…``). The item check (C013) compares the two with vocabularies."""

from __future__ import annotations

import re

from budgetaudit.model import ItemText, Normalized, Statement

_ITEM = re.compile(
    r"(?m)^\s*(?:\d{1,2}[.、．]|[（(]\d{1,2}[）)])\s*[“\"]?.*?([^（）()”“\"]{2,30})[（(]项[）)]"
)
_SAYS = re.compile(r"(主要用于|原因(?:是|为)?)[:：]?([^。；;]*)")
_PARAGRAPH_MAX = 600  # an item's paragraph(s) without a heading after them end here


# A line that ends an item's paragraph(s): 一、… or 第一部分 — table rows such as '一、财政拨款收入'
# included, so this is not structure.find_headings (which leaves table rows out).
_PARAGRAPH_END = re.compile(r"(?m)^\s*(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分)")


def find_item_texts(norm: Normalized) -> tuple[ItemText, ...]:
    text = norm.text
    if "项）" not in text and "项)" not in text:
        return ()  # no "…（项）" at all: the (slow, line-anchored) scan would find no item
    items = list(_ITEM.finditer(text))
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
