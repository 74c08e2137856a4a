"""Issue 6: batches (directories, globs, --jobs, a failing file), --summary, extract, the API."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

import budgetaudit
from budgetaudit import batch
from budgetaudit.cli import app
from support import CLEAN_TEXT

runner = CliRunner()
Write = Callable[..., str]

# Our own small documents (never corpus text): one clean, one with a sum that does not add up.
FLAWED = (
    "湘江市财政局2024年“三公”经费预算说明\n"
    "一、“三公”经费预算情况\n"
    "2024年“三公”经费预算40万元，其中：因公出国（境）费0万元、公务用车购置及运行费18万元、"
    "公务接待费15万元。\n"
)


def run(*args: str):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture
def folder(write: Write, tmp_path: Path) -> Path:
    """Twelve documents in nested folders, a broken one in the middle, and files to skip."""
    for i in range(12):
        sub = "a" if i < 6 else "b/c"
        write(f"docs/{sub}/{i:02d}.txt", FLAWED if i % 3 == 0 else CLEAN_TEXT)
    write("docs/a/03.txt", b"\x00\x01\x02 binary")  # the failing file, in the middle
    write("docs/a/notes.md", "not checked")
    write("docs/.hidden/x.txt", FLAWED)
    return tmp_path / "docs"


def _files(doc: dict) -> list[tuple[str, str | None, int]]:  # type: ignore[type-arg]
    return [(Path(f["path"]).name, f["error"], len(f["findings"])) for f in doc["files"]]


def test_directory_batch_goes_on_after_a_failing_file(folder: Path) -> None:
    result = run("check", "--format", "json", "--jobs", "2", str(folder))
    assert result.exit_code == 2  # one file could not be checked
    doc = json.loads(result.stdout)
    names = [name for name, _, _ in _files(doc)]
    assert names == [f"{i:02d}.txt" for i in range(12)]  # sorted, recursive, hidden skipped
    errors = {name: error for name, error, _ in _files(doc) if error}
    assert list(errors) == ["03.txt"] and "binary" in errors["03.txt"]
    flagged = {name for name, error, n in _files(doc) if n and not error}
    assert flagged == {"00.txt", "06.txt", "09.txt"}
    assert "03.txt" in result.stderr


def test_jobs_1_and_2_give_the_same_report(folder: Path) -> None:
    one = run("check", "--format", "json", "--jobs", "1", str(folder))
    two = run("check", "--format", "json", "--jobs", "2", str(folder))
    assert one.stdout == two.stdout
    assert one.exit_code == two.exit_code == 2


def test_glob_patterns_and_duplicates(folder: Path) -> None:
    pattern = str(folder / "**" / "0[0-2].txt")
    result = run("check", "--format", "json", pattern, str(folder / "a" / "00.txt"))
    names = [name for name, _, _ in _files(json.loads(result.stdout))]
    assert names == ["00.txt", "01.txt", "02.txt"]  # 00 named twice, checked once
    nothing = run("check", "--format", "json", str(folder / "*.pdf"))
    assert nothing.exit_code == 2
    assert json.loads(nothing.stdout)["files"][0]["error"] == "no file matches this pattern"


def test_supported_suffixes_are_one_list() -> None:
    from budgetaudit import cli, load

    assert batch.SUPPORTED_SUFFIXES is load.SUPPORTED_SUFFIXES is cli.SUPPORTED_SUFFIXES


def test_rich_batch_ends_with_a_summary_table(folder: Path) -> None:
    result = run("check", "--fail-on", "never", str(folder / "a"))
    assert "Findings by category" in result.stdout
    assert "arithmetic" in result.stdout
    assert "5 of 6 files checked, 1 with findings" in result.stdout


def test_batch_reports_keep_only_quoted_lines(folder: Path) -> None:
    report = batch.audit_item(str(folder / "a" / "00.txt"))
    assert report.findings
    quoted = {f.line for f in report.findings}
    assert all((line == "") != (i in quoted) for i, line in enumerate(report.lines, 1))


# ---------------------------------------------------------------- --summary


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_summary_files_read_back_with_pandas(folder: Path, tmp_path: Path, suffix: str) -> None:
    pd = pytest.importorskip("pandas")
    if suffix != ".csv":
        pytest.importorskip({".xlsx": "openpyxl", ".parquet": "pyarrow"}[suffix])
    target = tmp_path / f"summary{suffix}"
    result = run("check", "--format", "json", "--summary", str(target), str(folder))
    assert result.exit_code == 2
    if suffix == ".xlsx":
        sheets = pd.read_excel(target, sheet_name=None)
        documents, findings = sheets["documents"], sheets["findings"]
    else:
        read = pd.read_csv if suffix == ".csv" else pd.read_parquet
        documents = read(target)
        findings = read(tmp_path / f"summary.findings{suffix}")
    assert len(documents) == 12
    assert [Path(p).name for p in documents["path"]] == [f"{i:02d}.txt" for i in range(12)]
    first = documents.iloc[0]
    assert first["department"] == "湘江市财政局" and int(first["year"]) == 2024
    assert int(first["error"]) >= 1 and int(first["warning"]) >= 0
    assert int(first["category_arithmetic"]) >= 1
    assert documents["findings"].sum() == len(findings)
    assert set(findings["code"]) >= {"A001"}
    assert documents.loc[3, "failure"].startswith("binary")
    if suffix == ".csv":  # a BOM, so that Excel on Chinese Windows does not read it as GBK
        assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_summary_with_a_wrong_suffix_is_a_usage_error(write: Write) -> None:
    result = run("check", "--summary", "out.txt", write("d.txt", CLEAN_TEXT))
    assert result.exit_code == 2
    assert "must end in .csv, .xlsx, .parquet" in result.stderr


# ---------------------------------------------------------------- extract


def test_extract_csv_has_every_figure_with_its_place(write: Write) -> None:
    path = write("d.txt", FLAWED)
    result = run("extract", "--format", "csv", path)
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    total = next(r for r in rows if r["concept"] == "sangong")
    assert total["value"] == "40" and total["unit"] == "万元" and total["measure"] == "money"
    assert (total["line"], total["year"], total["department"]) == ("3", "2024", "湘江市财政局")
    assert total["section"] == "一、“三公”经费预算情况"
    assert {r["concept"] for r in rows} >= {"sangong", "abroad", "car_total", "reception"}
    assert not result.stdout.startswith("\ufeff")  # no BOM in a pipe


def test_extract_csv_file_starts_with_a_bom(write: Write, tmp_path: Path) -> None:
    path = write("d.txt", FLAWED)
    target = tmp_path / "figures.csv"
    assert run("extract", "--format", "csv", "-o", str(target), path).exit_code == 0
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel on Chinese Windows reads it as UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0]["path"] == path and any(r["concept"] == "sangong" for r in rows)


def test_extract_converts_yuan_to_wan_yuan_exactly(write: Write) -> None:
    path = write("d.txt", "湘江市财政局2024年部门预算说明\n一、收支\n收入预算1,234,567.89元。\n")
    result = run("extract", "--format", "json", path)
    figures = json.loads(result.stdout, parse_float=Decimal)
    money = next(f for f in figures if f["measure"] == "money")
    assert money["value"] == Decimal("123.456789") and money["unit"] == "元"


def test_extract_reports_a_failing_file_and_goes_on(write: Write, tmp_path: Path) -> None:
    good = write("good.txt", FLAWED)
    result = run("extract", "--format", "json", str(tmp_path / "missing.txt"), good)
    assert result.exit_code == 2
    assert "missing.txt: no such file" in result.stderr
    assert {f["path"] for f in json.loads(result.stdout)} == {good}


def test_extract_parquet_and_table(write: Write, tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    path = write("d.txt", FLAWED)
    target = tmp_path / "figures.parquet"
    assert run("extract", "--format", "parquet", "-o", str(target), path).exit_code == 0
    frame = pd.read_parquet(target)
    assert Decimal(40) in set(frame["value"])
    assert run("extract", "--format", "parquet", path).exit_code == 2  # needs --output
    table = run("extract", path)
    assert table.exit_code == 0 and "sangong" in table.stdout


# ---------------------------------------------------------------- the Python API


def test_api_returns_typed_results(write: Write) -> None:
    report = budgetaudit.audit_text(FLAWED)
    assert isinstance(report, budgetaudit.FileReport)
    assert any(isinstance(f, budgetaudit.Finding) and f.code == "A001" for f in report.findings)
    extraction = budgetaudit.extract(Path(write("d.txt", FLAWED)))
    assert isinstance(extraction, budgetaudit.Extraction) and extraction.error is None
    assert all(isinstance(f, budgetaudit.Figure) for f in extraction.figures)
    assert extraction.figures == budgetaudit.extract_text(FLAWED, path=extraction.path).figures
    assert budgetaudit.extract("/no/such/file.txt").error == "no such file"
    assert budgetaudit.audit_path("/no/such/file.txt").error == "no such file"


def test_html_report_keeps_whole_documents_in_a_parallel_batch(folder: Path) -> None:
    result = run("check", "--format", "html", "--jobs", "2", str(folder / "a"))
    assert "收入预算100万元" in result.stdout  # a clean file's line, which no finding quotes
