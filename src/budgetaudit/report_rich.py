"""The human report: findings grouped by file, then by section, with the source line quoted.

Formatting only. Every piece of document text goes through :class:`rich.text.Text`, never
through markup, so brackets in a budget (``[2024]``, ``【表一】``) print as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from budgetaudit.model import FileReport, Finding, Severity

SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "blue"}
SPAN_STYLE = "bold reverse"
# Quote at most this many characters of a long line (PDF text often has whole paragraphs on
# one line), keeping CONTEXT characters either side of the span.
MAX_QUOTE = 100
CONTEXT = 40
GUTTER = 8  # width of the line-number gutter


def make_console(file: IO[str] | None = None, *, colour: bool = True) -> Console:
    """A console for the report.

    With ``colour`` Rich decides by itself (off when not a TTY, or when NO_COLOR is set); a
    report written to a file never has colour. Soft wrapping keeps each finding's lines whole
    when the output is a file or a pipe.
    """
    if not colour:
        return Console(
            file=file,
            color_system=None,
            highlight=False,
            emoji=False,
            soft_wrap=True,
            force_terminal=False,
        )
    console = Console(file=file, highlight=False, emoji=False)
    if not console.is_terminal:
        console.soft_wrap = True
    return console


def render(reports: Sequence[FileReport], console: Console) -> None:
    for report in reports:
        _render_file(report, console)
        console.print()
    console.print(_overall(reports))


# ---------------------------------------------------------------- one file


def _render_file(report: FileReport, console: Console) -> None:
    header = Text(report.path, style="bold")
    meta = _meta(report)
    if meta:
        header.append("  " + meta, style="dim")
    console.print(header)
    if report.error is not None:
        console.print(Text("  cannot check: ", style="bold red") + Text(report.error))
        return
    for section, findings in _by_section(report.findings):
        if section is not None:
            console.print(Text("  " + section, style="bold underline"))
        for finding in findings:
            _render_finding(finding, report.lines, console)
    if report.coverage is not None:
        console.print(_coverage_line(report))
    console.print(_file_summary(report))


def _by_section(findings: Sequence[Finding]) -> list[tuple[str | None, list[Finding]]]:
    """Findings in document order, grouped by section in the order sections first appear."""
    groups: dict[str | None, list[Finding]] = {}
    for finding in sorted(findings, key=lambda f: (f.line, f.column, f.code)):
        groups.setdefault(finding.section, []).append(finding)
    return list(groups.items())


def _render_finding(finding: Finding, lines: Sequence[str], console: Console) -> None:
    head = Text("  ")
    head.append(f"{finding.severity.value:<8}", style=SEVERITY_STYLE[finding.severity])
    head.append(f"{finding.code}  ", style="bold")
    head.append(f"{finding.line}:{finding.column}  ", style="cyan")
    if finding.location:  # page/line of a PDF, paragraph or table cell of Word and HTML
        head.append(f"[{finding.location}]  ", style="cyan")
    head.append(finding.message)
    console.print(head)
    if finding.expected is not None or finding.found is not None:
        detail = Text(" " * GUTTER)
        if finding.expected is not None:
            detail.append("expected ", style="dim").append(finding.expected, style="green")
        if finding.expected is not None and finding.found is not None:
            detail.append(" / ", style="dim")
        if finding.found is not None:
            detail.append("found ", style="dim").append(finding.found, style="red")
        console.print(detail)
    if 1 <= finding.line <= len(lines):
        for row in _quote(finding, lines[finding.line - 1]):
            console.print(row)


def _quote(finding: Finding, line: str) -> list[Text]:
    """The source line (a window of it, if long) with the span highlighted and underlined."""
    start = finding.column - 1
    # A span over several lines: mark the rest of its first line.
    end = finding.end_column - 1 if finding.end_line == finding.line else len(line)
    start = max(0, min(start, len(line)))
    end = max(start, min(end, len(line)))
    # Control characters (tab, form feed) would shift the caret line; show them as spaces.
    shown = "".join(" " if ord(ch) < 0x20 or ch == "\x7f" else ch for ch in line)
    prefix, suffix = "", ""
    if len(shown) > MAX_QUOTE:
        lo = max(0, start - CONTEXT)
        hi = min(len(shown), max(end, start + 1) + CONTEXT)
        prefix = "…" if lo > 0 else ""
        suffix = "…" if hi < len(shown) else ""
        shown, start, end = shown[lo:hi], start - lo, end - lo
    gutter = f"{finding.line:>{GUTTER - 3}} │ "
    source = Text(gutter, style="dim")
    source.append(prefix, style="dim")
    body = Text(shown)
    if end > start:
        body.stylize(SPAN_STYLE, start, end)
    source.append_text(body)
    source.append(suffix, style="dim")
    rows = [source]
    if end > start:
        pad = cell_len(prefix) + cell_len(shown[:start])
        carets = "^" * max(1, cell_len(shown[start:end]))
        marker = Text(" " * (GUTTER - 3) + " │ ", style="dim")
        marker.append(" " * pad + carets, style=SEVERITY_STYLE[finding.severity])
        rows.append(marker)
    return rows


# ---------------------------------------------------------------- summaries


def _meta(report: FileReport) -> str:
    parts = [report.kind, str(report.year) if report.year is not None else None, report.department]
    return " · ".join(p for p in parts if p)


def _counts(findings: Sequence[Finding]) -> dict[Severity, int]:
    counts = dict.fromkeys(Severity, 0)
    for finding in findings:
        counts[finding.severity] += 1
    return counts


def _count_text(counts: dict[Severity, int]) -> Text:
    text = Text()
    for i, severity in enumerate(Severity):
        if i:
            text.append(", ")
        n = counts[severity]
        word = severity.value if n == 1 or severity is Severity.INFO else severity.value + "s"
        text.append(f"{n} {word}", style=SEVERITY_STYLE[severity] if n else "dim")
    return text


def _file_summary(report: FileReport) -> Text:
    text = Text("  ")
    text.append_text(_count_text(_counts(report.findings)))
    meta = _meta(report)
    if meta:
        text.append(f"  ({meta})", style="dim")
    return text


def _coverage_line(report: FileReport) -> Text:
    """'coverage: 20 of 22 required items present (missing: …)', and the prior document."""
    cov = report.coverage
    assert cov is not None
    text = Text("  coverage: ", style="dim")
    if cov.kind is None:
        text.append("kind of document not recognised, nothing required", style="dim")
        return text
    style = "green" if cov.present == cov.required else "yellow"
    text.append(f"{cov.present} of {cov.required}", style=style)
    text.append(f" required items of a {cov.kind} document present")
    if cov.missing:
        text.append(" (missing: " + "、".join(cov.missing) + ")", style="dim")
    if cov.truncated:
        text.append("; the text is cut off, missing items not reported", style="dim")
    elif not cov.complete:
        text.append("; looks like an excerpt, missing items not reported", style="dim")
    if report.prior is not None:
        text.append("\n  compared with last year's ", style="dim")
        text.append(report.prior)
    return text


def _overall(reports: Sequence[FileReport]) -> Text:
    findings = [f for r in reports for f in r.findings]
    unreadable = sum(1 for r in reports if r.error is not None)
    text = Text(f"{len(reports)} file{'s' if len(reports) != 1 else ''} checked", style="bold")
    if unreadable:
        text.append(f" ({unreadable} could not be checked)", style="bold red")
    text.append(": ")
    text.append_text(_count_text(_counts(findings)))
    return text
