"""Every figure the tool understood in a document, as typed records (``budgetaudit extract``).

Researchers build datasets from these; they are also the quickest way to see what the parser
missed. A :class:`Figure` is one number the extractor attached a label to, with its concept
(when recognised), value in the canonical unit (万元 for money), the unit as printed, and
where it stands in the input.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

# pipeline imports the fact-extraction module budgetaudit.extract; importing it here, first,
# lets the package's ``extract`` name be this module's function whatever the import order.
from budgetaudit import pipeline
from budgetaudit.model import Document, FileReport, Mention, SourceText
from budgetaudit.positions import LineIndex


@dataclass(frozen=True)
class Figure:
    """One figure of a document.

    ``value`` is exact, in the canonical unit of ``measure``: 万元 for ``"money"`` (an amount
    printed in 元 or 亿元 is converted), percentage points for ``"percent"``, the number itself
    for ``"count"``. ``unit`` and ``raw`` are as printed. ``period`` says which figure of the
    concept it is: ``"current"``, ``"prior"``, ``"budget"`` or ``"unknown"``. ``line`` and
    ``column`` are 1-based in the decoded input, as in findings; ``page`` is known only for
    paged sources.
    """

    path: str
    section: str | None
    concept: str | None
    label: str
    value: Decimal
    unit: str
    measure: str
    period: str
    year: int | None  # the document's year
    kind: str | None
    department: str | None
    line: int
    column: int
    page: int | None
    raw: str

    def to_dict(self) -> dict[str, Any]:
        """Plain data; ``value`` stays a :class:`~decimal.Decimal`."""
        return {name: getattr(self, name) for name in COLUMNS}


COLUMNS = (
    "path", "section", "concept", "label", "value", "unit", "measure", "period", "year",
    "kind", "department", "line", "column", "page", "raw",
)  # fmt: skip


@dataclass
class Extraction:
    """The figures of one input, or why it could not be read (``error``)."""

    path: str
    kind: str | None = None
    year: int | None = None
    department: str | None = None
    error: str | None = None
    figures: list[Figure] = field(default_factory=list)


def extract(path: str | os.PathLike[str]) -> Extraction:
    """The figures of the file at ``path``; an unreadable file gives ``error``, never raises."""
    return extract_item(os.fspath(path))


def extract_text(text: str, path: str = "<text>") -> Extraction:
    """The figures of a document given as text."""
    return _extract_source(SourceText(path=path, text=text, encoding="utf-8"))


def extract_item(item: str | FileReport) -> Extraction:
    """The per-document function of ``budgetaudit extract`` (see :mod:`budgetaudit.batch`)."""
    from budgetaudit.batch import internal_error, one_line

    if isinstance(item, FileReport):  # a path that expanded to nothing, or a lost worker
        return Extraction(path=item.path, error=item.error)
    from budgetaudit.load import InputError, load_path

    try:
        source = load_path(item)
    except InputError as exc:
        return Extraction(path=item, error=one_line(str(exc)))
    except Exception as exc:
        return Extraction(path=item, error=internal_error(exc))
    try:
        return _extract_source(source)
    except Exception as exc:
        return Extraction(path=item, error=internal_error(exc))


def _extract_source(source: SourceText) -> Extraction:
    doc = pipeline.analyse(source)
    index = LineIndex(source.text)
    meta = doc.meta
    figures = [_figure(doc, index, mention) for mention in doc.facts.mentions]
    figures.sort(key=lambda f: (f.line, f.column))
    return Extraction(
        path=source.path,
        kind=meta.kind,
        year=meta.year,
        department=meta.department,
        figures=figures,
    )


def _figure(doc: Document, index: LineIndex, mention: Mention) -> Figure:
    quantity = mention.quantity
    origin = doc.norm.origin
    start = origin[min(quantity.start, len(origin) - 1)]
    start = min(start, len(doc.source.text))
    line, column = index.position(start)
    section = None
    for sec in doc.sections:
        if sec.start <= quantity.start < sec.end:
            section = " › ".join(sec.path) or None
            break
    page = None
    if doc.source.pages:
        page = sum(1 for p in doc.source.pages if p <= start) or None
    return Figure(
        path=doc.source.path,
        section=section,
        concept=mention.concept,
        label=mention.label,
        value=quantity.value,
        unit=quantity.unit,
        measure=quantity.measure,
        period=mention.period,
        year=doc.meta.year,
        kind=doc.meta.kind,
        department=doc.meta.department,
        line=line,
        column=column,
        page=page,
        raw=quantity.raw,
    )
