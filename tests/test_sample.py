"""The bundled sample and our own sample documents, line by line (issue 2's acceptance)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetaudit import audit_text
from budgetaudit.cli import app

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SAMPLE = SAMPLES / "zhuzhou-beijing-office-2024-budget.txt"

# What a careful reviewer raises on the sample, and nothing else.
SAMPLE_EXPECTED = {
    (39, "S001"),  # 五、 … 七、: section 六 lost its number
    (41, "K001"),  # 机关运行经费 217 = 基本支出 217 although it excludes personnel costs
    (42, "W002"),  # （二) mixes a full-width opening with a half-width closing bracket
    (52, "T001"),  # 增加（减少）4万元
    (54, "W001"),  # 主要是是, 包括包括
}

# The sample with every problem above put right.
CORRECTIONS = [
    ("政府性基金预算支出\n2024年本部门无", "六、政府性基金预算支出\n2024年本部门无"),
    (
        "机关运行经费共安排217万元，比上年预算减少18.26万元，下降7.76%",
        "机关运行经费共安排17万元，比上年预算减少1.26万元，下降6.90%",
    ),
    ("（二) 政府采购预算", "（二）政府采购预算"),
    ("比2023年增加（减少）4万元", "比2023年减少4万元"),
    ("主要是是", "主要是"),
    ("包括包括", "包括"),
]


def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def corrected_text() -> str:
    text = sample_text()
    for old, new in CORRECTIONS:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def warnings_of(text: str) -> set[tuple[int, str]]:
    report = audit_text(text, "sample.txt")
    return {(f.line, f.code) for f in report.findings if f.severity.value != "info"}


def test_sample_reports_every_real_problem_and_nothing_else() -> None:
    assert warnings_of(sample_text()) == SAMPLE_EXPECTED


def test_sample_identity() -> None:
    report = audit_text(sample_text(), "sample.txt")
    assert (report.kind, report.year, report.department) == (
        "预算",
        2024,
        "株洲市人民政府驻北京联络处",
    )


def test_sample_findings_carry_section_and_values() -> None:
    report = audit_text(sample_text(), "sample.txt")
    k001 = next(f for f in report.findings if f.code == "K001")
    assert "机关运行经费" in (k001.section or "")
    assert k001.found == "217万元" and k001.expected == "< 217万元"
    s001 = next(f for f in report.findings if f.code == "S001")
    assert (s001.expected, s001.found) == ("六", "七")


def test_corrected_sample_exits_clean(tmp_path: Path) -> None:
    path = tmp_path / "corrected.txt"
    path.write_text(corrected_text(), encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 0, result.output


# A changed figure in any relation is reported on its own line.
PERTURBATIONS = [
    pytest.param("占总支出比重为84.44%", "占总支出比重为80.44%", "P001", id="share"),
    pytest.param("政府采购货物预算8.8万元", "政府采购货物预算9.8万元", "A001", id="sum-part"),
    pytest.param("政府采购预算为62.30万元", "政府采购预算为63.30万元", "A001", id="sum-total"),
    pytest.param("下降6.90%", "下降7.90%", "C001", id="change-percent"),
    pytest.param("减少1.26万元，下降", "减少2.26万元，下降", "C001", id="change-amount"),
    pytest.param("应急保障用车2辆，执法", "应急保障用车1辆，执法", "A001", id="vehicle-count"),
    pytest.param("其中在职人员 5 人", "其中在职人员 4 人", "A001", id="staff-count"),
    pytest.param("公务接待费”22万元", "公务接待费”25万元", "A001", id="sangong-part"),
    pytest.param("公务用车运行费18万元", "公务用车运行费16万元", "A001", id="nested-part"),
    pytest.param("内设科室1个", "内设科室2个", "N001", id="count-list"),
]


@pytest.mark.parametrize(("old", "new", "code"), PERTURBATIONS)
def test_changed_figure_is_reported_on_its_line(old: str, new: str, code: str) -> None:
    text = corrected_text()
    assert text.count(old) == 1, old
    changed = text.replace(old, new)
    line = text[: text.index(old)].count("\n") + 1
    found = warnings_of(changed)
    assert found, "nothing reported"
    assert code in {c for _, c in found}, found
    assert any(ln == line for ln, c in found if c == code), (line, found)


# ---------------------------------------------------------------- our own samples


@pytest.mark.parametrize(
    "name", ["clean-budget-2025.txt", "clean-final-2024.txt", "clean-sangong-2024.txt"]
)
def test_clean_samples_have_no_warnings(name: str) -> None:
    assert warnings_of((SAMPLES / name).read_text(encoding="utf-8")) == set()


FLAWED = {
    4: "N001",
    5: "A001",
    8: "T001",
    9: "C001",
    12: "T002",
    14: "P001",
    17: "Y001",
    19: "A001",
    21: "R001",
    24: "C003",
    25: "W001",
    27: "W003",
}


def test_flawed_sample_every_planted_error_on_its_line() -> None:
    found = warnings_of((SAMPLES / "flawed-sangong-2023.txt").read_text(encoding="utf-8"))
    assert found == set(FLAWED.items())


def test_cli_on_bundled_sample_exits_one_and_names_the_problems() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "budgetaudit", "check", str(SAMPLE)],
        capture_output=True,
        text=True,
        env={"NO_COLOR": "1", "PATH": ""},
        check=False,
    )
    assert result.returncode == 1
    assert "S001" in result.stdout and "增加（减少）" in result.stdout
    assert "Traceback" not in result.stderr
