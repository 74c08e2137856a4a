"""An item's description or reason copied from a neighbouring item (C013).

'8、…住房公积金（项）。主要用于：事业单位医疗保险支出' describes another subject; so does a reason
'事业单位离退休经费增加' under 职业年金. The subject families are data in rules/wording.toml; the
items and their statements are facts (item_texts.py).
"""

from __future__ import annotations

from collections.abc import Iterator

from budgetaudit import vocab
from budgetaudit.checks.hit import Hit
from budgetaudit.model import Document


def _family(text: str, families: dict[str, list[str]]) -> set[str]:
    return {name for name, words in families.items() if any(w in text for w in words)}


def check_item_texts(doc: Document) -> Iterator[Hit]:
    families: dict[str, list[str]] = vocab.wording()["item_families"]
    for item in doc.facts.item_texts:
        own = _family(item.name, families)
        if len(own) != 1:
            continue
        for says in item.statements:
            named = _family(says.said, families)
            if named and not (named & own):
                other = "、".join(sorted(named))
                yield Hit(
                    "C013",
                    says.start,
                    says.end,
                    f"'{says.text[:30]}' speaks of {other}, but the item is {next(iter(own))}",
                    found=says.text[:40],
                )
