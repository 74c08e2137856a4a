"""The human report: findings grouped by file, then by section, with the source line quoted.

Formatting only. A report is built as lines of styled runs (:class:`Line`); a Rich console
prints them as :class:`rich.text.Text` (document text never goes through markup, so brackets
in a budget, ``[2024]``, ``【表一】``, print as they are). Where Rich would print no colour and
no wrapping (output not to a terminal, or to a file), :func:`make_console` gives a
:class:`PlainConsole` that writes the same characters without starting Rich, which costs
≈ 12 ms of every start (issue 6); anything it cannot print byte for byte as Rich would goes to a
real Rich console.
"""

from __future__ import annotations

import builtins
import os
import re
import sys
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING, Any

from budgetaudit.model import FileReport, Finding, Severity

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "blue"}
SPAN_STYLE = "bold reverse"
# Quote at most this many characters of a long line (PDF text often has whole paragraphs on
# one line), keeping CONTEXT characters either side of the span.
MAX_QUOTE = 100
CONTEXT = 40
GUTTER = 8  # width of the line-number gutter

Run = tuple[str, "str | None"]  # some text and its style


class Line:
    """One printed line: runs of text, each with its style, over a style for the whole line."""

    __slots__ = ("runs", "style")

    def __init__(self, text: str = "", style: str | None = None) -> None:
        self.style = style
        self.runs: list[Run] = [(text, None)] if text else []

    def append(self, text: str, style: str | None = None) -> Line:
        if text:
            self.runs.append((text, style))
        return self

    def extend(self, other: Line) -> Line:
        """Append the runs of ``other`` (a line made without a line style)."""
        self.runs.extend(other.runs)
        return self

    @property
    def plain(self) -> str:
        return "".join(text for text, _ in self.runs)

    def to_text(self) -> Text:
        from rich.text import Text

        text = Text(style=self.style or "")
        for run, style in self.runs:
            text.append(run, style=style)
        return text


# ---------------------------------------------------------------- consoles


def make_console(file: IO[str] | None = None, *, colour: bool = True) -> Any:
    """A console for the report.

    With ``colour`` Rich decides by itself (off when not a TTY, or when NO_COLOR is set); a
    report written to a file never has colour. Soft wrapping keeps each finding's lines whole
    when the output is a file or a pipe. Where that means plain text, the console is a
    :class:`PlainConsole` (it hands everything else to the Rich console it stands for).
    """
    if _plain(file, colour=colour):
        return PlainConsole(file, colour=colour)
    return _rich_console(file, colour=colour)


def _rich_console(file: IO[str] | None, *, colour: bool) -> Console:
    from rich.console import Console

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


def _plain(file: IO[str] | None, *, colour: bool) -> bool:
    """Whether Rich would print without colour or wrapping, judged conservatively: any doubt
    (Windows consoles, notebooks, colour forced by the environment) leaves it to Rich."""
    if sys.platform == "win32" or hasattr(builtins, "get_ipython"):
        return False
    if not colour:
        return True
    if "FORCE_COLOR" in os.environ or "TTY_COMPATIBLE" in os.environ:
        return False
    stream = file if file is not None else sys.stdout
    try:
        return stream is not None and stream.isatty() is False
    except (AttributeError, ValueError):
        return False


class PlainConsole:
    """Prints report lines as plain text, exactly as the Rich console it stands for would
    without colour and with soft wrapping; that console is made only if something else is
    printed (a table) or a line holds characters Rich would change (tabs, control codes,
    whitespace at the end)."""

    def __init__(self, file: IO[str] | None, *, colour: bool) -> None:
        self._file = file
        self._colour = colour
        self._rich: Console | None = None

    @property
    def rich(self) -> Console:
        if self._rich is None:
            self._rich = _rich_console(self._file, colour=self._colour)
        return self._rich

    def print_line(self, line: Line) -> None:
        text = line.plain
        if _printable_as_is(text):
            self._write(text + "\n")
        else:
            self.rich.print(line.to_text())

    def print(self, *objects: Any, **options: Any) -> None:
        if not objects and not options:
            self._write("\n")
        else:
            self.rich.print(*objects, **options)

    def _write(self, text: str) -> None:
        stream = self._file if self._file is not None else sys.stdout
        stream.write(text)
        stream.flush()  # as Rich does after each print

    def __getattr__(self, name: str) -> Any:
        return getattr(self.rich, name)


