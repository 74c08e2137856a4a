"""Issue 6: the same batch on a Dask cluster gives the same report (skipped without Dask)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetaudit.cli import app
from support import CLEAN_TEXT

distributed = pytest.importorskip("distributed")

runner = CliRunner()
Write = Callable[..., str]

FLAWED = (
    "湘江市财政局2024年“三公”经费预算说明\n一、“三公”经费预算情况\n"
    "2024年“三公”经费预算40万元，其中：因公出国（境）费0万元、公务用车购置及运行费18万元、"
    "公务接待费15万元。\n"
)


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """A light LocalCluster: one worker process-free (threads in this process)."""
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as local:
        yield local.scheduler_address


@pytest.fixture
def folder(write: Write, tmp_path: Path) -> Path:
    for i in range(40):  # more than one task's chunk, so order across tasks is tested
        write(f"docs/{i:02d}.txt", FLAWED if i % 7 == 0 else CLEAN_TEXT)
    write("docs/13.txt", b"")  # fails in the middle
    return tmp_path / "docs"


def test_dask_gives_the_same_report_and_summary(cluster: str, folder: Path, tmp_path: Path) -> None:
    local = runner.invoke(app, ["check", "--format", "json", "--jobs", "1", str(folder)])
    on_dask = runner.invoke(
        app,
        ["check", "--format", "json", "--scheduler", cluster,
         "--summary", str(tmp_path / "s.csv"), str(folder)],
    )  # fmt: skip
    assert on_dask.exit_code == local.exit_code == 2
    assert on_dask.stdout == local.stdout
    files = json.loads(on_dask.stdout)["files"]
    assert [f["error"] for f in files].count("empty file") == 1
    assert files[13]["error"] == "empty file"
    pd = pytest.importorskip("pandas")
    assert len(pd.read_csv(tmp_path / "s.csv")) == 40


def test_dask_extract(cluster: str, folder: Path) -> None:
    result = runner.invoke(
        app, ["extract", "--format", "json", "--scheduler", cluster, str(folder / "00.txt")]
    )
    assert result.exit_code == 0
    assert any(f["concept"] == "sangong" for f in json.loads(result.stdout))


def test_unreachable_scheduler_is_a_one_line_error(
    write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    from budgetaudit import batch_dask

    monkeypatch.setattr(batch_dask, "CONNECT_TIMEOUT", "1s")
    result = runner.invoke(
        app, ["check", "--scheduler", "tcp://127.0.0.1:9", write("d.txt", CLEAN_TEXT)]
    )
    assert result.exit_code == 2
    assert "cannot connect to scheduler" in result.stderr
    assert "Traceback" not in result.output
