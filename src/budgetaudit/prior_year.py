"""Year over year: the previous year's document supplies the base of every "比上年 …" statement.

A budget says "三公经费47.91万元，比2023年预算增加25万元"; last year's budget said what the 2023
figure was. This module finds, for each change and each printed prior-year figure of the
current document, the figure of the same concept in the prior document, and reports (Y101–Y105)
where the two documents disagree, or where a figure moved by 10% or more without a reason.

It also pairs the documents of one batch: same department and kind, years one apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import TypeVar

from budgetaudit import vocab
from budgetaudit.checks.hit import Hit
from budgetaudit.intervals import HUNDRED, fmt, of, printed_percent, ratio_percent
from budgetaudit.model import Change, Document, Mention, Normalized, SourceText

P = TypeVar("P")  # a document of a batch: its path, or its index

# A figure that moved by this share of its prior value needs a reason (issue 7).
MATERIAL = Decimal(10)

# Bases a prior *budget* document cannot supply: last year's execution or final figures.
_NOT_BUDGET_BASE = re.compile(r"执行|决算|实际")
_NOT_FINAL_BASE = re.compile(r"(?<!上年)(?<!上年度)(?<!\d年)(?:年初)?预算")
_LABEL_NOISE = re.compile(
    r"(?:19|20)\d{2}年度?|本年度?|当年|今年|全年|年初|上年|其中|合计|总计|共计|预算数|决算数|"
    r"预算安排|安排|预算|决算|支出数|[为是的共计约达:：]"
)
_NUMBERING = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十\d]+[、.．])"
)


@dataclass(frozen=True)
class Base:
    """The prior document's figure of one concept."""

    mention: Mention
    key: str


def label_key(label: str) -> str:
    """A figure's name without years, periods and filler: what stays the same across years."""
    return _LABEL_NOISE.sub("", vocab.squash(_NUMBERING.sub("", label)))


def _change_quantities(doc: Document) -> set[int]:
    """Start offsets of figures that are change amounts or percentages, not figures of a year."""
    out = set()
    for ch in doc.facts.changes:
        for q in (ch.amount, ch.percent):
            if q is not None:
                out.add(q.start)
    return out


def _figures(doc: Document) -> dict[str, list[Base]]:
    """The document's own-year figures by concept (money only, change amounts left out)."""
    skip = _change_quantities(doc)
    out: dict[str, list[Base]] = {}
    for m in doc.facts.mentions:
        if (
            m.concept is None
            or m.period != "current"
            or m.quantity.measure != "money"
            or m.quantity.start in skip
        ):
            continue
        out.setdefault(m.concept, []).append(Base(m, label_key(m.label)))
    return out


def _base_for(subject: Mention, figures: dict[str, list[Base]]) -> Mention | None:
    """The prior document's figure for ``subject``: same concept and name, or the only value."""
    if subject.concept is None:
        return None
    cands = figures.get(subject.concept, [])
    if not cands:
        return None
    key = label_key(subject.label)
    named = [b.mention for b in cands if b.key == key]
    pool = named or [b.mention for b in cands]
    values = {m.quantity.value for m in pool}
    return pool[0] if len(values) == 1 else None


def _comparable(base_text: str, current: Document) -> bool:
    """Can the prior document supply this change's base ('比2023年预算' for a 2024 budget)?"""
    years = [int(y) for y in re.findall(r"((?:19|20)\d{2})", base_text)]
    if current.meta.year and years and any(y != current.meta.year - 1 for y in years):
        return False
    if current.meta.kind == "决算":
        return not _NOT_FINAL_BASE.search(base_text)
    return not _NOT_BUDGET_BASE.search(base_text)


_REASON = re.compile(r"原因|由于|因为")
_REASON_REACH = 600  # characters after a change where its section may still give the reason


def _reasoned(ch: Change, doc: Document) -> bool:
    """A reason for the change: its own, or one its section gives later ('…增加的主要原因是…',
    or the reasons of the parts listed under it)."""
    if ch.reason is not None:
        return True
    text = doc.norm.text
    end = min(len(text), ch.end + _REASON_REACH)
    sentence_end = text.find("。", ch.end)
    opens_list = "其中" in text[ch.end : sentence_end + 4 if sentence_end >= 0 else end]
    if not opens_list:  # the parts of a "…其中：" list may be sections of their own
        for sec in doc.sections:
            if sec.start <= ch.start < sec.end:
                end = min(end, sec.end)
                break
    return bool(_REASON.search(text, ch.end, end))


def _pct_text(value: Decimal) -> str:
    return fmt(value, 2) + "%"


