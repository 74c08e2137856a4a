"""Required content (M001–M026), and the 三公 and empty-table rules (M030–M033).

Everything here reads the :class:`~budgetaudit.model.Coverage` the coverage stage produced.
A missing item is reported only for a document that looks whole: an excerpt or a cut-off text
is reported once as truncated (M033) and its absent sections are not held against it.
"""

from __future__ import annotations

from collections.abc import Iterator

from budgetaudit.checks.hit import Hit
from budgetaudit.model import Document

_KIND_NAME = {
    "预算": "a budget",
    "决算": "final accounts",
    "三公预算": "a “三公” budget note",
    "三公决算": "a “三公” final-accounts note",
}


def _title_span(doc: Document) -> tuple[int, int]:
    """Where a finding about the whole document points: its first line."""
    text = doc.norm.text
    start = len(text) - len(text.lstrip())
    end = text.find("\n", start)
    return start, end if end > start else max(start + 1, len(text))


def check_required(doc: Document) -> Iterator[Hit]:
    cov = doc.coverage
    if cov is None or cov.kind is None:
        return
    if cov.truncated is not None:
        end = cov.truncated
        start = doc.norm.text.rfind("\n", 0, end) + 1
        yield Hit(
            "M033",
            start,
            end,
            "the text stops mid-sentence: it is an excerpt or a page was cut off, "
            "so its missing sections are not reported",
            found=doc.norm.text[max(start, end - 20) : end],
        )
        return
    if not cov.looks_complete:
        return
    start, end = _title_span(doc)
    present = cov.present
    for item in cov.items:
        if item.present:
            continue
        yield Hit(
            item.code,
            start,
            end,
            f"{_KIND_NAME.get(cov.kind, 'the document')} must contain {item.title} "
            f"(DOMAIN.md §6); none was found ({present} of {len(cov.items)} required items present)",
            expected=item.title,
            found="missing",
        )


def check_sangong(doc: Document) -> Iterator[Hit]:
    cov = doc.coverage
    if cov is None or cov.truncated is not None:
        return
    if cov.sangong_unexplained is not None:
        a, b = cov.sangong_unexplained
        yield Hit(
            "M030",
            a,
            b,
            "the “三公” explanation states changes but gives no reason for any of them",
            expected="主要原因是…",
        )
    if cov.car_unsplit is not None:
        a, b = cov.car_unsplit
        yield Hit(
            "M031",
            a,
            b,
            "公务用车购置及运行费 is given as one figure: its 购置费 and 运行费 are not stated",
            expected="公务用车购置费 … 公务用车运行费 …",
            found=doc.norm.text[a:b],
        )


def check_empty_tables(doc: Document) -> Iterator[Hit]:
    cov = doc.coverage
    if cov is None:
        return
    for a, b in cov.empty_tables:
        yield Hit(
            "M032",
            a,
            b,
            "this table has no figures and no note saying why (空表说明)",
            expected="注：本表为空表，原因…",
            found=doc.norm.text[a:b],
        )
