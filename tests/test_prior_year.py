"""Year over year (issue 7): the current document against last year's (Y101–Y105).

Uses the invented pair samples/yoy-prior-2024.txt → samples/yoy-current-2025.txt, which agree,
and copies of it with one figure changed; and, when ../shared/corpus is there, the real series
of three 万里街道 budgets.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetaudit.cli import app
from budgetaudit.model import SourceText
from budgetaudit.pipeline import analyse, audit_source
from budgetaudit.prior_year import label_key, pair_sources

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
PRIOR = (SAMPLES / "yoy-prior-2024.txt").read_text(encoding="utf-8")
CURRENT = (SAMPLES / "yoy-current-2025.txt").read_text(encoding="utf-8")


def yoy(current: str, prior: str = PRIOR) -> list[tuple[str, int, str]]:
    doc = analyse(SourceText("prior.txt", prior, "utf-8"))
    report = audit_source(SourceText("current.txt", current, "utf-8"), prior=doc)
    assert report.prior == "prior.txt"
    return [(f.code, f.line, f.found or "") for f in report.findings if f.code.startswith("Y1")]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), 1) if needle in line)


def test_consistent_pair_has_no_findings() -> None:
    assert yoy(CURRENT) == []


def test_change_amount_against_last_years_document() -> None:
    # Last year's 三公 was 20.00; 24.00 is +4.00, so a prior of 21.00 makes "+4.00" wrong.
    prior = PRIOR.replace("“三公”经费预算20.00万元", "“三公”经费预算21.00万元")
    found = yoy(CURRENT, prior)
    assert [(c, ln) for c, ln, _ in found] == [("Y101", line_of(CURRENT, "“三公”经费预算24.00"))]
    assert "21.00万元" in found[0][2]


def test_change_percentage_against_last_years_document() -> None:
    # 机关运行经费 41.00 vs last year's 40.00 is +2.50%; against 38.00 the stated +1.00 and
    # +2.50% are both wrong: the amount is reported (Y101), the percentage with it.
    prior = PRIOR.replace("机关运行经费预算40.00万元", "机关运行经费预算38.00万元")
    assert [c for c, _, _ in yoy(CURRENT, prior)] == ["Y101"]
    only_percent = CURRENT.replace("比2024年预算增加1.00万元，增长2.50%", "比2024年预算增长2.50%")
    found = yoy(only_percent, prior)
    assert [(c, ln) for c, ln, _ in found] == [
        ("Y102", line_of(only_percent, "机关运行经费预算41"))
    ]


def test_flat_against_a_different_figure() -> None:
    prior = PRIOR.replace("政府采购预算50.00万元", "政府采购预算45.00万元")
    found = yoy(CURRENT, prior)
    assert [(c, ln) for c, ln, _ in found] == [("Y101", line_of(CURRENT, "政府采购预算50.00"))]


def test_printed_prior_figure_differs_from_last_years_document() -> None:
    current = CURRENT.replace(
        "2025年机关运行经费预算41.00万元，比2024年预算增加1.00万元，增长2.50%。",
        "2024年机关运行经费预算为40.00万元，2025年机关运行经费预算41.00万元。",
    )
    assert yoy(current) == []
    restated = current.replace(
        "2024年机关运行经费预算为40.00万元", "2024年机关运行经费预算为39.00万元"
    )
    found = yoy(restated)
    assert [(c, ln) for c, ln, _ in found] == [("Y103", line_of(restated, "39.00万元"))]


def test_change_of_ten_percent_or_more_needs_a_reason() -> None:
    unexplained = CURRENT.replace("，增长12.50%，主要原因是承办全省文旅推介会", "，增长12.50%")
    found = yoy(unexplained)
    assert [(c, ln) for c, ln, _ in found] == [("Y104", line_of(unexplained, "公务接待费9.00"))]
    assert found[0][2] == "8.00万元 → 9.00万元"


def test_small_change_needs_no_reason() -> None:
    # 机关运行经费 +2.50% carries no reason in the sample and is not reported.
    assert "主要原因" not in CURRENT.split("\n")[line_of(CURRENT, "机关运行经费预算41") - 1]
    assert yoy(CURRENT) == []


def test_headline_figure_that_moved_silently() -> None:
    silent = CURRENT.replace(
        "项目支出210.00万元，比2024年预算增加60.00万元，主要原因是新增文物保护项目。",
        "项目支出210.00万元。",
    )
    found = yoy(silent)
    assert [(c, ln) for c, ln, _ in found] == [("Y104", line_of(silent, "项目支出210.00"))]


def test_prior_of_the_wrong_year_is_not_compared() -> None:
    older = PRIOR.replace("2024", "2023")
    found = yoy(CURRENT, older)
    assert [c for c, _, _ in found] == ["Y105"]


def test_label_key_drops_years_and_filler() -> None:
    assert label_key("2024年“三公”经费预算数为") == label_key("2025年“三公”经费预算数为")
    assert label_key("（二）公务用车购置及运行费") == label_key("公务用车购置及运行费")


# ---------------------------------------------------------------- the command line


def test_cli_prior_option(tmp_path: Path) -> None:
    prior = tmp_path / "p.txt"
    prior.write_text(PRIOR.replace("“三公”经费预算20.00万元", "“三公”经费预算21.00万元"), "utf-8")
    current = SAMPLES / "yoy-current-2025.txt"
    result = CliRunner().invoke(
        app, ["check", "--format", "json", "--prior", str(prior), str(current)]
    )
    assert result.exit_code == 1
    entry = json.loads(result.stdout)["files"][0]
    assert entry["prior"] == str(prior)
    assert [f["code"] for f in entry["findings"] if f["code"].startswith("Y1")] == ["Y101"]
    rich = CliRunner().invoke(app, ["check", "--prior", str(prior), str(current)])
    assert "compared with last year's" in rich.stdout and "Y101" in rich.stdout


def test_cli_unreadable_prior_is_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["check", "--prior", str(tmp_path / "gone.txt"), str(SAMPLES / "yoy-current-2025.txt")]
    )
    assert result.exit_code == 2
    assert "--prior" in result.stderr and "Traceback" not in result.output


def test_batch_pairs_by_department_and_year(tmp_path: Path) -> None:
    (tmp_path / "a-2024.txt").write_text(
        PRIOR.replace("“三公”经费预算20.00万元", "“三公”经费预算21.00万元"), "utf-8"
    )
    (tmp_path / "b-2025.txt").write_text(CURRENT, "utf-8")
    other = CURRENT.replace("青溪县文化和旅游局", "青溪县水利局")
    (tmp_path / "c-2025.txt").write_text(other, "utf-8")
    result = CliRunner().invoke(app, ["check", "--format", "json", str(tmp_path)])
    files = {Path(f["path"]).name: f for f in json.loads(result.stdout)["files"]}
    assert files["a-2024.txt"]["prior"] is None
    assert files["b-2025.txt"]["prior"] == str(tmp_path / "a-2024.txt")
    assert files["c-2025.txt"]["prior"] is None  # another department
    assert [f["code"] for f in files["b-2025.txt"]["findings"] if f["code"][0] == "Y"] == ["Y101"]


def test_pair_sources() -> None:
    a = SourceText("a", PRIOR, "utf-8")
    b = SourceText("b", CURRENT, "utf-8")
    assert pair_sources([b, a]) == {"b": a}


# ---------------------------------------------------------------- the real series


WANLI = [
    "076-wanli-street-dept-budget-2023.txt",
    "077-wanli-street-dept-budget-2024.txt",
    "078-wanli-street-dept-budget-2025.txt",
]


@pytest.mark.skipif(not all((CORPUS / n).is_file() for n in WANLI), reason="corpus not present")
def test_wanli_series() -> None:
    """The three 万里街道 budgets agree on every change they state; two silent moves each."""
    from budgetaudit.load import load_path

    docs = [load_path(str(CORPUS / n)) for n in WANLI]
    for prior, current in ((docs[0], docs[1]), (docs[1], docs[2])):
        report = audit_source(current, prior=analyse(prior))
        codes = [f.code for f in report.findings if f.code.startswith("Y1")]
        assert not {"Y101", "Y102", "Y103", "Y105"} & set(codes)
        assert all(c == "Y104" for c in codes)
        messages = " ".join(f.message for f in report.findings if f.code == "Y104")
        assert "政府采购" in messages


# ---------------------------------------------------------------- never crashes

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = st.sampled_from(
    [
        "2024年",
        "2025年",
        "预算",
        "“三公”经费",
        "公务接待费",
        "比上年",
        "比2024年预算",
        "增加",
        "减少",
        "持平",
        "增长",
        "下降",
        "12.50%",
        "0万元",
        "8.00万元",
        "主要原因是",
        "。",
        "，",
        "\n",
        "其中：",
        "一、",
        "（二）",
        "万元",
        "0",
        "%",
        "部门预算",
    ]
)
_TEXTS = st.lists(_PIECES, max_size=40).map("".join)


@settings(max_examples=60, deadline=None)
@given(prior=_TEXTS, current=_TEXTS)
def test_comparison_never_crashes(prior: str, current: str) -> None:
    report = audit_source(
        SourceText("c.txt", current or " ", "utf-8"),
        prior=analyse(SourceText("p.txt", prior or " ", "utf-8")),
    )
    assert report.error is None
