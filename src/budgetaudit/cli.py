"""The command line: ``budgetaudit check [OPTIONS] PATH...`` (the contract of issue 2).

Exit codes: 0 no finding reaches ``--fail-on``; 1 one does; 2 usage error, or a file could not
be read or checked. No traceback reaches the user: each file's failure becomes that file's
``error`` and the other files are still checked.
"""

# No ``from __future__ import annotations`` here: typer reads the commands' annotations, and
# string annotations cost it ≈ 3 ms of every start to compile and evaluate (issue 6).
import contextlib
import io
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from budgetaudit import __version__, batch
from budgetaudit.load import SUPPORTED_SUFFIXES  # noqa: F401  (the one list lives in load.py)
from budgetaudit.model import FileReport, Severity

if TYPE_CHECKING:
    from budgetaudit.config import Settings

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
R = TypeVar("R")


class OutputFormat(StrEnum):
    rich = "rich"
    json = "json"
    sarif = "sarif"
    github = "github"
    csv = "csv"
    html = "html"


class ListFormat(StrEnum):
    table = "table"
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

APP_SETTINGS = {
    "name": "budgetaudit",
    "help": "Audit Chinese government budget disclosures for internal inconsistencies.",
    "no_args_is_help": True,
    "add_completion": True,  # --install-completion / --show-completion (README)
    "pretty_exceptions_enable": False,  # never show a traceback, not even a pretty one
}
app = typer.Typer(**APP_SETTINGS)  # type: ignore[arg-type]
# Set by a shell asking for completions: then every command must be there.
COMPLETE_VAR = "_BUDGETAUDIT_COMPLETE"


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
            "searched for *.txt, *.pdf, *.docx, *.doc, *.html and *.htm files.",
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
        FailOn | None,
        typer.Option(
            "--fail-on",
            show_default=False,
            help="Lowest severity that makes the exit code 1 [default: warning, or the config's].",
        ),
    ] = None,
    statistics: Annotated[
        bool, typer.Option("--statistics", help="Print the number of findings per rule code.")
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet", "-q", help="Print only the summary line (the report still goes to --output)."
        ),
    ] = False,
    config_file: Annotated[
        str | None,
        typer.Option(
            "--config",
            metavar="FILE",
            show_default=False,
            help="Use this configuration file instead of searching for one.",
        ),
    ] = None,
    select: Annotated[
        list[str] | None,
        typer.Option(
            "--select",
            metavar="CODES",
            show_default=False,
            help="Only these rule codes or prefixes (comma-separated; C = all change rules).",
        ),
    ] = None,
    extend_select: Annotated[
        list[str] | None,
        typer.Option(
            "--extend-select",
            metavar="CODES",
            show_default=False,
            help="Add these codes or prefixes to the selection.",
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(
            "--ignore",
            metavar="CODES",
            show_default=False,
            help="Leave out these rule codes or prefixes.",
        ),
    ] = None,
    baseline_file: Annotated[
        str | None,
        typer.Option(
            "--baseline",
            metavar="FILE",
            show_default=False,
            help="Report only findings that are not in this baseline.",
        ),
    ] = None,
    write_baseline: Annotated[
        str | None,
        typer.Option(
            "--write-baseline",
            metavar="FILE",
            show_default=False,
            help="Record the current findings as a baseline in FILE.",
        ),
    ] = None,
    suppressions_file: Annotated[
        str | None,
        typer.Option(
            "--suppressions",
            metavar="FILE",
            show_default=False,
            help="Suppression file [default: the nearest budgetaudit-suppressions.toml].",
        ),
    ] = None,
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
    prior: Annotated[
        str | None,
        typer.Option(
            "--prior",
            metavar="FILE",
            show_default=False,
            help="Last year's document: check every '比上年' statement against its figures.",
        ),
    ] = None,
) -> None:
    """Check budget explanations and report every place where they contradict themselves."""
    if summary is not None:
        from budgetaudit import summary as summary_tables

        _usage_check(summary_tables.check_target, summary)
    from budgetaudit import workflow
    from budgetaudit.config import Overrides

    try:
        flow = workflow.prepare(
            Overrides(
                config=config_file,
                select=workflow.split_codes(select),
                extend_select=workflow.split_codes(extend_select) or (),
                ignore=workflow.split_codes(ignore) or (),
                fail_on=fail_on.value if fail_on is not None else None,
            ),
            suppressions_file,
            baseline_file,
        )
        items = expand_paths(paths)
        settings = [flow.settings_for(item) for item in items]
        # Pairs within a batch are found while auditing it (batch.audit_paired), in parallel.
        in_batch = prior is None and sum(isinstance(item, str) for item in items) >= 2
        priors = {} if in_batch else _priors(items, prior)
    except workflow.WorkflowError as exc:
        typer.echo(f"budgetaudit: {_one_line(str(exc))}", err=True)
        raise typer.Exit(EXIT_ERROR) from None
    try:
        keep_text = output_format is OutputFormat.html  # it shows whole documents
        tasks = [
            (item, s.accept_truncated_percent, keep_text, priors.get(_key(item)))
            for item, s in zip(items, settings, strict=True)
        ]
        if in_batch:
            reports = batch.audit_paired(tasks, lambda t, w: _run(t, w, jobs, scheduler))
        else:
            reports = list(_run(tasks, batch.audit_task, jobs, scheduler))
    except KeyboardInterrupt:  # not every typer version maps ^C to 130 by itself
        typer.echo("budgetaudit: interrupted", err=True)
        raise typer.Exit(130) from None
    reports = flow.finish(reports, settings)
    if write_baseline is not None:
        _write_baseline(reports, write_baseline)
    reports = flow.only_new(reports)
    try:
        if statistics or quiet:
            _emit_counts(reports, output_format, output, statistics=statistics, quiet=quiet)
        else:
            _emit(reports, output_format, output)
    except OSError as exc:
        target = output if output is not None else "standard output"
        if isinstance(exc, BrokenPipeError):
            raise
        typer.echo(f"budgetaudit: cannot write {target}: {exc.strerror or exc}", err=True)
        raise typer.Exit(EXIT_ERROR) from None
    if output is not None or quiet or output_format is not OutputFormat.rich:
        # The report is not in front of a reader: say on stderr why the exit code is 2.
        for report in reports:
            if report.error is not None:
                typer.echo(f"budgetaudit: {report.path}: {report.error}", err=True)
    if summary is not None:
        _write_or_exit(summary_tables.write, summary, reports)
    if write_baseline is not None:  # recording a baseline accepts what is there
        raise typer.Exit(EXIT_ERROR if any(r.error for r in reports) else EXIT_OK)
    raise typer.Exit(_exit_code_per_file(reports, settings))


