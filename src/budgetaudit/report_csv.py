"""CSV: one row per finding (RFC 4180, UTF-8), with a header row. A file that could not be
checked is one row with ``error`` set and no code."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from budgetaudit.fingerprint import fingerprint
from budgetaudit.model import FileReport

COLUMNS = (
    "path",
    "code",
    "severity",
    "category",
    "line",
    "column",
    "end_line",
    "end_column",
    "message",
    "expected",
    "found",
    "section",
    "page",
    "fingerprint",
    "error",
)


def render(reports: Sequence[FileReport]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for report in reports:
        if report.error is not None:
            writer.writerow([report.path, *[""] * (len(COLUMNS) - 2), report.error])
        for f in report.findings:
            writer.writerow(
                [
                    report.path,
                    f.code,
                    f.severity.value,
                    f.category,
                    f.line,
                    f.column,
                    f.end_line,
                    f.end_column,
                    f.message,
                    _cell(f.expected),
                    _cell(f.found),
                    _cell(f.section),
                    "" if f.page is None else f.page,
                    fingerprint(f, report.lines),
                    "",
                ]
            )
    return buffer.getvalue()


def _cell(value: str | None) -> str:
    return "" if value is None else value
