"""The JSON report: one document per run, the contract of issue 2 (documented in README.md).

Formatting only: everything printed here is already in the :class:`FileReport` records.

The text is produced file by file (:func:`chunks`), so a batch of ten thousand reports is
written out without building one big object tree or string; it is byte for byte what
``json.dumps(report_document(...), ensure_ascii=False, indent=2)`` gives.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from json.encoder import encode_basestring  # the C string escaper, as json.dumps uses

from budgetaudit.model import FileReport, Severity

_INDENT = "  "


def report_document(reports: Sequence[FileReport], version: str) -> dict[str, object]:
    """The report as plain data (what :func:`render` serialises)."""
    return {
        "tool": _tool(version),
        "files": [_file(report) for report in reports],
        "summary": _summary(reports),
    }


def render(reports: Sequence[FileReport], version: str) -> str:
    """The JSON text, UTF-8 friendly (Chinese stays readable), ending with a newline."""
    return "".join(chunks(reports, version))


def chunks(reports: Sequence[FileReport], version: str) -> Iterator[str]:
    """:func:`render`'s text in pieces, one file's entry at a time."""
    yield "{\n" + _INDENT + '"tool": ' + _encode(_tool(version), 1) + ",\n"
    if not reports:
        yield _INDENT + '"files": [],\n'
    else:
        inner = "\n" + _INDENT * 2
        yield _INDENT + '"files": [' + inner
        last = len(reports) - 1
        for i, report in enumerate(reports):
            yield _encode(_file(report), 2) + ("," + inner if i < last else "\n" + _INDENT + "],\n")
    yield _INDENT + '"summary": ' + _encode(_summary(reports), 1) + "\n}\n"


def _tool(version: str) -> dict[str, object]:
    return {"name": "budgetaudit", "version": version}


def _summary(reports: Sequence[FileReport]) -> dict[str, object]:
    by_severity = {s.value: 0 for s in Severity}
    for report in reports:
        for finding in report.findings:
            by_severity[finding.severity.value] += 1
    return {
        "files": len(reports),
        "errors_reading": sum(1 for r in reports if r.error is not None),
        "findings": sum(by_severity.values()),
        "by_severity": by_severity,
    }


def _file(report: FileReport) -> dict[str, object]:
    return {
        "path": report.path,
        "kind": report.kind,
        "year": report.year,
        "department": report.department,
        "error": report.error,
        "findings": [f.to_dict() for f in report.findings],
        "coverage": report.coverage.to_dict() if report.coverage is not None else None,
        "prior": report.prior,
    }


def _encode(value: object, level: int) -> str:
    """``value`` as ``json.dumps(…, ensure_ascii=False, indent=2)`` prints it when it stands
    at nesting ``level`` (the first line unindented). Faster than json's pure-Python indenting
    encoder: one string join per container, scalars through json's C escaper."""
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = "\n" + _INDENT * (level + 1)
        items = [encode_basestring(k) + ": " + _encode(v, level + 1) for k, v in value.items()]
        return "{" + inner + ("," + inner).join(items) + "\n" + _INDENT * level + "}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        inner = "\n" + _INDENT * (level + 1)
        parts = [_encode(v, level + 1) for v in value]
        return "[" + inner + ("," + inner).join(parts) + "\n" + _INDENT * level + "]"
    # anything else (floats, …): exactly as json prints it
    return json.dumps(value, ensure_ascii=False)