@app.command("rules")
def rules_command(
    output_format: Annotated[
        ListFormat, typer.Option("--format", help="A table for people, or JSON.")
    ] = ListFormat.table,
) -> None:
    """List every rule: code, severity, category and title."""
    from budgetaudit import rules_doc

    _write_stdout_utf8(rules_doc.rules_table(as_json=output_format is ListFormat.json))


@app.command("explain")
def explain_command(
    code: Annotated[str, typer.Argument(metavar="CODE", help="A rule code such as C001.")],
) -> None:
    """Explain one rule: what it checks, why, an example that fires and one that does not."""
    from budgetaudit import rules_doc

    text = rules_doc.explain(code)
    if text is None:
        typer.echo(f"budgetaudit: unknown rule code '{code}' (see 'budgetaudit rules')", err=True)
        raise typer.Exit(EXIT_ERROR)
    _write_stdout_utf8(text)


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


def _key(item: str | FileReport) -> str | None:
    return item if isinstance(item, str) else None


def _priors(items: Sequence[str | FileReport], prior: str | None) -> dict[str | None, str]:
    """Last year's document (its path) for each path: ``--prior`` for all, or pairs in the batch.

    An unreadable ``--prior`` file is a usage error (exit 2); within a batch, files that cannot
    be read are simply not paired (they are reported on their own).
    """
    from budgetaudit.load import InputError, load_path

    paths = [item for item in items if isinstance(item, str)]
    if prior is not None:
        try:
            if prior == "-":
                raise InputError("last year's document must be a file, not standard input")
            load_path(prior)
        except InputError as exc:
            typer.echo(f"budgetaudit: --prior {prior}: {_one_line(str(exc))}", err=True)
            raise typer.Exit(EXIT_ERROR) from None
        return dict.fromkeys(paths, prior)
    if len(paths) < 2:
        return {}
    from budgetaudit import prior_year

    sources = []
    for path in paths:
        if path == "-":
            continue  # standard input can be read only once
        try:
            sources.append(load_path(path))
        except Exception:  # reported when the file itself is audited
            continue
    return {path: source.path for path, source in prior_year.pair_sources(sources).items()}


def exit_code(reports: Sequence[FileReport], fail_on: FailOn) -> int:
    if any(r.error is not None for r in reports):
        return EXIT_ERROR
    worst = [w for w in (r.worst() for r in reports) if w is not None]
    return EXIT_FINDINGS if any(fail_on.reached_by(w) for w in worst) else EXIT_OK


def _exit_code_per_file(reports: Sequence[FileReport], settings: "Sequence[Settings]") -> int:
    """Each file's findings against its own fail-on (command line, else its config)."""
    return max(
        (
            exit_code([report], FailOn(s.fail_on or FailOn.warning.value))
            for report, s in zip(reports, settings, strict=True)
        ),
        default=EXIT_OK,
    )


