"""Configuration (issue 5): discovery, selection by prefix, severity, fail-on, per-file
ignores, the truncation switch, and clear errors with exit 2."""

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
# A share printed truncated: 2000/3000 = 66.67% rounded, 66.66% truncated.
TRUNCATED = (
    "湘江市财政局2024年部门预算说明\n支出预算3000.00万元，其中：基本支出2000.00万元，占66.66%。\n"
)


def codes(*args: str, cwd: Path | None = None) -> tuple[int, list[str]]:
    result = runner.invoke(app, ["check", "--format", "json", *args])
    assert result.exit_code != 2, result.stderr
    doc = json.loads(result.stdout)
    return result.exit_code, sorted(f["code"] for f in doc["files"][0]["findings"])


def error(*args: str) -> str:
    result = runner.invoke(app, ["check", *args])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1
    return result.stderr


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "drafts" / "2024").mkdir(parents=True)
    (tmp_path / "drafts" / "2024" / "budget.txt").write_text(SAMPLE.read_text("utf-8"), "utf-8")
    return tmp_path


def doc(project: Path) -> str:
    return str(project / "drafts" / "2024" / "budget.txt")


def test_cli_select_and_ignore_by_prefix(project: Path) -> None:
    assert codes("--select", "W", doc(project))[1] == ["W001", "W001", "W002"]
    assert codes("--select", "W,K", "--ignore", "W001", doc(project))[1] == ["K001", "W002"]
    assert codes("--ignore", "W", "--ignore", "S001", doc(project))[1] == ["K001", "T001"]
    # The more specific prefix wins, as in ruff.
    assert codes("--ignore", "W", "--extend-select", "W002", doc(project))[1] == [
        "K001",
        "S001",
        "T001",
        "W002",
    ]


def test_pyproject_found_walking_up(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[project]\nname = "drafts"\n\n[tool.budgetaudit]\nselect = ["W", "K"]\nignore = ["W002"]\n'
        '\n[tool.budgetaudit.severity]\nW001 = "info"\nK = "error"\n',
        "utf-8",
    )
    result = runner.invoke(app, ["check", "--format", "json", doc(project)])
    findings = json.loads(result.stdout)["files"][0]["findings"]
    assert sorted((f["code"], f["severity"]) for f in findings) == [
        ("K001", "error"),
        ("W001", "info"),
        ("W001", "info"),
    ]
    assert result.exit_code == 1
    # The command line's --select replaces the file's select; --ignore adds to its ignore.
    assert codes("--select", "W", doc(project))[1] == ["W001", "W001"]


def test_budgetaudit_toml_is_nearer_and_wins(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.budgetaudit]\nselect = ["W"]\n', "utf-8")
    (project / "drafts" / "budgetaudit.toml").write_text(
        'select = ["S"]\nfail-on = "error"\n', "utf-8"
    )
    assert codes(doc(project)) == (0, ["S001"])  # warnings only, and fail-on = error
    assert codes("--fail-on", "warning", doc(project)) == (1, ["S001"])


def test_config_option_overrides_the_search(project: Path) -> None:
    (project / "drafts" / "budgetaudit.toml").write_text('select = ["S"]\n', "utf-8")
    other = project / "other.toml"
    other.write_text('select = ["T"]\n', "utf-8")
    assert codes("--config", str(other), doc(project))[1] == ["T001"]


def test_pyproject_without_our_table_is_passed_over(project: Path) -> None:
    (project / "drafts" / "pyproject.toml").write_text('[project]\nname = "x"\n', "utf-8")
    (project / "budgetaudit.toml").write_text('ignore = ["W"]\n', "utf-8")
    assert codes(doc(project))[1] == ["K001", "S001", "T001"]


def test_per_file_ignores(project: Path) -> None:
    (project / "budgetaudit.toml").write_text(
        '[per-file-ignores]\n"drafts/2024/*.txt" = ["W001", "K"]\n"other/*" = ["S"]\n', "utf-8"
    )
    assert codes(doc(project))[1] == ["S001", "T001", "W002"]


def test_truncated_percentages_switch(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text(TRUNCATED, "utf-8")
    assert "P001" not in codes(str(path))[1]  # default: a truncated percentage is accepted
    (tmp_path / "budgetaudit.toml").write_text(
        "[tolerance]\naccept-truncated-percent = false\n", "utf-8"
    )
    assert "P001" in codes(str(path))[1]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('selct = ["W"]\n', "unknown key 'selct'"),
        ('select = ["Q"]\n', "unknown rule code or prefix 'Q'"),
        ('ignore = ["W999"]\n', "unknown rule code or prefix 'W999'"),
        ('select = "W"\n', "select must be a list"),
        ('fail-on = "sometimes"\n', "fail-on must be one of"),
        ('[severity]\nW001 = "fatal"\n', "severity of W001 must be error, warning or info"),
        ('[severity]\nX1 = "info"\n', "unknown rule code or prefix 'X1'"),
        ("[tolerance]\ntruncate = true\n", "unknown key 'tolerance.truncate'"),
        ('[per-file-ignores]\n"*.txt" = "W"\n', "must be a list of codes"),
        ("select = [\n", "not valid TOML"),
    ],
)
def test_bad_configuration_is_one_line_and_exit_2(
    project: Path, content: str, message: str
) -> None:
    (project / "budgetaudit.toml").write_text(content, "utf-8")
    assert message in error(doc(project))


def test_bad_codes_on_the_command_line(project: Path) -> None:
    assert "--select: unknown rule code or prefix 'Z'" in error("--select", "Z", doc(project))
    assert "--ignore: unknown rule code or prefix 'C9'" in error("--ignore", "C9", doc(project))
    assert "cannot read" in error("--config", str(project / "missing.toml"), doc(project))


def test_each_file_of_a_batch_gets_its_own_folders_configuration(project: Path) -> None:
    """Resolved once per folder, yet a symlinked file still takes the configuration of the
    folder its target is in, and files side by side share theirs."""
    (project / "drafts" / "budgetaudit.toml").write_text('select = ["S"]\n', "utf-8")
    elsewhere = project / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "budgetaudit.toml").write_text('select = ["T"]\n', "utf-8")
    (elsewhere / "real.txt").write_text(SAMPLE.read_text("utf-8"), "utf-8")
    year = project / "drafts" / "2024"
    (year / "linked.txt").symlink_to(elsewhere / "real.txt")
    (year / "copy.txt").write_text(SAMPLE.read_text("utf-8"), "utf-8")
    result = runner.invoke(app, ["check", "--format", "json", "--jobs", "1", str(year)])
    files = json.loads(result.stdout)["files"]
    by_name = {Path(f["path"]).name: sorted(x["code"] for x in f["findings"]) for f in files}
    assert by_name == {"budget.txt": ["S001"], "copy.txt": ["S001"], "linked.txt": ["T001"]}
