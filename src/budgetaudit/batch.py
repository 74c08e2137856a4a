"""Many documents at once: expand directories and globs, run one function per document.

The per-document functions (:func:`audit_item`, and ``figures.extract_item`` for ``extract``)
never raise: a file that cannot be read or checked becomes a result with ``error`` set, so one
bad file never stops a batch. :func:`run_batch` maps such a function over the inputs in this
process, over a pool of worker processes (``--jobs``) or on a Dask cluster (``--scheduler``),
and yields the results in input order, one by one, so a caller can stream them.
"""

from __future__ import annotations

import contextlib
import gc
import glob
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

from budgetaudit import pipeline
from budgetaudit.load import SUPPORTED_SUFFIXES
from budgetaudit.model import FileReport

if TYPE_CHECKING:
    from budgetaudit.prior_year import PairingKey

Item = str | FileReport  # a path to read, or a ready-made report for a path that cannot be read
R = TypeVar("R")
T = TypeVar("T")  # a task: an Item, or a tuple whose first member is the Item

_GLOB_CHARS = frozenset("*?[")


class SchedulerError(Exception):
    """A Dask cluster cannot be used; ``str(exc)`` is a one-line reason for the user."""


def default_jobs() -> int:
    """All the cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# ---------------------------------------------------------------- which files


def expand_paths(paths: Iterable[str]) -> list[Item]:
    """Paths to check, in order; a directory or a glob becomes the files it names.

    A directory is searched recursively for supported files (hidden ones skipped), sorted.
    A glob (``*``, ``?``, ``[``; ``**`` crosses directories) that is not itself an existing
    path becomes its matches, sorted; a matched directory is searched like a directory. A
    directory or glob with nothing to check becomes a ready-made :class:`FileReport` with the
    error. A file named twice is checked once, where it first appears.
    """
    result: list[Item] = []
    seen: set[str] = set()

    def add(path: str) -> None:
        key = os.path.normpath(path)
        if key not in seen:
            seen.add(key)
            result.append(path)

    kinds = ", ".join("*" + s for s in SUPPORTED_SUFFIXES)
    for path in paths:
        if path != "-" and os.path.isdir(path):
            found = _files_under(path)
            if not found:
                result.append(FileReport(path=path, error=f"nothing to check (no {kinds} files)"))
            for name in found:
                add(name)
        elif path != "-" and _is_glob(path) and not os.path.exists(path):
            matches = sorted(glob.glob(path, recursive=True))
            files: list[str] = []
            for match in matches:
                files.extend(_files_under(match) if os.path.isdir(match) else [match])
            if not files:
                result.append(FileReport(path=path, error="no file matches this pattern"))
            for name in files:
                add(name)
        elif path == "-":
            result.append(path)  # standard input may be named only once anyway
        else:
            add(path)
    return result


def _is_glob(path: str) -> bool:
    return any(ch in _GLOB_CHARS for ch in path)


def _files_under(directory: str) -> list[str]:
    found: list[str] = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = [d for d in dirs if not d.startswith(".")]  # .git, .venv …
        for name in files:
            if name.lower().endswith(SUPPORTED_SUFFIXES) and not name.startswith("."):
                found.append(os.path.join(root, name))
    return sorted(found, key=lambda p: os.path.relpath(p, directory).split(os.sep))


# ---------------------------------------------------------------- one document


def audit_task(task: tuple[Item, bool, bool] | tuple[Item, bool, bool, str | None]) -> FileReport:
    """:func:`audit_item` for ``(item, accept_truncated, keep_text[, prior])``: one picklable
    argument."""
    return audit_item(*task)


def audit_item(
    item: Item, accept_truncated: bool = True, keep_text: bool = False, prior: str | None = None
) -> FileReport:
    """Audit one input; never raises.

    ``accept_truncated``: whether a percentage may be truncated rather than rounded (the
    file's configuration). Unless ``keep_text``, the report keeps only the source lines its
    findings point at (see :func:`keep_quoted_lines`). ``prior``: the path of last year's
    document to compare with (issue 7).
    """
    return _audit(item, accept_truncated, keep_text, prior, with_key=False)[0]


def audit_keyed_task(task: tuple[Item, bool, bool, None]) -> tuple[FileReport, PairingKey | None]:
    """:func:`audit_task` plus the key that pairs the document with last year's in the batch
    (None for standard input and unreadable files): one pass reads and normalises each file
    once, for both."""
    item, accept_truncated, keep_text, prior = task
    return _audit(item, accept_truncated, keep_text, prior, with_key=item != "-")


def _audit(
    item: Item, accept_truncated: bool, keep_text: bool, prior: str | None, *, with_key: bool
) -> tuple[FileReport, PairingKey | None]:
    if isinstance(item, FileReport):
        return item, None
    from budgetaudit.intervals import tolerance
    from budgetaudit.load import InputError, load_path

    try:
        source = load_path(item)
    except InputError as exc:
        return FileReport(path=item, error=one_line(str(exc))), None
    except Exception as exc:  # a bug, not the user's fault: report it, keep going
        return FileReport(path=item, error=internal_error(exc)), None
    key = None
    reuse: contextlib.AbstractContextManager[None] = contextlib.nullcontext()
    if with_key:
        from budgetaudit import normalize, prior_year

        try:
            norm = normalize.normalize(source.text)
            key = prior_year.pairing_key(norm)
            reuse = normalize.reuse(source.text, norm)  # the audit normalises it again
        except Exception:  # the audit below reports it
            pass
    try:
        # Looked up on the module at call time, so tests can substitute the pipeline.
        with tolerance(accept_truncated=accept_truncated), reuse:
            if prior is None:
                report = pipeline.audit_source(source)
            else:
                from budgetaudit.prior_year import prior_document

                report = pipeline.audit_source(source, prior=prior_document(prior))
    except InputError as exc:  # only last year's document can still fail to load here
        return FileReport(path=item, error=one_line(f"last year's document {prior}: {exc}")), key
    except Exception as exc:
        return FileReport(path=item, error=internal_error(exc)), key
    return (report if keep_text else keep_quoted_lines(report)), key


def audit_paired(
    tasks: Sequence[tuple[Item, bool, bool, None]],
    run: Callable[[Sequence[Any], Callable[[Any], Any]], Iterable[Any]],
) -> list[FileReport]:
    """Audit a batch in which documents are compared with last year's found in the same batch.

    ``run(tasks, work)`` maps ``work`` over tasks (:func:`run_batch` with its options). The
    first pass audits every document and returns its pairing key; only the few documents
    that have last year's in the batch are audited again with it. (Pairing first would read
    and normalise every file twice, the first time in this one process.)
    """
    from budgetaudit import prior_year

    keyed = list(run(tasks, audit_keyed_task))
    reports = [report for report, _ in keyed]
    priors = prior_year.pair_keys(
        (i, key) for i, (_, key) in enumerate(keyed) if isinstance(tasks[i][0], str)
    )
    again = [i for i in range(len(tasks)) if i in priors]
    if again:
        # The second pass adds only the comparison's findings: the checks already ran.
        redo = [(*tasks[i][:3], tasks[priors[i]][0]) for i in again]
        for i, extra in zip(again, run(redo, compare_task), strict=True):
            reports[i] = _merged(reports[i], extra)
    return reports


def compare_task(task: tuple[Item, bool, bool, str]) -> FileReport:
    """The findings of comparing ``item`` with last year's document ``prior`` only (Y1xx),
    for :func:`audit_paired` to add to the item's report; or the report with ``error`` set
    that a whole audit against that document would give."""
    item, accept_truncated, keep_text, prior = task
    if isinstance(item, FileReport):
        return item
    from budgetaudit.intervals import tolerance
    from budgetaudit.load import InputError, load_path
    from budgetaudit.prior_year import compare, prior_document

    try:
        source = load_path(item)
    except InputError as exc:
        return FileReport(path=item, error=one_line(str(exc)))
    except Exception as exc:
        return FileReport(path=item, error=internal_error(exc))
    try:
        last = prior_document(prior)
    except InputError as exc:
        return FileReport(path=item, error=one_line(f"last year's document {prior}: {exc}"))
    except Exception as exc:
        return FileReport(path=item, error=internal_error(exc))
    try:
        with tolerance(accept_truncated=accept_truncated):
            doc = pipeline.analyse(source, tables=False)  # compare reads facts only
            report = pipeline.report_of(doc, compare(doc, last), last)
    except Exception as exc:
        return FileReport(path=item, error=internal_error(exc))
    return report if keep_text else keep_quoted_lines(report)


def _merged(first: FileReport, extra: FileReport) -> FileReport:
    """A report plus the findings of its comparison with last year's (:func:`compare_task`):
    what auditing the document with last year's at once gives."""
    if extra.error is not None or first.error is not None:
        return extra if extra.error is not None else first
    findings = sorted(
        set(first.findings) | set(extra.findings),
        key=lambda f: (f.line, f.column, f.code, f.message),
    )
    lines = [a or b for a, b in zip(first.lines, extra.lines, strict=True)]
    return replace(first, findings=findings, lines=lines, prior=extra.prior)


def keep_quoted_lines(report: FileReport) -> FileReport:
    """The report with every source line blanked except those its findings point at.

    Reporters quote ``lines[finding.line - 1]`` and fingerprints read the same lines; only the
    HTML report shows whole documents (it asks for ``keep_text``). Keeping only
    those lines is what lets a batch of ten thousand reports (and the pickles that carry them
    back from the workers) stay small.
    """
    if not report.lines:
        return report
    wanted: set[int] = set()
    for finding in report.findings:
        wanted.update(range(finding.line, max(finding.line, finding.end_line) + 1))
    lines = [line if i in wanted else "" for i, line in enumerate(report.lines, start=1)]
    return replace(report, lines=lines)


def one_line(message: str) -> str:
    return " ".join(message.split()) or "unknown error"


def internal_error(exc: BaseException) -> str:
    return one_line(f"internal error: {type(exc).__name__}: {exc}")


# ---------------------------------------------------------------- many documents


def run_batch(
    items: Sequence[T],
    work: Callable[[T], R],
    *,
    jobs: int | None = None,
    scheduler: str | None = None,
    progress: bool | None = None,
    description: str = "checking",
) -> Iterator[R]:
    """``work(item)`` for every item, yielded in the order of ``items``.

    An item is an :data:`Item` or a tuple whose first member is one (extra arguments).
    ``jobs`` worker processes (default: all cores; 1 runs everything in this process), or a
    Dask cluster when ``scheduler`` is given (an address, or ``"local"``). ``progress`` shows
    a bar on standard error; by default only when that is a terminal and there is more than
    one item. Standard input (``-``) is always read in this process.
    """
    jobs = default_jobs() if jobs is None else max(1, jobs)
    if progress is None:
        progress = len(items) > 1 and sys.stderr.isatty()
    if scheduler is not None:
        from budgetaudit.batch_dask import map_on_dask

        results = map_on_dask(items, work, scheduler, jobs)
    elif jobs == 1 or len(items) < 2:
        results = (work(item) for item in items)
    else:
        results = _map_on_pool(items, work, jobs)
    if not progress:
        yield from results
        return
    yield from _with_progress(results, len(items), description)


def is_stdin(task: object) -> bool:
    """Whether the task reads standard input (which only this process can)."""
    return task == "-" or (isinstance(task, tuple) and bool(task) and task[0] == "-")


def _with_progress(results: Iterator[R], total: int, description: str) -> Iterator[R]:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    columns = (
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    # On standard error and gone when done: the report on standard output stays clean.
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(description, total=total)
        for result in results:
            yield result
            bar.advance(task)


def _map_on_pool(items: Sequence[T], work: Callable[[T], R], jobs: int) -> Iterator[R]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # Forked workers start at once with the rules already loaded; elsewhere they import them.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    remote = [i for i, item in enumerate(items) if not is_stdin(item)]
    # Chunks amortise the hand-over (a document takes milliseconds) yet keep every worker busy.
    chunksize = max(1, min(64, len(remote) // (jobs * 16)))
    executor = ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker)
    try:
        mapped = executor.map(work, [items[i] for i in remote], chunksize=chunksize)
        broken = False
        for item in items:
            if is_stdin(item):  # the workers cannot read our standard input
                yield work(item)
                continue
            if not broken:
                try:
                    yield next(mapped)
                    continue
                except BrokenProcessPool:
                    broken = True
            # A worker died (killed, out of memory): what it held is lost; say so per file.
            yield _lost(item, work)
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _lost(task: T, work: Callable[[T], R]) -> R:
    """The result for a task whose worker died: its item replaced by a report saying so."""
    item = task[0] if isinstance(task, tuple) else task
    path = item.path if isinstance(item, FileReport) else str(item)
    lost = FileReport(path=path, error="internal error: a worker process died")
    return work((lost, *task[1:]) if isinstance(task, tuple) else lost)  # type: ignore[arg-type]


def _init_worker() -> None:
    # ^C goes to the whole process group: the parent handles it and shuts the pool down;
    # workers must not print their own KeyboardInterrupt tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # What the worker inherited (rules, vocabularies, compiled patterns) lives as long as it
    # does: keep it out of the collector's passes, and collect less often (a document makes
    # tens of thousands of short-lived objects, nearly all freed by reference counting).
    gc.freeze()
    gc.set_threshold(10_000, 20, 20)
