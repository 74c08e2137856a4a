"""An item's description or reason copied from a neighbouring item (C013).

'8、…住房公积金（项）。主要用于：事业单位医疗保险支出' describes another subject; so does a reason
'事业单位离退休经费增加' under 职业年金. The subject families are data in rules/wording.toml.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from budgetaudit import vocab
from budgetaudit.checks.hit import Hit
from budgetaudit.model import Document

_ITEM = re.compile(
    r"(?m)^\s*(?:\d{1,2}[.、．]|[（(]\d{1,2}[）)])\s*[“\"]?.*?([^（）()”“\"]{2,30})[（(]项[）)]"
)
_MARKER = re.compile(r"[（(]项[）)]")
_BLANK_LINE = re.compile(r"\s*")
_SAYS = re.compile(r"(主要用于|原因(?:是|为)?)[:：]?([^。；;]*)")


def _family(text: str, families: dict[str, list[str]]) -> set[str]:
    return {name for name, words in families.items() if any(w in text for w in words)}


def check_item_texts(doc: Document) -> Iterator[Hit]:
    families: dict[str, list[str]] = vocab.wording()["item_families"]
    text = doc.norm.text
    if "项）" not in text and "项)" not in text:
        return  # no "…（项）" at all: the (slow, line-anchored) scan would find no item
    items = _items(text)
    for k, item in enumerate(items):
        own = _family(item.group(1), families)
        if len(own) != 1:
            continue
        end = items[k + 1].start() if k + 1 < len(items) else len(text)
        # The item's own paragraph(s): up to the next item or heading line.
        nxt = re.compile(
            r"(?m)^\s*(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分)"
        ).search(text, item.end(), end)
        end = nxt.start() if nxt else min(end, item.end() + 600)
        for says in _SAYS.finditer(text, item.end(), end):
            named = _family(says.group(2), families)
            if named and not (named & own):
                other = "、".join(sorted(named))
                yield Hit(
                    "C013",
                    says.start(),
                    says.end(),
                    f"'{says.group()[:30]}' speaks of {other}, but the item is {next(iter(own))}",
                    found=says.group()[:40],
                )


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
        start = text.rfind("\n", 0, max(0, m.start() - 32)) + 1
        while start > 0:  # blank lines above: the pattern's leading \s* crosses them
            above = text.rfind("\n", 0, start - 1) + 1
            if _BLANK_LINE.fullmatch(text, above, start - 1) is None:
                break
            start = above
        if stretches and (
            start <= stretches[-1][1] or "\n" not in text[stretches[-1][1] : m.start()]
        ):
            stretches[-1][1] = m.end()
        else:
            stretches.append([start, m.end()])
    return [item for a, z in stretches for item in _ITEM.finditer(text, a, z)]