# Control codes (below U+0020, and DEL): one search instead of a test per character.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _printable_as_is(text: str) -> bool:
    """No character Rich strips or expands (control codes, tabs), no blank or whitespace-ended
    piece between line breaks (older Rich trims trailing whitespace past the width)."""
    for piece in text.split("\n"):
        if not piece or piece[-1].isspace() or _CONTROL.search(piece):
            return False
    return True


def _print(console: Any, line: Line) -> None:
    if isinstance(console, PlainConsole):
        console.print_line(line)
    else:
        console.print(line.to_text())


def render(reports: Sequence[FileReport], console: Any) -> None:
    for report in reports:
        for line in _file_lines(report):
            _print(console, line)
        console.print()
    _print(console, _overall(reports))


# ---------------------------------------------------------------- one file


def _file_lines(report: FileReport) -> list[Line]:
    header = Line(report.path, style="bold")
    meta = _meta(report)
    if meta:
        header.append("  " + meta, style="dim")
    lines = [header]
    if report.error is not None:
        lines.append(Line("  cannot check: ", style="bold red").append(report.error))
        return lines
    for section, findings in _by_section(report.findings):
        if section is not None:
            lines.append(Line("  " + section, style="bold underline"))
        for finding in findings:
            lines.extend(_finding_lines(finding, report.lines))
    if report.coverage is not None:
        lines.append(_coverage_line(report))
    lines.append(_file_summary(report))
    return lines


def _by_section(findings: Sequence[Finding]) -> list[tuple[str | None, list[Finding]]]:
    """Findings in document order, grouped by section in the order sections first appear."""
    groups: dict[str | None, list[Finding]] = {}
    for finding in sorted(findings, key=lambda f: (f.line, f.column, f.code)):
        groups.setdefault(finding.section, []).append(finding)
    return list(groups.items())


def _finding_lines(finding: Finding, lines: Sequence[str]) -> list[Line]:
    head = Line("  ")
    head.append(f"{finding.severity.value:<8}", style=SEVERITY_STYLE[finding.severity])
    head.append(f"{finding.code}  ", style="bold")
    head.append(f"{finding.line}:{finding.column}  ", style="cyan")
    if finding.location:  # page/line of a PDF, paragraph or table cell of Word and HTML
        head.append(f"[{finding.location}]  ", style="cyan")
    head.append(finding.message)
    out = [head]
    if finding.expected is not None or finding.found is not None:
        detail = Line(" " * GUTTER)
        if finding.expected is not None:
            detail.append("expected ", style="dim").append(finding.expected, style="green")
        if finding.expected is not None and finding.found is not None:
            detail.append(" / ", style="dim")
        if finding.found is not None:
            detail.append("found ", style="dim").append(finding.found, style="red")
        out.append(detail)
    if 1 <= finding.line <= len(lines):
        out.extend(_quote(finding, lines[finding.line - 1]))
    return out