def _check_change(ch: Change, base: Mention, prior: Document) -> Iterator[Hit]:
    assert ch.subject is not None
    cur, prev = of(ch.subject.quantity), of(base.quantity)
    delta = cur - prev
    where = f"{prior.source.path}: {base.label}{base.quantity.raw}"
    if ch.prior is not None and not of(ch.prior.quantity).meets(prev):
        yield Hit.at(
            "Y103",
            ch.prior.quantity,
            f"last year's figure is printed as {ch.prior.quantity.raw}, "
            f"but last year's document says {base.quantity.raw}",
            expected=base.quantity.raw,
            found=f"{ch.prior.quantity.raw} (last year's document: {where})",
        )
        return
    d = ch.direction
    if d == 0:
        if not delta.contains_zero():
            word = ch.direction_words[0]
            yield Hit(
                "Y101",
                word[1],
                word[2],
                f"'{word[0]}' (unchanged), but last year's document gives {base.quantity.raw} "
                f"against {ch.subject.quantity.raw} now",
                expected=f"a change of {fmt(abs(ch.subject.quantity.value - base.quantity.value))}万元",
                found=f"{word[0]} (last year's document: {where})",
            )
        return
    if d in (1, -1):
        wrong_way = (d == 1 and delta.hi < 0) or (d == -1 and delta.lo > 0)
        if ch.amount is not None and (wrong_way or not delta.abs().meets(of(ch.amount))):
            diff = ch.subject.quantity.value - base.quantity.value
            yield Hit.at(
                "Y101",
                ch.amount,
                f"against last year's document ({base.quantity.raw}) the change is "
                f"{'+' if diff >= 0 else '−'}{fmt(abs(diff))}万元, the text gives "
                f"{ch.direction_words[0][0]}{ch.amount.raw}",
                expected=f"{fmt(abs(diff))}万元",
                found=f"{ch.amount.raw} (last year's document: {where})",
            )
        elif ch.percent is not None and base.quantity.value != 0:
            r = ratio_percent(delta.abs(), prev)
            if r is not None and (wrong_way or not r.meets(printed_percent(ch.percent))):
                mid = (r.lo + r.hi) / 2
                yield Hit.at(
                    "Y102",
                    ch.percent,
                    f"against last year's document ({base.quantity.raw}) the change is about "
                    f"{_pct_text(mid)}, the text gives {ch.percent.raw}",
                    expected=_pct_text(mid),
                    found=f"{ch.percent.raw} (last year's document: {where})",
                )


def _moved(current: Mention, base: Mention) -> Decimal | None:
    """The change from ``base`` to ``current`` in percent, when it is surely 10% or more."""
    prev = of(base.quantity)
    if prev.lo <= 0:
        return None
    r = ratio_percent((of(current.quantity) - prev).abs(), prev)
    if r is None or r.lo < MATERIAL:
        return None
    return (current.quantity.value - base.quantity.value) * HUNDRED / base.quantity.value


def compare(current: Document, prior: Document) -> list[Hit]:
    """Every disagreement between the current document and last year's (Y101–Y105)."""
    cy, py = current.meta.year, prior.meta.year
    if cy is not None and py is not None and py != cy - 1:
        start = len(current.norm.text) - len(current.norm.text.lstrip())
        end = current.norm.text.find("\n", start)
        return [
            Hit(
                "Y105",
                start,
                end if end > start else start + 1,
                f"the prior document ({prior.source.path}) is for {py}, not {cy - 1}: "
                "its figures are not last year's, nothing was compared",
                expected=str(cy - 1),
                found=str(py),
            )
        ]
    figures = _figures(prior)
    hits: list[Hit] = []
    explained: set[str] = set()  # concepts whose change the text states (with or without reason)
    for ch in current.facts.changes:
        if ch.subject is None or ch.subject.period != "current":
            continue
        if not _comparable(ch.base, current):
            continue
        base = _base_for(ch.subject, figures)
        if base is None:
            continue
        if ch.subject.concept:
            explained.add(ch.subject.concept)
        found = list(_check_change(ch, base, prior))
        hits.extend(found)
        moved = _moved(ch.subject, base)
        if not found and moved is not None and not _reasoned(ch, current) and ch.direction != 0:
            word = ch.direction_words[0]
            hits.append(
                Hit(
                    "Y104",
                    word[1],
                    word[2],
                    f"{ch.subject.label or 'this figure'} changed by {_pct_text(moved)} from "
                    f"last year's {base.quantity.raw} without a stated reason",
                    expected="主要原因是…",
                    found=f"{base.quantity.raw} → {ch.subject.quantity.raw}",
                )
            )
    hits.extend(_printed_priors(current, figures, prior))
    hits.extend(_silent_moves(current, figures, explained))
    return hits


