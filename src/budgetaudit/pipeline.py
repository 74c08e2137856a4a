"""The pipeline, end to end: load → normalise → structure → extract → rules → report data."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from operator import le

from budgetaudit import check_facts, coverage, vocab
from budgetaudit.checks import Hit, run_checks
from budgetaudit.extract import extract
from budgetaudit.locations import locate
from budgetaudit.model import Document, FileReport, Finding, Section, Severity, SourceText
from budgetaudit.normalize import normalize
from budgetaudit.positions import LineIndex
from budgetaudit.structure import build_sections, detect_meta, find_headings
from budgetaudit.tables import find_tables


def analyse(source: SourceText, *, tables: bool = True) -> Document:
    """Everything up to the rules: the document as the checks see it. Without ``tables``,
    no tables and no coverage: the text's facts only (all that comparing with last year's
    document needs)."""
    norm = normalize(source.text)
    headings = find_headings(norm)
    sections = build_sections(norm, headings)
    meta = detect_meta(norm)
    facts = extract(norm, sections, meta)
    if not tables:
        return Document(source, norm, meta, headings, sections, facts)
    found = find_tables(norm, meta.year)
    doc = Document(source, norm, meta, headings, sections, facts, found.tables, found.refs)
    doc.coverage = coverage.detect(doc)  # required content, read by the M checks
    check_facts.fill(doc)  # what the text checks read (years, coded rows …)
    return doc


def _section_finder(sections: Sequence[Section]) -> Callable[[int], Section | None]:
    """The first of ``sections`` that holds an offset. build_sections makes them follow one
    another without overlapping: then the only one that can hold it is the last starting at
    or before it, found by bisection (a scan per finding is quadratic in long documents)."""
    starts = [sec.start for sec in sections]
    ends = [sec.end for sec in sections]
    # (each starts before it ends, and ends before the next starts: the starts are sorted)
    if all(map(le, starts, ends)) and all(map(le, ends[:-1], starts[1:])):

        def find(offset: int) -> Section | None:
            k = bisect_right(starts, offset) - 1
            if k >= 0 and offset < sections[k].end:
                return sections[k]
            return None

        return find

    def scan(offset: int) -> Section | None:
        return next((sec for sec in sections if sec.start <= offset < sec.end), None)

    return scan


def _finding(
    doc: Document, index: LineIndex, hit: Hit, section_of: Callable[[int], Section | None]
) -> Finding:
    severity, category = vocab.rule_classes()[hit.code]
    origin = doc.norm.origin
    start = origin[min(hit.start, len(origin) - 1)]
    end = origin[min(max(hit.end - 1, hit.start), len(origin) - 1)] + 1
    line, column, end_line, end_column = index.span(start, min(end, len(doc.source.text)))
    sec = section_of(hit.start)
    section = (" › ".join(sec.path) or None) if sec is not None else None
    page, location = locate(doc.source, index, start)
    return Finding(
        code=hit.code,
        severity=Severity(severity),
        category=category,
        message=hit.message,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        expected=hit.expected,
        found=hit.found,
        section=section,
        page=page,
        location=location,
    )


def audit_source(source: SourceText, prior: Document | None = None) -> FileReport:
    """Audit one document; with ``prior`` (last year's), also check it against that one."""
    doc = analyse(source)
    hits = run_checks(doc)
    if prior is not None:
        from budgetaudit import prior_year

        hits.extend(prior_year.compare(doc, prior))
    return report_of(doc, hits, prior)


def report_of(doc: Document, hits: list[Hit], prior: Document | None = None) -> FileReport:
    """The report of an analysed document with these hits (each located once, in order)."""
    source = doc.source
    index = LineIndex(source.text)
    section_of = _section_finder(doc.sections)
    findings = sorted(
        {_finding(doc, index, hit, section_of) for hit in hits},
        key=lambda f: (f.line, f.column, f.code, f.message),
    )
    return FileReport(
        path=source.path,
        kind=doc.meta.kind,
        year=doc.meta.year,
        department=doc.meta.department,
        findings=findings,
        lines=index.lines(),
        coverage=coverage.summary(doc.coverage),
        prior=prior.source.path if prior is not None else None,
    )


def audit_text(text: str, path: str = "<text>") -> FileReport:
    """Audit a document given as text."""
    return audit_source(SourceText(path=path, text=text, encoding="utf-8"))


def audit_path(path: str) -> FileReport:
    """Audit a file; an unreadable file gives a report with ``error`` set, never an exception."""
    from budgetaudit.load import InputError, load_path

    try:
        source = load_path(path)
    except InputError as exc:
        return FileReport(path=path, error=str(exc))
    return audit_source(source)
