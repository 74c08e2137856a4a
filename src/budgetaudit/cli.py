"""The command line: ``budgetaudit check [OPTIONS] PATH...`` (the contract of issue 2).

Exit codes: 0 no finding reaches ``--fail-on``; 1 one does; 2 usage error, or a file could not
be read or checked. No traceback reaches the user: each file's failure becomes that file's
``error`` and the other files are still checked.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from enum import StrEnum
from typing import Annotated, TypeVar

import typer

from budgetaudit import __version__, batch
from budgetaudit.load import SUPPORTED_SUFFIXES  # noqa: F401  (the one list lives in load.py)
from budgetaudit.model import FileReport, Severity

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
R = TypeVar("R")


class OutputFormat(StrEnum):
    rich = "rich"
    json = "json"


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"

    def reached_by(self, severity: Severity) -> bool:
        if self is FailOn.never:
            return False
        return severity.rank >= Severity(self.value).rank


JOBS_OPTION = typer.Option(
    "--jobs",
    "-j",
    min=1,
    metavar="N",
    show_default=False,
    help="Files checked in parallel (default: all cores).",
)
SCHEDULER_OPTION = typer.Option(
    "--scheduler",
    metavar="ADDRESS",
    show_default=False,
    help="Run on a Dask cluster at ADDRESS, or 'local' for one on this machine "
    "(pip install 'budgetaudit[dask]').",
)

app = typer.Typer(
    name="budgetaudit",
    help="Audit Chinese government budget disclosures for internal inconsistencies.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,  # never show a traceback, not even a pretty one
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"budgetaudit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Audit Chinese government budget disclosures for internal inconsistencies."""


@app.command()
def check(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH",
            show_default=False,
            help="Files to check; '-' reads standard input; a directory is "
            "searched for *.txt files.",
        ),
    ],
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="Report format.")
    ] = OutputFormat.rich,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            show_default=False,
            help="Write the report to this file (whole) instead of stdout.",
        ),
    ] = None,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Lowest severity that makes the exit code 1.")
    ] = FailOn.warning,
    jobs: Annotated[int | None, JOBS_OPTION] = None,
    summary: Annotated[
        str | None,
        typer.Option(
            "--summary",
            metavar="FILE",
            show_default=False,
            help="Also write a table per document and one of all findings "
            "(.csv, .xlsx or .parquet).",
        ),
    ] = None,
    scheduler: Annotated[str | None, SCHEDULER_OPTION] = None,
) -> None:
    """Check budget explanations and report every place where they contradict themselves."""
    if summary is not None:
        from budgetaudit import summary as summary_tables

        _usage_check(summary_tables.check_target, summary)
    try:
        reports = list(_run(batch.expand_paths(paths), batch.audit_item, jobs, scheduler))
    except KeyboardInterrupt:  # not every typer version maps ^C to 130 by itself
        typer.echo("budgetaudit: interrupted", err=True)
        raise typer.Exit(130) from None
    try:
        _emit(reports, output_format, output)
    except OSError as exc:
        target = output if output is not None else "standard output"
        if isinstance(exc, BrokenPipeError):
            raise
        typer.echo(f"budgetaudit: cannot write {target}: {exc.strerror or exc}", err=True)
        raise typer.Exit(EXIT_ERROR) from None
    if output is not None or output_format is OutputFormat.json:
        # The report is not in front of a reader: say on stderr why the exit code is 2.
        for report in reports:
            if report.error is not None:
                typer.echo(f"budgetaudit: {report.path}: {report.error}", err=True)
    if summary is not None:
        _write_or_exit(summary_tables.write, summary, reports)
    raise typer.Exit(exit_code(reports, fail_on))


class FigureFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    parquet = "parquet"


@app.command()
def extract(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH",
            show_default=False,
            help="Files, directories or globs to read; '-' reads standard input.",
        ),
    ],
    output_format: Annotated[
        FigureFormat, typer.Option("--format", help="Output format.")
    ] = FigureFormat.table,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            show_default=False,
            help="Write to this file (whole) instead of stdout; needed for parquet.",
        ),
    ] = None,
    jobs: Annotated[int | None, JOBS_OPTION] = None,
    scheduler: Annotated[str | None, SCHEDULER_OPTION] = None,
) -> None:
    """List every figure the tool understood: section, concept, value in 万元, unit, line."""
    from budgetaudit import figures, report_figures

    if output_format is FigureFormat.parquet:
        _usage_check(report_figures.check_parquet, output or "")
    failed: list[figures.Extraction] = []

    def seen(doc: figures.Extraction) -> None:
        if doc.error is not None:
            failed.append(doc)

    items = batch.expand_paths(paths)
    try:
        docs = _run(items, figures.extract_item, jobs, scheduler, "extracting")
        report_figures.write(docs, output_format.value, output, seen)
    except KeyboardInterrupt:
        typer.echo("budgetaudit: interrupted", err=True)
        raise typer.Exit(130) from None
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):
            raise
        target = output if output is not None else "standard output"
        typer.echo(f"budgetaudit: cannot write {target}: {exc.strerror or exc}", err=True)
        raise typer.Exit(EXIT_ERROR) from None
    for doc in failed:
        typer.echo(f"budgetaudit: {doc.path}: {doc.error}", err=True)
    raise typer.Exit(EXIT_ERROR if failed else EXIT_OK)


