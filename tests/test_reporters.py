"""Reporters format what the records say: grouping, positions, quoting, counts."""

from __future__ import annotations

import io
import json

from rich.console import Console

from budgetaudit import report_json, report_rich
from budgetaudit.model import FileReport, Severity
from support import make_finding

LINES = [
    "湘江市财政局2024年部门预算说明",
    "一、收支总体情况",
    "收入合计[1]100万元，其中拨款90万元。",
]


def _report() -> FileReport:
    return FileReport(
        path="a.txt",
        kind="预算",
        year=2024,
        department="湘江市财政局",
        lines=list(LINES),
        findings=[
            make_finding(
                Severity.INFO, line=3, column=17, end_column=19, code="B2", section="二、支出"
            ),
            make_finding(
                Severity.ERROR,
                line=3,
                column=5,
                end_column=11,
                code="A1",
                message="parts do not add up",
                expected="100",
                found="90",
                section="一、收支总体情况",
            ),
            make_finding(Severity.WARNING, line=1, column=1, end_column=4, code="C3"),
        ],
    )


def _plain(*reports: FileReport) -> str:
    buffer = io.StringIO()
    report_rich.render(list(reports), report_rich.make_console(buffer, colour=False))
    return buffer.getvalue()


def test_rich_groups_by_section_in_document_order() -> None:
    out = _plain(_report())
    assert out.index("C3") < out.index("一、收支总体情况") < out.index("A1")
    assert out.index("A1") < out.index("二、支出") < out.index("B2")
    assert "\x1b[" not in out


def test_rich_finding_shows_position_message_and_expected_found() -> None:
    out = _plain(_report())
    row = next(line for line in out.splitlines() if "A1" in line)
    assert "error" in row and "3:5" in row and "parts do not add up" in row
    assert "expected 100 / found 90" in out


def test_rich_quotes_source_and_marks_span_under_wide_characters() -> None:
    lines = _plain(_report()).splitlines()
    i = next(k for k, line in enumerate(lines) if "A1" in line)
    source, marker = lines[i + 2], lines[i + 3]
    assert source.endswith(LINES[2])  # brackets survive: no markup interpretation
    start = source.index(LINES[2])
    # Columns 5-10 are "[1]100": after 4 wide characters (8 cells), 6 narrow carets.
    assert marker[start:] == " " * 8 + "^" * 6
    assert marker[:start].strip() == "│" == source[:start].split()[-1]


def test_rich_summaries() -> None:
    broken = FileReport(path="b.txt", error="binary file (contains NUL bytes)")
    out = _plain(_report(), broken)
    assert "1 error, 1 warning, 1 info  (预算 · 2024 · 湘江市财政局)" in out
    assert "cannot check: binary file (contains NUL bytes)" in out
    assert out.rstrip().splitlines()[-1] == (
        "2 files checked (1 could not be checked): 1 error, 1 warning, 1 info"
    )


def test_rich_long_line_is_windowed_around_the_span() -> None:
    line = "甲" * 300 + "错误" + "乙" * 300
    report = FileReport(
        path="long.txt", lines=[line], findings=[make_finding(line=1, column=301, end_column=303)]
    )
    out = _plain(report)
    source = next(row for row in out.splitlines() if "错误" in row)
    assert "…" in source and len(source) < 120


def test_rich_out_of_range_positions_do_not_crash() -> None:
    report = FileReport(
        path="x.txt",
        lines=["短"],
        findings=[make_finding(line=1, column=50, end_column=2), make_finding(line=9, column=1)],
    )
    assert "2 warnings" in _plain(report)


def test_rich_colour_marks_severity() -> None:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, color_system="standard", width=200)
    report_rich.render([_report()], console)
    assert "\x1b[" in buffer.getvalue()


def test_json_render() -> None:
    text = report_json.render([_report()], "9.9")
    doc = json.loads(text)
    assert text.endswith("\n") and "湘江市财政局" in text
    assert doc["tool"] == {"name": "budgetaudit", "version": "9.9"}
    assert [f["code"] for f in doc["files"][0]["findings"]] == ["B2", "A1", "C3"]
    assert doc["summary"]["by_severity"] == {"error": 1, "warning": 1, "info": 1}