def _printed_priors(
    current: Document, figures: dict[str, list[Base]], prior: Document
) -> Iterator[Hit]:
    """'2023年预算为X万元' outside a change statement: X must be what last year's document said."""
    in_changes = {ch.prior.quantity.start for ch in current.facts.changes if ch.prior is not None}
    for m in current.facts.mentions:
        if m.period != "prior" or m.quantity.start in in_changes or m.quantity.measure != "money":
            continue
        if not _comparable(m.label, current):
            continue
        probe = Mention(m.quantity, m.label, m.concept, "current", m.sentence)
        base = _base_for(probe, figures)
        if base is None or of(m.quantity).meets(of(base.quantity)):
            continue
        yield Hit.at(
            "Y103",
            m.quantity,
            f"last year's figure is printed as {m.quantity.raw}, "
            f"but last year's document says {base.quantity.raw}",
            expected=base.quantity.raw,
            found=f"{m.quantity.raw} (last year's document: {prior.source.path}: "
            f"{base.label}{base.quantity.raw})",
        )


_HEADLINE = (
    "income_total",
    "expend_total",
    "fiscal",
    "basic",
    "project",
    "sangong",
    "abroad",
    "car_total",
    "reception",
    "admin_running",
    "procurement",
)


def _silent_moves(
    current: Document, figures: dict[str, list[Base]], explained: set[str]
) -> Iterator[Hit]:
    """Headline figures that moved by 10% or more and whose change the text never mentions."""
    own = _figures(current)
    stated = {ch.subject.quantity.value for ch in current.facts.changes if ch.subject is not None}
    for concept in _HEADLINE:
        if concept in explained or concept not in own:
            continue
        first = own[concept][0].mention
        if first.quantity.value in stated:
            continue  # the change of this very figure is stated, under another name
        base = _base_for(first, figures)
        if base is None:
            continue
        moved = _moved(first, base)
        if moved is None:
            continue
        yield Hit.at(
            "Y104",
            first.quantity,
            f"{first.label or concept} changed by {_pct_text(moved)} from last year's "
            f"{base.quantity.raw}; the text states neither the change nor its reason",
            expected="比上年增加/减少…，主要原因是…",
            found=f"{base.quantity.raw} → {first.quantity.raw}",
        )


# ---------------------------------------------------------------------------- batch pairing


@lru_cache(maxsize=8)
def prior_document(path: str) -> Document:
    """Last year's document, analysed once per process (a batch compares many files with it)."""
    from budgetaudit.load import load_path
    from budgetaudit.pipeline import analyse

    return analyse(load_path(path))


_DEPT_LABEL = re.compile(
    r"(?:预算主管部门|主管部门|预算单位|决算单位|单位名称|部门名称|编制单位|编制部门)[:：]\s*([^\s|｜，,。]+)"
)
# What an organisation's name ends with (a bare region or "第二部分" is not one).
_ORGANISATION = re.compile(
    r"(?:局|委|办|处|院|中心|站|所|校|学|园|会|队|部|馆|厅|室|街道|镇|乡|政府|办事处|委员会|公司|社|团)$"
)


def department_key(text: str, department: str | None) -> str | None:
    """The organisation a document is about, as a pairing key; None when it is not clear."""
    head = "\n".join(text.split("\n")[:40])
    m = _DEPT_LABEL.search(head)
    name = m.group(1) if m else department
    if not name:
        return None
    key = re.sub(r"[（(][^）)]*[）)]|\s|“|”", "", name)
    return key if _ORGANISATION.search(key) and not key.startswith("第") else None


PairingKey = tuple[str, str, str, int]  # department, scope, kind, year


def pairing_key(norm: Normalized) -> PairingKey | None:
    """What pairs a document with last year's: its department, scope, kind and year."""
    from budgetaudit.structure import detect_meta

    meta = detect_meta(norm)
    dept = department_key(norm.text, meta.department)
    if dept is None or meta.kind is None or meta.year is None:
        return None
    # A unit's own budget is compared with the unit's, a department's with the department's.
    scope = "单位" if re.search(r"单位(?:预算|决算)", meta.title or "") else "部门"
    return (dept, scope, meta.kind, meta.year)


def pair_keys(keyed: Iterable[tuple[P, PairingKey | None]]) -> dict[P, P]:
    """For each document of a batch with a key, the first one of last year's key."""
    by_key: dict[PairingKey, P] = {}
    known: list[tuple[P, PairingKey]] = []
    for doc, key in keyed:
        if key is None:
            continue
        by_key.setdefault(key, doc)
        known.append((doc, key))
    out: dict[P, P] = {}
    for doc, (dept, scope, kind, year) in known:
        prior = by_key.get((dept, scope, kind, year - 1))
        if prior is not None:
            out[doc] = prior
    return out


def pair_sources(sources: Iterable[SourceText]) -> dict[str, SourceText]:
    """For each path of a batch, last year's document of the same department and kind."""
    from budgetaudit.normalize import normalize

    docs = list(sources)
    pairs = pair_keys((i, pairing_key(normalize(doc.text))) for i, doc in enumerate(docs))
    return {docs[i].path: docs[prior] for i, prior in pairs.items()}