# ---------------------------------------------------------------- the steps

# Directories, globs and the per-file work live in batch.py; these names stay for callers.
expand_paths = batch.expand_paths
_audit_one = batch.audit_item


def _run(
    items: Sequence[str | FileReport],
    work: Callable[[str | FileReport], R],
    jobs: int | None,
    scheduler: str | None,
    description: str = "checking",
) -> Iterator[R]:
    """The batch, in input order; a cluster that cannot be used is a usage error (exit 2)."""
    try:
        yield from batch.run_batch(
            items, work, jobs=jobs, scheduler=scheduler, description=description
        )
    except batch.SchedulerError as exc:
        typer.echo(f"budgetaudit: {exc}", err=True)
        raise typer.Exit(EXIT_ERROR) from None


def _write_or_exit(write: Callable[[str, R], None], path: str, data: R) -> None:
    """Write an extra output file; a failure is a one-line error (exit 2)."""
    try:
        write(path, data)
    except OSError as exc:
        typer.echo(f"budgetaudit: cannot write {path}: {exc.strerror or exc}", err=True)
        raise typer.Exit(EXIT_ERROR) from None


def _usage_check(check_value: Callable[[str], None], value: str) -> None:
    """Run ``check_value``; its ``ValueError`` becomes a one-line usage error (exit 2)."""
    try:
        check_value(value)
    except ValueError as exc:
        typer.echo(f"budgetaudit: {exc}", err=True)
        raise typer.Exit(EXIT_ERROR) from None


def exit_code(reports: Sequence[FileReport], fail_on: FailOn) -> int:
    if any(r.error is not None for r in reports):
        return EXIT_ERROR
    worst = [w for w in (r.worst() for r in reports) if w is not None]
    return EXIT_FINDINGS if any(fail_on.reached_by(w) for w in worst) else EXIT_OK


def _emit(reports: Sequence[FileReport], output_format: OutputFormat, output: str | None) -> None:
    """Print the report to stdout, or write it whole to ``output`` (without colour)."""
    if output_format is OutputFormat.json:
        from budgetaudit import report_json

        text = report_json.render(reports, __version__)
        if output is None:
            _write_stdout_utf8(text)
        else:
            write_atomic(output, text)
        return
    from budgetaudit import report_rich

    if output is None:
        # Rich decides on colour itself: off when stdout is not a TTY or NO_COLOR is set.
        console = report_rich.make_console()
        report_rich.render(reports, console)
        _batch_table(reports, console)
        return
    buffer = io.StringIO()
    console = report_rich.make_console(buffer, colour=False)
    report_rich.render(reports, console)
    _batch_table(reports, console)
    write_atomic(output, buffer.getvalue())


def _batch_table(reports: Sequence[FileReport], console: object) -> None:
    """After a batch (more than one file), a table of findings by category and severity."""
    if len(reports) > 1:
        from budgetaudit import summary

        summary.print_table(reports, console)


def _write_stdout_utf8(text: str) -> None:
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    sys.stdout.flush()
    buffer.write(text.encode("utf-8"))  # JSON is UTF-8 whatever the locale says
    buffer.flush()


def write_atomic(path: str, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all: a temp file beside it, then rename."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".budgetaudit-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_one_line = batch.one_line
_internal = batch.internal_error


# ---------------------------------------------------------------- entry point


def main(argv: Sequence[str] | None = None) -> None:
    """Console-script entry point; exits with the code of the contract."""
    if hasattr(sys.stdout, "reconfigure"):
        # A report with Chinese text must not die on a narrow console encoding.
        sys.stdout.reconfigure(errors="replace")
    try:
        app(args=list(argv) if argv is not None else None, prog_name="budgetaudit")
    except BrokenPipeError:
        # The reader went away (| head): stop quietly, and keep Python from complaining
        # again when it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_ERROR)
    except KeyboardInterrupt:
        sys.stderr.write("budgetaudit: interrupted\n")
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:  # a bug outside any one file
        sys.stderr.write(f"budgetaudit: {_internal(exc)}\n")
        sys.exit(EXIT_ERROR)
