"""Test helpers: fabricated findings and a stand-in for the rules (they do not exist yet)."""

from __future__ import annotations

from budgetaudit.model import FileReport, Finding, Severity, SourceText
from budgetaudit.positions import LineIndex

# Our own test text (never taken from the corpus).
CLEAN_TEXT = (
    "湘江市财政局2024年部门预算说明\n一、收支总体情况\n收入预算100万元，支出预算100万元。\n"
)

MARKERS = {"【错】": Severity.ERROR, "【警】": Severity.WARNING, "【注】": Severity.INFO}


def make_finding(
    severity: Severity = Severity.WARNING,
    *,
    line: int = 1,
    column: int = 1,
    end_line: int | None = None,
    end_column: int | None = None,
    code: str = "T001",
    message: str = "a fabricated finding",
    expected: str | None = None,
    found: str | None = None,
    section: str | None = None,
) -> Finding:
    return Finding(
        code=code,
        severity=severity,
        category="test",
        message=message,
        line=line,
        column=column,
        end_line=end_line if end_line is not None else line,
        end_column=end_column if end_column is not None else column + 1,
        expected=expected,
        found=found,
        section=section,
    )


def marker_audit(source: SourceText) -> FileReport:
    """A fake ``audit_source``: one finding per marker in the text (see MARKERS)."""
    index = LineIndex(source.text)
    findings = []
    for marker, severity in MARKERS.items():
        start = source.text.find(marker)
        while start != -1:
            line, column, end_line, end_column = index.span(start, start + len(marker))
            findings.append(
                make_finding(
                    severity,
                    line=line,
                    column=column,
                    end_line=end_line,
                    end_column=end_column,
                    code=f"T-{severity.value}",
                )
            )
            start = source.text.find(marker, start + 1)
    return FileReport(
        path=source.path,
        kind="预算",
        year=2024,
        department="湘江市财政局",
        findings=findings,
        lines=index.lines(),
    )