def _write_baseline(reports: Sequence[FileReport], path: str) -> None:
    from budgetaudit import baseline

    try:
        write_atomic(path, baseline.render(reports, path, __version__))
    except OSError as exc:
        typer.echo(f"budgetaudit: cannot write {path}: {exc.strerror or exc}", err=True)
        raise typer.Exit(EXIT_ERROR) from None
    count = sum(len(r.findings) for r in reports)
    typer.echo(f"budgetaudit: wrote {count} findings to baseline {path}", err=True)


def _render_text(reports: Sequence[FileReport], output_format: OutputFormat) -> str | None:
    """The report as text for the formats that are plain text (None for rich)."""
    if output_format is OutputFormat.json:
        from budgetaudit import report_json

        return report_json.render(reports, __version__)
    if output_format is OutputFormat.sarif:
        from budgetaudit import report_sarif

        return report_sarif.render(reports, __version__)
    if output_format is OutputFormat.github:
        from budgetaudit import report_github

        return report_github.render(reports)
    if output_format is OutputFormat.csv:
        from budgetaudit import report_csv

        return report_csv.render(reports)
    if output_format is OutputFormat.html:
        from budgetaudit import report_html

        return report_html.render(reports, __version__)
    return None


def _emit_counts(
    reports: Sequence[FileReport],
    output_format: OutputFormat,
    output: str | None,
    *,
    statistics: bool,
    quiet: bool,
) -> None:
    """--statistics replaces the report by counts per code; --quiet prints only the summary
    line, while the full report (or the statistics) still goes to --output."""
    from budgetaudit import report_counts

    if statistics:
        text = report_counts.render_statistics(reports, as_json=output_format is OutputFormat.json)
        if output is not None:
            write_atomic(output, text)
        elif not quiet:
            _write_stdout_utf8(text)
    elif output is not None:
        _emit(reports, output_format, output)
    if quiet:
        _write_stdout_utf8(report_counts.summary(reports) + "\n")


def _emit(reports: Sequence[FileReport], output_format: OutputFormat, output: str | None) -> None:
    """Print the report to stdout, or write it whole to ``output`` (without colour)."""
    if output_format is OutputFormat.json and output is not None:
        from budgetaudit import report_json

        # Streamed file by file: a large batch's report is never one string in memory.
        write_atomic(output, report_json.chunks(reports, __version__))
        return
    text = _render_text(reports, output_format)
    if text is not None:
        if output is None:
            _write_stdout_utf8(text)
        elif output_format is OutputFormat.csv:
            write_atomic(output, CSV_FILE_BOM + text)
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


# A CSV *file* starts with a byte-order mark so that Excel on Chinese Windows reads it as UTF-8
# instead of GBK; pandas and csv readers opened with utf-8-sig skip it. Never on stdout (pipes).
CSV_FILE_BOM = "\ufeff"


def write_atomic(path: str, text: str | Iterable[str]) -> None:
    """Write ``text`` (or its pieces, in order) to ``path`` whole or not at all: a temp file
    beside it, then rename."""
    directory = os.path.dirname(os.path.abspath(path))
    import tempfile  # only when a file is written: it costs start-up time

    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".budgetaudit-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            if isinstance(text, str):
                fh.write(text)
            else:
                for piece in text:
                    fh.write(piece)
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


def _app_for(args: Sequence[str]) -> typer.Typer:
    """The app, or when ``args`` start with a command's exact name, an app with only that
    command: typer builds the click command of every registered command on each start
    (≈ 0.3 ms of a cold start for the three not run, issue 6). The group has the same
    callback (``--version``) and parses nothing before the command name, so that command's
    help, usage lines and errors read exactly as before; typos, group options, the group's
    help and shell completion keep the whole app."""
    if not args or COMPLETE_VAR in os.environ:
        return app
    chosen = [
        info
        for info in app.registered_commands
        if info.callback is not None
        and (info.name or typer.main.get_command_name(info.callback.__name__)) == args[0]
    ]
    if len(chosen) != 1:
        return app
    # Without the completion options (≈ 0.4 ms to build): a group's options come before the
    # command name, so here they could not be given, and the group's help is not shown.
    lean = typer.Typer(**{**APP_SETTINGS, "add_completion": False})  # type: ignore[arg-type]
    lean.registered_callback = app.registered_callback
    lean.registered_commands = chosen
    return lean


def main(argv: Sequence[str] | None = None) -> None:
    """Console-script entry point; exits with the code of the contract."""
    if hasattr(sys.stdout, "reconfigure"):
        # A report with Chinese text must not die on a narrow console encoding.
        sys.stdout.reconfigure(errors="replace")
    try:
        args = list(argv) if argv is not None else None
        _app_for(args if args is not None else sys.argv[1:])(args=args, prog_name="budgetaudit")
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