def _quote(finding: Finding, line: str) -> list[Line]:
    """The source line (a window of it, if long) with the span highlighted and underlined."""
    start = finding.column - 1
    # A span over several lines: mark the rest of its first line.
    end = finding.end_column - 1 if finding.end_line == finding.line else len(line)
    start = max(0, min(start, len(line)))
    end = max(start, min(end, len(line)))
    # Control characters (tab, form feed) would shift the caret line; show them as spaces.
    shown = _CONTROL.sub(" ", line)
    prefix, suffix = "", ""
    if len(shown) > MAX_QUOTE:
        lo = max(0, start - CONTEXT)
        hi = min(len(shown), max(end, start + 1) + CONTEXT)
        prefix = "…" if lo > 0 else ""
        suffix = "…" if hi < len(shown) else ""
        shown, start, end = shown[lo:hi], start - lo, end - lo
    gutter = f"{finding.line:>{GUTTER - 3}} │ "
    source = Line(gutter, style="dim")
    source.append(prefix, style="dim")
    if end > start:
        source.append(shown[:start]).append(shown[start:end], SPAN_STYLE).append(shown[end:])
    else:
        source.append(shown)
    source.append(suffix, style="dim")
    rows = [source]
    if end > start:
        pad = cell_len(prefix) + cell_len(shown[:start])
        carets = "^" * max(1, cell_len(shown[start:end]))
        marker = Line(" " * (GUTTER - 3) + " │ ", style="dim")
        marker.append(" " * pad + carets, style=SEVERITY_STYLE[finding.severity])
        rows.append(marker)
    return rows


# Characters whose width in terminal cells every Unicode version (and Rich) agrees on: the
# caret line needs no Rich tables (importing them costs ≈ 1.5 ms) for most Chinese text.
_NARROW = ((0x20, 0x7E), (0xA0, 0xAC), (0xAE, 0x2FF), (0x2018, 0x2019), (0x201C, 0x201D),
           (0x2026, 0x2026))  # fmt: skip
_WIDE = (
    (0x3000, 0x3029),
    (0x3030, 0x303E),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xFF01, 0xFF60),
    (0xFFE0, 0xFFE6),
)


def cell_len(text: str) -> int:
    """Width of ``text`` in terminal cells, as :func:`rich.cells.cell_len` counts it."""
    width = 0
    for ch in text:
        code = ord(ch)
        # The two ranges nearly every character of a budget is in, tested first.
        if 0x4E00 <= code <= 0x9FFF:
            width += 2
        elif 0x20 <= code <= 0x7E or any(lo <= code <= hi for lo, hi in _NARROW):
            width += 1
        elif any(lo <= code <= hi for lo, hi in _WIDE):
            width += 2
        else:
            from rich.cells import cell_len as rich_cell_len

            return rich_cell_len(text)
    return width


# ---------------------------------------------------------------- summaries


def _meta(report: FileReport) -> str:
    parts = [report.kind, str(report.year) if report.year is not None else None, report.department]
    return " · ".join(p for p in parts if p)


def _counts(findings: Sequence[Finding]) -> dict[Severity, int]:
    counts = dict.fromkeys(Severity, 0)
    for finding in findings:
        counts[finding.severity] += 1
    return counts


def _count_text(counts: dict[Severity, int]) -> Line:
    text = Line()
    for i, severity in enumerate(Severity):
        if i:
            text.append(", ")
        n = counts[severity]
        word = severity.value if n == 1 or severity is Severity.INFO else severity.value + "s"
        text.append(f"{n} {word}", style=SEVERITY_STYLE[severity] if n else "dim")
    return text


def _file_summary(report: FileReport) -> Line:
    text = Line("  ")
    text.extend(_count_text(_counts(report.findings)))
    meta = _meta(report)
    if meta:
        text.append(f"  ({meta})", style="dim")
    return text


def _coverage_line(report: FileReport) -> Line:
    """'coverage: 20 of 22 required items present (missing: …)', and the prior document."""
    cov = report.coverage
    assert cov is not None
    text = Line("  coverage: ", style="dim")
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


def _overall(reports: Sequence[FileReport]) -> Line:
    findings = [f for r in reports for f in r.findings]
    unreadable = sum(1 for r in reports if r.error is not None)
    text = Line(f"{len(reports)} file{'s' if len(reports) != 1 else ''} checked", style="bold")
    if unreadable:
        text.append(f" ({unreadable} could not be checked)", style="bold red")
    text.append(": ")
    text.extend(_count_text(_counts(findings)))
    return text
