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
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import Annotated

import typer

from budgetaudit import __version__, pipeline
from budgetaudit.model import Document, FileReport, Severity

# File types a directory argument expands to. Only plain text is read so far.
SUPPORTED_SUFFIXES = (".txt",)

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


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
    try:
        items = expand_paths(paths)
        priors = _priors(items, prior)
        reports = [_audit_one(item, priors.get(_key(item))) for item in items]
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
    raise typer.Exit(exit_code(reports, fail_on))


# ---------------------------------------------------------------- the steps


def expand_paths(paths: Iterable[str]) -> list[str | FileReport]:
    """Paths to check, in order; a directory becomes its supported files (sorted, recursive).

    A directory with nothing to check becomes a ready-made :class:`FileReport` with the error.
    """
    result: list[str | FileReport] = []
    for path in paths:
        if path != "-" and os.path.isdir(path):
            found = _files_under(path)
            if found:
                result.extend(found)
            else:
                kinds = ", ".join("*" + s for s in SUPPORTED_SUFFIXES)
                result.append(FileReport(path=path, error=f"nothing to check (no {kinds} files)"))
        else:
            result.append(path)
    return result


def _files_under(directory: str) -> list[str]:
    found: list[str] = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = [d for d in dirs if not d.startswith(".")]  # .git, .venv …
        for name in files:
            if name.lower().endswith(SUPPORTED_SUFFIXES) and not name.startswith("."):
                found.append(os.path.join(root, name))
    return sorted(found, key=lambda p: os.path.relpath(p, directory).split(os.sep))


def _audit_one(item: str | FileReport, prior: Document | None = None) -> FileReport:
    if isinstance(item, FileReport):
        return item
    from budgetaudit.load import InputError, load_path

    try:
        source = load_path(item)
    except InputError as exc:
        return FileReport(path=item, error=_one_line(str(exc)))
    except Exception as exc:  # a bug, not the user's fault: report it, keep going
        return FileReport(path=item, error=_internal(exc))
    try:
        # Looked up on the module at call time, so tests can substitute the pipeline.
        if prior is None:
            return pipeline.audit_source(source)
        return pipeline.audit_source(source, prior=prior)
    except Exception as exc:
        return FileReport(path=item, error=_internal(exc))


def _key(item: str | FileReport) -> str | None:
    return item if isinstance(item, str) else None


def _priors(items: Sequence[str | FileReport], prior: str | None) -> dict[str | None, Document]:
    """Last year's document for each path: ``--prior`` for all, or pairs within the batch.

    An unreadable ``--prior`` file is a usage error (exit 2); within a batch, files that cannot
    be read are simply not paired (they are reported on their own).
    """
    from budgetaudit.load import InputError, load_path

    paths = [item for item in items if isinstance(item, str)]
    if prior is not None:
        try:
            doc = pipeline.analyse(load_path(prior))
        except InputError as exc:
            typer.echo(f"budgetaudit: --prior {prior}: {_one_line(str(exc))}", err=True)
            raise typer.Exit(EXIT_ERROR) from None
        return dict.fromkeys(paths, doc)
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
    pairs = prior_year.pair_sources(sources)
    analysed: dict[str, Document] = {}
    out: dict[str | None, Document] = {}
    for path, source in pairs.items():
        if source.path not in analysed:
            analysed[source.path] = pipeline.analyse(source)
        out[path] = analysed[source.path]
    return out


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
        report_rich.render(reports, report_rich.make_console())
        return
    buffer = io.StringIO()
    report_rich.render(reports, report_rich.make_console(buffer, colour=False))
    write_atomic(output, buffer.getvalue())


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


def _one_line(message: str) -> str:
    return " ".join(message.split()) or "unknown error"


def _internal(exc: BaseException) -> str:
    return _one_line(f"internal error: {type(exc).__name__}: {exc}")


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
