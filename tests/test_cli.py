"""The command line contract of issue 2: exit codes, several files, stdin, --output, JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetaudit import __version__, pipeline
from budgetaudit.cli import app
from budgetaudit.model import SourceText
from support import CLEAN_TEXT

runner = CliRunner()
Write = Callable[..., str]

WITH_ERROR = "湘江市财政局2024年部门预算说明\n收入合计100万元【错】\n"
WITH_WARNING = "湘江市财政局2024年部门预算说明\n比上年增加（减少）【警】\n"
WITH_INFO = "湘江市财政局2024年部门预算说明\n尾差【注】\n"


def run(*args: str, input: bytes | str | None = None):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, list(args), input=input)
    assert "Traceback" not in result.output
    # A crash inside the command would show here; the contract says none reaches the user.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def json_run(*args: str, input: bytes | str | None = None) -> tuple[int, dict]:  # type: ignore[type-arg]
    result = run("check", "--format", "json", *args, input=input)
    return result.exit_code, json.loads(result.stdout)


# ---------------------------------------------------------------- exit codes


@pytest.mark.parametrize(
    ("text", "fail_on", "code"),
    [
        (CLEAN_TEXT, "info", 0),
        (WITH_ERROR, "error", 1),
        (WITH_ERROR, "never", 0),
        (WITH_WARNING, "error", 0),
        (WITH_WARNING, "warning", 1),
        (WITH_INFO, "warning", 0),
        (WITH_INFO, "info", 1),
        (WITH_INFO, "never", 0),
    ],
)
def test_exit_code_follows_fail_on(
    fake_rules: None, write: Write, text: str, fail_on: str, code: int
) -> None:
    result = run("check", "--fail-on", fail_on, write("doc.txt", text))
    assert result.exit_code == code


def test_default_fail_on_is_warning(fake_rules: None, write: Write) -> None:
    assert run("check", write("w.txt", WITH_WARNING)).exit_code == 1
    assert run("check", write("i.txt", WITH_INFO)).exit_code == 0


def test_unreadable_file_wins_over_findings(fake_rules: None, write: Write, tmp_path: Path) -> None:
    code, doc = json_run(write("e.txt", WITH_ERROR), str(tmp_path / "missing.txt"))
    assert code == 2
    assert [f["error"] for f in doc["files"]] == [None, "no such file"]
    assert run("check", "--format", "json", str(tmp_path / "missing.txt")).stderr == (
        f"budgetaudit: {tmp_path / 'missing.txt'}: no such file\n"
    )
    assert len(doc["files"][0]["findings"]) == 1  # the readable file was still checked


def test_several_files_in_order_with_one_unreadable(fake_rules: None, write: Write) -> None:
    good, bad, other = (
        write("a.txt", WITH_WARNING),
        write("b.txt", b"\x00\x01"),
        write("c.txt", CLEAN_TEXT),
    )
    result = run("check", good, bad, other)
    assert result.exit_code == 2
    out = result.stdout
    assert out.index(good) < out.index(bad) < out.index(other)
    assert "binary file (contains NUL bytes)" in out
    assert "T-warning" in out
    assert "3 files checked (1 could not be checked)" in out


# ---------------------------------------------------------------- inputs


def test_stdin(fake_rules: None) -> None:
    code, doc = json_run("-", input=WITH_ERROR.encode("gb18030"))
    assert code == 1
    assert doc["files"][0]["path"] == "-"
    assert doc["files"][0]["findings"][0]["line"] == 2


def test_empty_stdin() -> None:
    code, doc = json_run("-", input=b"")
    assert code == 2
    assert doc["files"][0]["error"] == "empty file"


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-8-sig", "utf-8"])
def test_encodings_through_the_cli(fake_rules: None, write: Write, encoding: str) -> None:
    code, doc = json_run(write("doc.txt", WITH_ERROR.replace("\n", "\r\n"), encoding))
    assert code == 1
    finding = doc["files"][0]["findings"][0]
    # "收入合计100万元" is 9 characters: the marker starts at column 10 of line 2.
    assert (finding["line"], finding["column"], finding["end_column"]) == (2, 10, 13)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"\x00\x00GIF89a", "binary file"),
        (bytes(range(1, 256)) * 4, "cannot decode"),
    ],
)
def test_unreadable_inputs_exit_2_with_one_line(write: Write, content: bytes, reason: str) -> None:
    path = write("bad.txt", content)
    result = run("check", path)
    assert result.exit_code == 2
    lines = [line for line in result.stdout.splitlines() if reason in line]
    assert len(lines) == 1


def test_missing_file(tmp_path: Path) -> None:
    result = run("check", str(tmp_path / "nope.txt"))
    assert result.exit_code == 2
    assert "cannot check: no such file" in result.stdout


def test_directory_is_searched_for_txt_files(
    fake_rules: None, write: Write, tmp_path: Path
) -> None:
    write("docs/b.txt", CLEAN_TEXT)
    write("docs/a.TXT", CLEAN_TEXT)
    write("docs/sub/c.txt", WITH_WARNING)
    write("docs/.hidden/d.txt", WITH_ERROR)
    write("docs/notes.md", WITH_ERROR)
    code, doc = json_run(str(tmp_path / "docs"))
    names = [os.path.relpath(f["path"], tmp_path / "docs") for f in doc["files"]]
    assert names == ["a.TXT", "b.txt", os.path.join("sub", "c.txt")]
    assert code == 1


def test_directory_with_nothing_to_check(write: Write, tmp_path: Path) -> None:
    write("empty/readme.md", "x")
    code, doc = json_run(str(tmp_path / "empty"))
    assert code == 2
    assert (
        doc["files"][0]["error"]
        == "nothing to check (no *.txt, *.pdf, *.docx, *.doc, *.html, *.htm files)"
    )


# ---------------------------------------------------------------- output


def test_output_file_is_written_whole(fake_rules: None, write: Write, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    out.write_text("old report")
    result = run("check", "--format", "json", "--output", str(out), write("d.txt", WITH_ERROR))
    assert result.exit_code == 1
    assert result.stdout == ""
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["summary"]["findings"] == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.txt", "report.json"]  # no temp left


def test_rich_output_file_has_no_colour(fake_rules: None, write: Write, tmp_path: Path) -> None:
    out = tmp_path / "report.txt"
    result = run("check", "-o", str(out), write("d.txt", WITH_ERROR))
    assert result.exit_code == 1
    text = out.read_text(encoding="utf-8")
    assert "\x1b[" not in text
    assert "T-error" in text and "2:10" in text and "收入合计100万元【错】" in text


def test_failed_write_leaves_old_file_and_no_temp(
    write: Write, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "report.json"
    out.write_text("old report")

    def fail(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    result = run("check", "--format", "json", "-o", str(out), write("d.txt", CLEAN_TEXT))
    assert result.exit_code == 2
    assert "cannot write" in result.stderr and "No space left on device" in result.stderr
    assert out.read_text() == "old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.txt", "report.json"]


def test_output_into_missing_directory(write: Write, tmp_path: Path) -> None:
    result = run("check", "-o", str(tmp_path / "no" / "r.txt"), write("d.txt", CLEAN_TEXT))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "cannot write" in result.stderr


# ---------------------------------------------------------------- JSON contract


def test_json_document_shape(fake_rules: None, write: Write, tmp_path: Path) -> None:
    code, doc = json_run(write("d.txt", WITH_ERROR + WITH_INFO), str(tmp_path / "gone.txt"))
    assert code == 2
    assert doc["tool"] == {"name": "budgetaudit", "version": __version__}
    assert set(doc) == {"tool", "files", "summary"}
    first, second = doc["files"]
    assert set(first) == {
        "path",
        "kind",
        "year",
        "department",
        "error",
        "findings",
        "coverage",
        "prior",
    }
    assert (first["kind"], first["year"], first["department"]) == ("预算", 2024, "湘江市财政局")
    assert second == {
        "path": str(tmp_path / "gone.txt"),
        "kind": None,
        "year": None,
        "department": None,
        "error": "no such file",
        "findings": [],
        "coverage": None,
        "prior": None,
    }
    finding = first["findings"][0]
    required = {
        "code",
        "severity",
        "category",
        "line",
        "column",
        "end_line",
        "end_column",
        "message",
        "expected",
        "found",
    }
    assert required <= set(finding)
    assert finding["severity"] in {"error", "warning", "info"}
    assert doc["summary"] == {
        "files": 2,
        "errors_reading": 1,
        "findings": 2,
        "by_severity": {"error": 1, "warning": 0, "info": 1},
    }


def test_json_keeps_chinese_readable(fake_rules: None, write: Write) -> None:
    result = run("check", "--format", "json", write("d.txt", WITH_ERROR))
    assert "湘江市财政局" in result.stdout and "\\u" not in result.stdout


# ---------------------------------------------------------------- robustness and usage


def test_internal_error_is_reported_per_file(write: Write, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(source: SourceText) -> object:
        if "炸" in source.text:
            raise RuntimeError("boom\nsecond line")
        return pipeline.FileReport(path=source.path)

    monkeypatch.setattr(pipeline, "audit_source", broken)
    code, doc = json_run(write("a.txt", "炸\n"), write("b.txt", CLEAN_TEXT))
    assert code == 2
    assert doc["files"][0]["error"] == "internal error: RuntimeError: boom second line"
    assert doc["files"][1]["error"] is None


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--format", "xml", "x.txt"],
        ["check", "--fail-on", "fatal", "x.txt"],
        ["check"],
        ["check", "--no-such-option", "x.txt"],
        ["frobnicate"],
    ],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert "Usage" in result.output


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"budgetaudit {__version__}"


# ---------------------------------------------------------------- real processes


def _python_m(*args: str, env: dict[str, str] | None = None, input: bytes | None = None):  # type: ignore[no-untyped-def]
    return subprocess.run(
        [sys.executable, "-m", "budgetaudit", *args],
        input=input,
        stdin=None if input is not None else subprocess.DEVNULL,
        capture_output=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def test_python_m_version() -> None:
    proc = _python_m("--version")
    assert proc.returncode == 0
    assert proc.stdout.decode().strip() == f"budgetaudit {__version__}"


def test_subprocess_errors_have_no_traceback(write: Write, tmp_path: Path) -> None:
    proc = _python_m(
        "check",
        write("ok.txt", CLEAN_TEXT),
        str(tmp_path),
        str(tmp_path / "x.txt"),
        "-",
        env={"NO_COLOR": "1"},
    )
    out, err = proc.stdout.decode(), proc.stderr.decode()
    assert proc.returncode == 2
    assert "Traceback" not in out + err
    assert "\x1b[" not in out  # not a TTY: no colour
    assert "no such file" in out and "empty file" in out


def test_subprocess_stdin_and_json(write: Write) -> None:
    proc = _python_m("check", "--format", "json", "-", input=CLEAN_TEXT.encode("utf-16"))
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout.decode("utf-8"))
    assert doc["files"][0]["error"] is None


def test_main_turns_a_reporter_crash_into_exit_2(
    write: Write, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from budgetaudit import cli, report_rich

    def crash(*args: object) -> None:
        raise ValueError("bad render")

    monkeypatch.setattr(report_rich, "render", crash)
    with pytest.raises(SystemExit) as info:
        cli.main(["check", write("d.txt", CLEAN_TEXT)])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err == "budgetaudit: internal error: ValueError: bad render\n"


def test_main_interrupted(write: Write, monkeypatch: pytest.MonkeyPatch) -> None:
    from budgetaudit import cli

    def interrupt(source: SourceText) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "audit_source", interrupt)
    with pytest.raises(SystemExit) as info:
        cli.main(["check", write("d.txt", CLEAN_TEXT)])
    assert info.value.code == 130
