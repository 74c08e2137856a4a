"""The JSON report: one document per run, the contract of issue 2 (documented in README.md).

Formatting only: everything printed here is already in the :class:`FileReport` records.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from budgetaudit.model import FileReport, Severity


def report_document(reports: Sequence[FileReport], version: str) -> dict[str, object]:
    """The report as plain data (what :func:`render` serialises)."""
    by_severity = {s.value: 0 for s in Severity}
    for report in reports:
        for finding in report.findings:
            by_severity[finding.severity.value] += 1
    return {
        "tool": {"name": "budgetaudit", "version": version},
        "files": [_file(report) for report in reports],
        "summary": {
            "files": len(reports),
            "errors_reading": sum(1 for r in reports if r.error is not None),
            "findings": sum(by_severity.values()),
            "by_severity": by_severity,
        },
    }


def render(reports: Sequence[FileReport], version: str) -> str:
    """The JSON text, UTF-8 friendly (Chinese stays readable), ending with a newline."""
    return json.dumps(report_document(reports, version), ensure_ascii=False, indent=2) + "\n"


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
