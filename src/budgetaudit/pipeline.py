"""The pipeline, end to end: load → normalise → structure → extract → rules → report data."""

from __future__ import annotations

from budgetaudit.model import FileReport, SourceText


def audit_source(source: SourceText) -> FileReport:
    report = FileReport(path=source.path, lines=source.text.splitlines())
    return report


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
