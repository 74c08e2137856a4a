"""Domain vocabularies and the rule catalogue, read from the TOML files in ``rules/``.

A built wheel carries ``rules/`` as ``budgetaudit/_rules``; an editable install reads it from the
checkout. Files are read once per process.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from budgetaudit import startcache

_UNKNOWN = object()  # (a label not seen yet: None is an answer)
_STRIP = re.compile(r"[（）()“”\"'‘’《》〈〉<>\[\]【】\s、]")


@cache
def rules_dir() -> Path:
    return Path(_rules_path())


@cache
def _rules_path() -> str:
    # os.path, not pathlib: ≈ 0.1 ms less of every start (the first audit asks for it)
    here = os.path.dirname(os.path.realpath(__file__))
    checkout = os.path.dirname(os.path.dirname(here))
    for candidate in (os.path.join(here, "_rules"), os.path.join(checkout, "rules")):
        if os.path.isfile(os.path.join(candidate, "catalog.toml")):
            return candidate
    raise FileNotFoundError(
        "budgetaudit rule data (rules/catalog.toml) is missing from the install"
    )


@cache
def rule_file(name: str) -> str:
    """The path of rules/``name``.toml."""
    return os.path.join(_rules_path(), f"{name}.toml")


@cache
def load(name: str) -> dict[str, Any]:
    # Parsed once per process, and by the command line once per change of the file.
    return startcache.toml_data(rule_file(name))


def squash(label: str) -> str:
    """A label without brackets, quotes and spaces, for vocabulary matching."""
    return _STRIP.sub("", label)


@dataclass(frozen=True)
class Concepts:
    """The concept vocabulary (rules/concepts.toml) and the standard decompositions."""

    names: tuple[tuple[str, str], ...]  # (squashed variant, concept id), longest first
    measure: dict[str, str]
    decompositions: tuple[tuple[str, frozenset[str]], ...]
    parents: dict[str, frozenset[str]]  # component → the totals it is part of
    generic: frozenset[str]  # funds and totals that qualify more specific concepts

    def match(self, label: str) -> str | None:
        """The concept whose longest variant occurs in the label (the later one on a tie);
        a specific concept beats a generic one."""
        # Labels as printed repeat within a document and across documents (≈ 55 % of the
        # corpus's figure labels recur in documents not seen before): the answer for one is
        # kept, which also skips the bracket-stripping pass. Other labels squashing to the same
        # text share the answer for that text.
        raw = self._raw_memo
        found = raw.get(label, _UNKNOWN)
        if found is not _UNKNOWN:
            return found  # type: ignore[return-value]
        flat = squash(label)
        memo = self._memo
        if flat not in memo:
            if len(memo) >= 50_000:  # labels repeat across documents; a batch must stay bounded
                memo.clear()
            memo[flat] = self._match(flat)
        if len(raw) >= 50_000:
            raw.clear()
        raw[label] = memo[flat]
        return memo[flat]

    @cached_property
    def _memo(self) -> dict[str, str | None]:
        return {}

    @cached_property
    def _raw_memo(self) -> dict[str, str | None]:
        return {}

    @cached_property
    def _by_first_char(self) -> dict[str, tuple[int, ...]]:
        """Indexes into ``names`` of the variants starting with each character: a label is
        only compared with variants that can occur in it."""
        index: dict[str, list[int]] = {}
        for i, (variant, _) in enumerate(self.names):
            index.setdefault(variant[:1], []).append(i)
        return {ch: tuple(ids) for ch, ids in index.items()}

    def _match(self, flat: str) -> str | None:
        index = self._by_first_char
        candidates = sorted(  # in the order of ``names``: ties go to the first, as before
            i for ch in {*flat, ""} for i in index.get(ch, ())
        )
        best: tuple[tuple[bool, int, int], str] | None = None
        for i in candidates:
            variant, concept = self.names[i]
            pos = flat.rfind(variant)
            if pos >= 0:
                key = (concept not in self.generic, len(variant), pos)
                if best is None or key > best[0]:
                    best = (key, concept)
        return best[1] if best else None

    def components_of(self, total: str) -> tuple[frozenset[str], ...]:
        return self._components.get(total, ())

    @cached_property
    def _components(self) -> dict[str, tuple[frozenset[str], ...]]:
        """Each total's decompositions, in their order (asked for ≈ 20 times a document)."""
        index: dict[str, list[frozenset[str]]] = {}
        for total, comps in self.decompositions:
            index.setdefault(total, []).append(comps)
        return {total: tuple(comps) for total, comps in index.items()}


@cache
def concepts() -> Concepts:
    return Concepts(**_concept_fields())


@startcache.derived("concepts", "decompositions")  # kept between runs of the command line
def _concept_fields() -> dict[str, Any]:
    data = load("concepts")
    names: list[tuple[str, str]] = []
    measure: dict[str, str] = {}
    for cid, entry in data.items():
        measure[cid] = entry.get("measure", "money")
        for name in entry["names"]:
            names.append((squash(name), cid))
    names.sort(key=lambda item: -len(item[0]))
    decomps = tuple(
        (d["total"], frozenset(d["components"])) for d in load("decompositions")["decomposition"]
    )
    parents: dict[str, set[str]] = {}
    for total, comps in decomps:
        for comp in comps:
            parents.setdefault(comp, set()).add(total)
    return {
        "names": tuple(names),
        "measure": measure,
        "decompositions": decomps,
        "parents": {k: frozenset(v) for k, v in parents.items()},
        "generic": frozenset(cid for cid, entry in data.items() if entry.get("generic")),
    }


@cache
def wording() -> dict[str, Any]:
    return load("wording")


@cache
def catalog() -> dict[str, dict[str, str]]:
    return load("catalog")


@cache
@startcache.derived("catalog")  # a check run then never reads the whole catalogue
def rule_classes() -> dict[str, tuple[str, str]]:
    """Each rule code's default severity and category: all a check needs of the catalogue."""
    return {code: (rule["severity"], rule["category"]) for code, rule in catalog().items()}
