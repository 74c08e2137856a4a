"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` line per finding,
which GitHub shows as an annotation on the file and line in a pull request.
"""

from __future__ import annotations

from collections.abc import Sequence

from budgetaudit.model import FileReport, Finding, Severity

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def render(reports: Sequence[FileReport]) -> str:
    lines = []
    for report in reports:
        if report.error is not None:
            lines.append(
                f"::error file={_prop(report.path)}::{_data('cannot check: ' + report.error)}"
            )
        lines.extend(_line(report.path, f) for f in report.findings)
    return "".join(line + "\n" for line in lines)


def _line(path: str, f: Finding) -> str:
    props = (
        f"file={_prop(path)},line={f.line},col={f.column},"
        f"endLine={f.end_line},endColumn={f.end_column},title={_prop(f.code + ' ' + f.category)}"
    )
    message = f.message
    if f.expected is not None or f.found is not None:
        message += f" (expected {f.expected or '—'}, found {f.found or '—'})"
    return f"::{COMMAND[f.severity]} {props}::{_data(message)}"


def _data(text: str) -> str:
    # Escaping as GitHub's toolkit does (core/command.ts).
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
