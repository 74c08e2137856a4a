"""Issue 6, throughput: the batch's shortcuts give exactly what the plain paths give.

- Within a batch, a document paired with last year's is compared in a second pass that adds
  only the comparison's findings; the report must equal the one ``--prior`` gives.
- The JSON report is streamed file by file; its text must equal ``json.dumps(indent=2)``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from budgetaudit import report_json
from budgetaudit.cli import app
from budgetaudit.model import CoverageSummary, FileReport, Finding, Severity

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
PRIOR = (SAMPLES / "yoy-prior-2024.txt").read_text(encoding="utf-8")
CURRENT = (SAMPLES / "yoy-current-2025.txt").read_text(encoding="utf-8")

runner = CliRunner()


def _json(*args: str) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, ["check", "--format", "json", "--fail-on", "never", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_pair_in_batch_equals_prior_option(tmp_path: Path, jobs: str) -> None:
    prior = tmp_path / "a-2024.txt"
    # One figure changed: the comparison finds a Y101 besides the document's own findings.
    prior.write_text(PRIOR.replace("“三公”经费预算20.00万元", "“三公”经费预算21.00万元"), "utf-8")
    current = tmp_path / "b-2025.txt"
    current.write_text(CURRENT + "收入合计100万元，其中：拨款90万元，其他5万元。\n", "utf-8")
    in_batch = _json("--jobs", jobs, str(tmp_path))["files"][1]
    alone = _json("--prior", str(prior), str(current))["files"][0]
    assert in_batch == alone
    codes = [f["code"] for f in alone["findings"]]
    assert "Y101" in codes and any(not c.startswith("Y") for c in codes)
    assert in_batch["prior"] == str(prior)


def test_json_file_equals_stdout(tmp_path: Path) -> None:
    (tmp_path / "b-2025.txt").write_text(CURRENT, "utf-8")
    (tmp_path / "a-2024.txt").write_text(PRIOR, "utf-8")
    out = tmp_path / "report.json"
    args = ["check", "--format", "json", "--fail-on", "never"]
    printed = runner.invoke(
        app, [*args, str(tmp_path / "a-2024.txt"), str(tmp_path / "b-2025.txt")]
    )
    written = runner.invoke(
        app,
        [*args, "--output", str(out), str(tmp_path / "a-2024.txt"), str(tmp_path / "b-2025.txt")],
    )
    assert written.exit_code == printed.exit_code == 0
    assert out.read_text(encoding="utf-8") == printed.stdout


TEXT = st.text(st.characters(codec="utf-8"), max_size=12)
OPTIONAL_TEXT = st.none() | TEXT
SMALL = st.integers(min_value=-3, max_value=10**6)

FINDINGS = st.builds(
    Finding,
    code=TEXT,
    severity=st.sampled_from(list(Severity)),
    category=TEXT,
    message=TEXT,
    line=SMALL,
    column=SMALL,
    end_line=SMALL,
    end_column=SMALL,
    expected=OPTIONAL_TEXT,
    found=OPTIONAL_TEXT,
    section=OPTIONAL_TEXT,
    page=st.none() | SMALL,
    location=OPTIONAL_TEXT,
)
COVERAGE = st.none() | st.builds(
    CoverageSummary,
    kind=OPTIONAL_TEXT,
    present=st.integers(0, 30),
    required=st.integers(0, 30),
    missing=st.lists(TEXT, max_size=3).map(tuple),
    truncated=st.booleans(),
    complete=st.booleans(),
)
REPORTS = st.builds(
    FileReport,
    path=TEXT,
    kind=OPTIONAL_TEXT,
    year=st.none() | SMALL,
    department=OPTIONAL_TEXT,
    error=OPTIONAL_TEXT,
    findings=st.lists(FINDINGS, max_size=3),
    coverage=COVERAGE,
    prior=OPTIONAL_TEXT,
)


@given(st.lists(REPORTS, max_size=4), TEXT)
def test_streamed_json_is_json_dumps(reports: list[FileReport], version: str) -> None:
    expected = json.dumps(
        report_json.report_document(reports, version), ensure_ascii=False, indent=2
    )
    assert report_json.render(reports, version) == expected + "\n"
