"""Baselines and suppressions (issue 5): only new findings, stable when lines move; every
suppression carries a reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetaudit.cli import app

runner = CliRunner()
SAMPLE = (
    Path(__file__).resolve().parent.parent / "samples" / "zhuzhou-beijing-office-2024-budget.txt"
)


def invoke(*args: str):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output
    return result


def findings(*args: str) -> tuple[int, list[tuple[int, str]]]:
    result = invoke("check", "--format", "json", *args)
    assert result.exit_code != 2, result.stderr
    found = json.loads(result.stdout)["files"][0]["findings"]
    return result.exit_code, sorted((f["line"], f["code"]) for f in found)


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    path = tmp_path / "draft.txt"
    path.write_text(SAMPLE.read_text("utf-8"), "utf-8")
    return path


def test_baseline_reports_only_new_findings_even_when_lines_move(
    draft: Path, tmp_path: Path
) -> None:
    baseline = tmp_path / "baseline.json"
    result = invoke("check", "--write-baseline", str(baseline), str(draft))
    assert result.exit_code == 0
    assert "wrote 6 findings" in result.stderr
    data = json.loads(baseline.read_text("utf-8"))
    assert {e["path"] for e in data["findings"]} == {"draft.txt"}
    assert findings("--baseline", str(baseline), str(draft)) == (0, [])
    # Next draft: two paragraphs inserted at the top, and one new problem (a doubled word).
    text = draft.read_text("utf-8")
    first, rest = text.split("\n", 1)
    draft.write_text(first + "\n新增的说明段落。\n另一段说明的的文字。\n" + rest, "utf-8")
    code, new = findings("--baseline", str(baseline), str(draft))
    assert (code, new) == (1, [(3, "W001")])
    # Without the baseline everything is back, two lines further down.
    assert (41 + 2, "K001") in findings(str(draft))[1]


def test_baseline_finding_reappears_when_its_sentence_changes(draft: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "b.json"
    invoke("check", "--write-baseline", str(baseline), str(draft))
    draft.write_text(draft.read_text("utf-8").replace("主要是是", "主要的是是"), "utf-8")
    assert findings("--baseline", str(baseline), str(draft))[1] == [(54, "W001")]


def test_baseline_works_from_another_directory(
    draft: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    baseline = tmp_path / "b.json"
    invoke("check", "--write-baseline", str(baseline), str(draft))
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    assert findings("--baseline", "../b.json", "../draft.txt") == (0, [])


@pytest.mark.parametrize(
    ("content", "message"),
    [("{", "not valid JSON"), ('{"findings": []}', "not a budgetaudit baseline")],
)
def test_bad_baseline_is_exit_2(draft: Path, tmp_path: Path, content: str, message: str) -> None:
    baseline = tmp_path / "b.json"
    baseline.write_text(content, "utf-8")
    result = invoke("check", "--baseline", str(baseline), str(draft))
    assert result.exit_code == 2 and message in result.stderr
    missing = invoke("check", "--baseline", str(tmp_path / "none.json"), str(draft))
    assert missing.exit_code == 2 and "cannot read baseline" in missing.stderr


# ---------------------------------------------------------------- suppressions


def test_suppressions_with_reasons(draft: Path, tmp_path: Path) -> None:
    (tmp_path / "budgetaudit-suppressions.toml").write_text(
        '[[suppress]]\ncode = "K001"\nreason = "驻京办人员经费由市本级统一列支，运行经费等于基本支出属实"\n'
        '\n[[suppress]]\ncode = "W001"\ntext = "包括包括"\nreason = "原文如此，发布稿已改"\n'
        '\n[[suppress]]\ncode = "S"\npath = "other/*.txt"\nreason = "不适用于本文件"\n',
        "utf-8",
    )
    assert findings(str(draft))[1] == [(39, "S001"), (42, "W002"), (52, "T001"), (54, "W001")]


def test_suppressions_file_option(draft: Path, tmp_path: Path) -> None:
    supp = tmp_path / "elsewhere.toml"
    supp.write_text('[[suppress]]\ncode = "W"\nreason = "wording is reviewed by hand"\n', "utf-8")
    assert findings("--suppressions", str(supp), str(draft))[1] == [
        (39, "S001"),
        (41, "K001"),
        (52, "T001"),
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[[suppress]]\ncode = "K001"\n', "has no reason"),
        ('[[suppress]]\ncode = "K001"\nreason = "  "\n', "has no reason"),
        ('[[suppress]]\nreason = "x"\n', "has no code"),
        ('[[suppress]]\ncode = "K999"\nreason = "x"\n', "unknown rule code or prefix 'K999'"),
        ('[[suppress]]\ncode = "K001"\nreason = "x"\nline = 3\n', "unknown key 'line'"),
        ("suppress = 1\n", "must be an array of tables"),
    ],
)
def test_bad_suppression_is_exit_2(draft: Path, tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "budgetaudit-suppressions.toml").write_text(content, "utf-8")
    result = invoke("check", str(draft))
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
