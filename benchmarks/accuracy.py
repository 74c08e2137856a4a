"""Measure budgetaudit's accuracy on a labelled folder of real documents (issue 3).

    python benchmarks/accuracy.py [--corpus DIR] [--csv FILE] [--check-floor] [--jobs N]

For every document listed in ``labels.yaml`` the tool audits the text in-process and measures:

- found: the share of ``expected`` items with a warning/error finding on their line (±1);
- false findings: warning/error findings not within ±1 line of any expected item, per document;
- injected errors caught: for each member of each labelled ``relation``, the member's last
  number is replaced by a materially different one; caught when a new warning/error finding
  appears on the line of one of the relation's members;
- crashes: audits that raised, timed out or returned a report with ``error`` set.

See benchmarks/README.md for what the figures mean.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import math
import multiprocessing
import os
import re
import signal
import sys
import tempfile
import threading
import time
import tomllib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "corpus"
DEFAULT_CSV = REPO_ROOT / "benchmarks" / "out" / "accuracy.csv"
DEFAULT_FLOOR = REPO_ROOT / "benchmarks" / "accuracy_floor.toml"
# Findings a person judged to be real problems that labels.yaml lacks (file, line, code, why).
DEFAULT_JUDGED = REPO_ROOT / "benchmarks" / "judged_real.toml"
DEFAULT_TIMEOUT = 120.0  # seconds per audit; a hang is reported as a crash, not waited on

CSV_COLUMNS = ("kind", "file", "category", "line", "detail", "result")
COUNTED = frozenset({"error", "warning"})  # info findings are never counted either way

# A number written in digits: ASCII or full-width, optional thousands groups, optional decimals.
# The lookbehind keeps us from starting inside a longer digit run.
_D = "0-9０-９"
NUMBER_RE = re.compile(
    rf"(?<![{_D}])(?:[{_D}]{{1,3}}(?:,[{_D}]{{3}})+(?![{_D}])|[{_D}]+)(?:[.．][{_D}]+)?"
)
DIGIT_RE = re.compile(rf"[{_D}]")
LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")  # \f is not a line break (pdftotext page marks)
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_TO_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _default_audit(text: str, path: str) -> Any:
    # Imported lazily so that `--help` and the unit tests work without the package's rules.
    from budgetaudit import audit_text as real

    return real(text, path)


# The audit function the tool calls. Tests replace it (monkeypatch) with a fake.
audit_text: Callable[[str, str], Any] = _default_audit


# ---------------------------------------------------------------- small data records


@dataclass(frozen=True)
class Hit:
    """A finding reduced to what we compare and show (picklable, cheap to send between procs)."""

    code: str
    severity: str
    category: str
    line: int
    message: str
    end_line: int = 0  # a finding spans line..end_line (a statement wrapped over lines)

    def covers(self, line: int, slack: int = 0) -> bool:
        return self.line - slack <= line <= max(self.line, self.end_line) + slack


@dataclass(frozen=True)
class RunResult:
    hits: tuple[Hit, ...]
    error: str | None  # exception, timeout or report.error


@dataclass
class Row:
    kind: str  # expected | false | injected | crash | label
    file: str
    category: str
    line: int | None
    detail: str
    result: str

    def as_csv(self) -> list[str]:
        return [
            self.kind,
            self.file,
            self.category,
            "" if self.line is None else str(self.line),
            self.detail,
            self.result,
        ]


@dataclass
class Results:
    rows: list[Row] = field(default_factory=list)
    documents: int = 0
    label_problems: list[str] = field(default_factory=list)
    seconds: float = 0.0
    audits: int = 0

    def _rows(self, kind: str) -> list[Row]:
        return [r for r in self.rows if r.kind == kind]

    # Items with label problems are excluded from the denominators (they cannot be judged).
    def found(self) -> tuple[int, int]:
        rows = [r for r in self._rows("expected") if r.result in ("found", "missed")]
        return sum(r.result == "found" for r in rows), len(rows)

    def found_by_category(self) -> dict[str, tuple[int, int]]:
        out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for r in self._rows("expected"):
            if r.result in ("found", "missed"):
                out[r.category][0] += r.result == "found"
                out[r.category][1] += 1
        return {k: (v[0], v[1]) for k, v in sorted(out.items())}

    def false_count(self) -> int:
        return len(self._rows("false"))

    def false_per_doc(self) -> float:
        return self.false_count() / self.documents if self.documents else 0.0

    def unjudged_false_count(self) -> int:
        """False findings not judged by a person to be real problems missing from the labels."""
        return sum(r.result == "false" for r in self._rows("false"))

    def unjudged_false_per_doc(self) -> float:
        return self.unjudged_false_count() / self.documents if self.documents else 0.0

    def injected(self) -> tuple[int, int]:
        rows = [r for r in self._rows("injected") if r.result != "label_problem"]
        return sum(r.result == "caught" for r in rows), len(rows)

    def injected_by_type(self) -> dict[str, tuple[int, int]]:
        out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for r in self._rows("injected"):
            if r.result != "label_problem":
                out[r.category][0] += r.result == "caught"
                out[r.category][1] += 1
        return {k: (v[0], v[1]) for k, v in sorted(out.items())}

    def crashed_files(self) -> list[str]:
        return sorted({r.file for r in self._rows("crash")})

    def summary(self) -> dict[str, float]:
        f, n = self.found()
        c, m = self.injected()
        return {
            "found": f / n if n else 1.0,
            "false_per_doc": self.false_per_doc(),
            "unjudged_false_per_doc": self.unjudged_false_per_doc(),
            "injected": c / m if m else 1.0,
            "crashes": float(len(self.crashed_files())),
        }


# ---------------------------------------------------------------- text helpers


class Lines:
    """Line numbering as budgetaudit reports it: 1-based, split on \\r\\n, \\r and \\n only."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in LINE_BREAK_RE.finditer(text)]
        self.lines = LINE_BREAK_RE.split(text)

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)

    def get(self, line: int) -> str:
        return self.lines[line - 1] if 1 <= line <= len(self.lines) else ""


def find_all(text: str, needle: str) -> list[int]:
    """Every start offset of needle, overlapping ones included (so uniqueness is strict)."""
    out, i = [], text.find(needle)
    while i >= 0 and needle:
        out.append(i)
        i = text.find(needle, i + 1)
    return out


def parse_number(raw: str) -> tuple[Decimal, int]:
    """Value and printed decimals of a matched number ("26,085.58", "４", "0.00")."""
    plain = raw.translate(_FULLWIDTH).replace(",", "").replace("．", ".")
    decimals = len(plain.split(".", 1)[1]) if "." in plain else 0
    return Decimal(plain), decimals


def mutate_number(raw: str) -> str:
    """A materially different number printed like ``raw`` (same decimals, separators, width)."""
    value, decimals = parse_number(raw)
    quantum = Decimal(1).scaleb(-decimals)
    if value == 0:
        new = Decimal(5)
    else:
        new = (value * Decimal("1.5") + 7).quantize(quantum, ROUND_HALF_UP)
    if new == value:  # cannot happen for value >= 0, kept as a guard
        new += 1
    text = format(new, f",.{decimals}f" if "," in raw else f".{decimals}f")
    if "．" in raw:
        text = text.replace(".", "．")
    if DIGIT_RE.search(raw) and all("０" <= ch <= "９" for ch in DIGIT_RE.findall(raw)):
        text = text.translate(_TO_FULLWIDTH)
    return text


def last_number_span(text: str, start: int, member: str) -> tuple[int, int] | None:
    """Span in ``text`` of the last number written in the member found at ``start``.

    The number is matched in the full text, so a member that ends inside a number still
    changes the whole printed number.
    """
    digits = [m.start() for m in DIGIT_RE.finditer(member)]
    if not digits:
        return None
    target = start + digits[-1]
    lo = max(0, target - 64)
    for m in NUMBER_RE.finditer(text, lo, min(len(text), target + 64)):
        if m.start() <= target < m.end():
            return m.start(), m.end()
    return None


# ---------------------------------------------------------------- running the auditor


def _on_alarm(signum: int, frame: object) -> None:
    raise TimeoutError("audit timed out")


def run_audit(text: str, path: str, timeout: float | None = DEFAULT_TIMEOUT) -> RunResult:
    """Audit one text; every failure becomes ``error`` so the run never stops."""
    use_alarm = bool(timeout) and threading.current_thread() is threading.main_thread()
    if use_alarm:
        old = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, float(timeout or 0))
    try:
        report = audit_text(text, path)
        hits = tuple(
            Hit(
                f.code,
                str(getattr(f.severity, "value", f.severity)),
                str(f.category),
                int(f.line),
                str(f.message),
                int(getattr(f, "end_line", f.line) or f.line),
            )
            for f in report.findings
        )
        error = getattr(report, "error", None)
        return RunResult(hits, str(error) if error else None)
    except BaseException as exc:  # a crash is a result; KeyboardInterrupt still stops us
        if isinstance(exc, KeyboardInterrupt):
            raise
        return RunResult((), f"{type(exc).__name__}: {exc}")
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)


def _run_task(task: tuple[str, str, float | None]) -> RunResult:
    return run_audit(*task)


def _run_all(tasks: Sequence[tuple[str, str, float | None]], jobs: int) -> list[RunResult]:
    if jobs <= 1 or len(tasks) <= 1:
        return [_run_task(t) for t in tasks]
    # Largest texts first balances the pool; results are put back in task order.
    order = sorted(range(len(tasks)), key=lambda i: (-len(tasks[i][0]), i))
    results: list[RunResult | None] = [None] * len(tasks)
    ctx = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
    with ctx.Pool(jobs) as pool:
        for i, res in zip(order, pool.imap(_run_task, [tasks[i] for i in order]), strict=True):
            results[i] = res
    return [r for r in results if r is not None]


# ---------------------------------------------------------------- the measurement


@dataclass
class _Injection:
    file: str
    rtype: str
    formula: str
    member: str
    line: int  # line of the changed number
    member_lines: frozenset[int]
    old: str
    new: str
    text: str


def _counted(hits: Iterable[Hit]) -> list[Hit]:
    return [h for h in hits if h.severity in COUNTED]


def _short(s: str, n: int = 120) -> str:
    s = s.replace("\f", "").strip()
    return s if len(s) <= n else s[: n - 1] + "…"


def load_labels(corpus: Path) -> list[dict[str, Any]]:
    with (corpus / "labels.yaml").open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or []
    if not isinstance(data, list):
        raise ValueError(f"{corpus / 'labels.yaml'}: expected a list of documents")
    # Sorted by file so that every run lists things in the same order.
    return sorted((e for e in data if isinstance(e, dict)), key=lambda e: str(e.get("file")))


Judged = frozenset[tuple[str, int, str]]


def load_judged(path: Path | None) -> Judged:
    """(file, line, code) of the findings judged real problems; empty when there is no file."""
    if path is None or not path.is_file():
        return frozenset()
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    return frozenset(
        (str(e["file"]), int(e["line"]), str(e["code"])) for e in data.get("real") or []
    )


def evaluate(
    corpus: Path,
    jobs: int = 1,
    timeout: float | None = DEFAULT_TIMEOUT,
    inject: bool = True,
    judged: Judged = frozenset(),
) -> Results:
    """Run the whole measurement over ``corpus`` and return every per-item result.

    ``inject=False`` skips the injected-error audits (a quick crash/found/false check).
    A false finding listed in ``judged`` stays counted as false (the labels lack it) but is
    marked ``judged_real`` so that the unjudged remainder can be reported beside it.
    """
    t0 = time.perf_counter()
    res = Results()
    docs: list[tuple[str, str, Lines, dict[str, Any]]] = []
    for entry in load_labels(corpus):
        name = str(entry.get("file"))
        try:
            text = (corpus / name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            res.label_problems.append(f"{name}: cannot read file ({exc})")
            continue
        docs.append((name, text, Lines(text), entry))
    res.documents = len(docs)

    # Build every modified text up front; the audits (the slow part) then run in one batch.
    injections: list[_Injection] = []
    for name, text, lines, entry in docs if inject else ():
        injections.extend(_injections(name, text, lines, entry, res))

    tasks = [(text, name, timeout) for name, text, _, _ in docs]
    tasks += [(inj.text, inj.file, timeout) for inj in injections]
    runs = _run_all(tasks, jobs)
    res.audits = len(runs)
    base = dict(zip((d[0] for d in docs), runs[: len(docs)], strict=True))

    for name, _text, lines, entry in docs:
        _score_document(name, lines, entry, base[name], res, judged)
    for inj, run in zip(injections, runs[len(docs) :], strict=True):
        _score_injection(inj, base[inj.file], run, res)

    res.rows.sort(key=_row_order)
    res.seconds = time.perf_counter() - t0
    return res


_KIND_ORDER = {"crash": 0, "expected": 1, "false": 2, "injected": 3}


def _row_order(r: Row) -> tuple[int, str, int]:
    # Stable sort: within a file and kind, label order is kept.
    return (_KIND_ORDER.get(r.kind, 9), r.file, r.line or 0)


def _injections(
    name: str, text: str, lines: Lines, entry: dict[str, Any], res: Results
) -> list[_Injection]:
    out: list[_Injection] = []
    for rel in entry.get("relations") or []:
        rtype = str(rel.get("type", "?"))
        formula = str(rel.get("formula", ""))
        members = [str(m) for m in rel.get("members") or []]
        spans: list[tuple[str, tuple[int, int] | None, str]] = []
        for member in members:
            starts = find_all(text, member)
            problem = ""
            span = None
            if len(starts) != 1:
                problem = f"member {member!r} occurs {len(starts)} times (expected once)"
            else:
                span = last_number_span(text, starts[0], member)
                if span is None:
                    problem = f"member {member!r} has no number written in digits"
            spans.append((member, span, problem))
        member_lines = frozenset(lines.line_of(s[0]) for _, s, _ in spans if s is not None)
        for member, span, problem in spans:
            if span is None:
                res.label_problems.append(f"{name}: relation {formula!r}: {problem}")
                res.rows.append(
                    Row("injected", name, rtype, None, f"{formula} | {problem}", "label_problem")
                )
                continue
            old = text[span[0] : span[1]]
            new = mutate_number(old)
            out.append(
                _Injection(
                    file=name,
                    rtype=rtype,
                    formula=formula,
                    member=member,
                    line=lines.line_of(span[0]),
                    member_lines=member_lines,
                    old=old,
                    new=new,
                    text=text[: span[0]] + new + text[span[1] :],
                )
            )
    return out


def _score_document(
    name: str,
    lines: Lines,
    entry: dict[str, Any],
    run: RunResult,
    res: Results,
    judged: Judged = frozenset(),
) -> None:
    if run.error is not None:
        res.rows.append(Row("crash", name, "crash", None, _short(run.error, 300), "crash"))
    hits = _counted(run.hits)
    expected_lines: set[int] = set()
    for item in entry.get("expected") or []:
        cat = str(item.get("category", "?"))
        needle = str(item.get("line_contains", ""))
        found_in = [i for i, ln in enumerate(lines.lines, 1) if needle and needle in ln]
        if len(found_in) != 1:
            problem = f"line_contains {needle!r} is on {len(found_in)} lines (expected one)"
            res.label_problems.append(f"{name}: {problem}")
            res.rows.append(Row("expected", name, cat, None, problem, "label_problem"))
            continue
        line = found_in[0]
        expected_lines.add(line)
        ok = any(h.covers(line, slack=1) for h in hits)
        res.rows.append(
            Row("expected", name, cat, line, _short(needle), "found" if ok else "missed")
        )
    for h in sorted(hits, key=lambda h: (h.line, h.code, h.message)):
        if any(h.covers(e, slack=1) for e in expected_lines):
            continue
        res.rows.append(
            Row(
                "false",
                name,
                h.category,
                h.line,
                f"{h.code} [{h.severity}] {_short(h.message)} || {_short(lines.get(h.line))}",
                "judged_real" if (name, h.line, h.code) in judged else "false",
            )
        )


def _score_injection(inj: _Injection, base: RunResult, run: RunResult, res: Results) -> None:
    detail = f"{inj.formula} | {_short(inj.member, 60)!r}: {inj.old} -> {inj.new}"
    if run.error is not None:
        res.rows.append(
            Row(
                "crash",
                inj.file,
                "crash",
                inj.line,
                f"with injected change {inj.old} -> {inj.new}: {_short(run.error, 300)}",
                "crash",
            )
        )
        res.rows.append(Row("injected", inj.file, inj.rtype, inj.line, detail, "crash"))
        return
    # New = more findings with this (code, line) than before; a multiset, so a second
    # finding of the same rule on an already-flagged line still counts as new.
    before = Counter((h.code, h.line, h.end_line) for h in _counted(base.hits))
    after = Counter((h.code, h.line, h.end_line) for h in _counted(run.hits))
    new = after - before
    caught = any(
        start <= line <= max(start, end) for _, start, end in new for line in inj.member_lines
    )
    res.rows.append(
        Row("injected", inj.file, inj.rtype, inj.line, detail, "caught" if caught else "missed")
    )


# ---------------------------------------------------------------- output


def write_csv(res: Results, path: Path) -> None:
    """Write atomically: a reader never sees a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".accuracy-", suffix=".csv", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(CSV_COLUMNS)
            w.writerows(r.as_csv() for r in res.rows)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _pct(a: int, n: int) -> str:
    return f"{a / n:6.1%}" if n else "     -"


def summary_line(res: Results) -> str:
    f, n = res.found()
    c, m = res.injected()
    s = res.summary()
    return (
        f"accuracy: found {s['found']:.3f} ({f}/{n}) | false/doc {s['false_per_doc']:.3f} "
        f"({res.false_count()}; unjudged {s['unjudged_false_per_doc']:.3f}) | injected {s['injected']:.3f} ({c}/{m}) | "
        f"crashes {len(res.crashed_files())}"
    )


def render(res: Results) -> str:
    out: list[str] = []
    f, n = res.found()
    out.append(f"found (expected items with a warning/error within ±1 line), {res.documents} docs")
    out.append(f"  {'category':<14}{'found':>7}{'total':>7}{'share':>8}")
    for cat, (a, b) in res.found_by_category().items():
        out.append(f"  {cat:<14}{a:>7}{b:>7}{_pct(a, b):>8}")
    out.append(f"  {'ALL':<14}{f:>7}{n:>7}{_pct(f, n):>8}")

    c, m = res.injected()
    out.append("")
    out.append("injected errors caught (one member's number changed at a time)")
    out.append(f"  {'relation':<14}{'caught':>7}{'total':>7}{'share':>8}")
    for t, (a, b) in res.injected_by_type().items():
        out.append(f"  {t:<14}{a:>7}{b:>7}{_pct(a, b):>8}")
    out.append(f"  {'ALL':<14}{c:>7}{m:>7}{_pct(c, m):>8}")

    out.append("")
    false_rows = [r for r in res.rows if r.kind == "false"]
    out.append(
        f"false findings: {len(false_rows)} in {res.documents} documents "
        f"({res.false_per_doc():.3f} per document); "
        f"{res.false_count() - res.unjudged_false_count()} of them judged real problems the "
        f"labels lack, {res.unjudged_false_count()} unjudged "
        f"({res.unjudged_false_per_doc():.3f} per document)"
    )
    current = None
    for r in false_rows:
        if r.file != current:
            current = r.file
            count = sum(x.file == r.file for x in false_rows)
            out.append(f"  {r.file} ({count})")
        mark = " [judged real]" if r.result == "judged_real" else ""
        out.append(f"    L{r.line}: {r.detail}{mark}")

    crashes = [r for r in res.rows if r.kind == "crash"]
    out.append("")
    out.append(f"crashes: {len(res.crashed_files())} files ({len(crashes)} audits)")
    for r in crashes:
        out.append(f"  {r.file}: {r.detail}")

    if res.label_problems:
        out.append("")
        out.append(f"label problems (excluded from the figures): {len(res.label_problems)}")
        out.extend(f"  {p}" for p in res.label_problems)
    return "\n".join(out)


def render_misses(res: Results, limit: int | None = None) -> str:
    misses = [r for r in res.rows if r.kind == "injected" and r.result in ("missed", "crash")]
    out = [f"injected misses: {len(misses)}"]
    shown = misses if limit is None else misses[:limit]
    out.extend(f"  {r.file} L{r.line} [{r.category}] {r.detail} ({r.result})" for r in shown)
    if len(shown) < len(misses):
        out.append(f"  … {len(misses) - len(shown)} more in the CSV")
    expected_misses = [r for r in res.rows if r.kind == "expected" and r.result == "missed"]
    out.append(f"expected items missed: {len(expected_misses)}")
    out.extend(f"  {r.file} L{r.line} [{r.category}] {r.detail}" for r in expected_misses)
    return "\n".join(out)


# ---------------------------------------------------------------- the floor (a ratchet)


def load_floor(path: Path) -> dict[str, Any]:
    with path.open("rb") as fh:
        return tomllib.load(fh)


def check_floor(res: Results, floor: dict[str, Any]) -> list[str]:
    """Every figure that is worse than its floor, as a readable message (empty when all pass)."""
    s = res.summary()
    fails: list[str] = []
    eps = 1e-9  # figures equal to the floor pass

    def low(name: str, value: float, key: str) -> None:
        if key in floor and value + eps < float(floor[key]):
            fails.append(f"{name} {value:.3f} is below the floor {float(floor[key]):.2f}")

    low("found", s["found"], "found")
    low("injected", s["injected"], "injected")
    fmax = floor.get("false_per_doc_max")
    if fmax is not None and s["false_per_doc"] > float(fmax) + eps:
        fails.append(f"false/doc {s['false_per_doc']:.3f} is above the maximum {float(fmax):.2f}")
    umax = floor.get("unjudged_false_per_doc_max")
    if umax is not None and s["unjudged_false_per_doc"] > float(umax) + eps:
        fails.append(
            f"unjudged false/doc {s['unjudged_false_per_doc']:.3f} is above the maximum "
            f"{float(umax):.2f}"
        )
    if "crashes_max" in floor and s["crashes"] > int(floor["crashes_max"]):
        fails.append(f"crashes {int(s['crashes'])} is above the maximum {floor['crashes_max']}")
    by_cat = res.found_by_category()
    for cat, minimum in sorted((floor.get("found_by_category") or {}).items()):
        a, b = by_cat.get(cat, (0, 0))
        if b and a / b + eps < float(minimum):
            fails.append(f"found[{cat}] {a / b:.3f} is below the floor {float(minimum):.2f}")
    return fails


def suggest_floor(res: Results) -> str:
    """The floor file the current figures would justify (shares down, maxima up, 2 decimals)."""
    s = res.summary()
    lines = [
        f"found = {math.floor(s['found'] * 100 + 1e-9) / 100:.2f}",
        f"false_per_doc_max = {math.ceil(s['false_per_doc'] * 100 - 1e-9) / 100:.2f}",
        "unjudged_false_per_doc_max = "
        f"{math.ceil(s['unjudged_false_per_doc'] * 100 - 1e-9) / 100:.2f}",
        f"injected = {math.floor(s['injected'] * 100 + 1e-9) / 100:.2f}",
        f"crashes_max = {int(s['crashes'])}",
        "",
        "[found_by_category]",
    ]
    for cat, (a, b) in res.found_by_category().items():
        lines.append(f"{cat} = {math.floor(a / b * 100 + 1e-9) / 100:.2f}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- command line


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--corpus",
        type=Path,
        default=DEFAULT_CORPUS,
        help="folder with labels.yaml and the .txt files (default: %(default)s)",
    )
    ap.add_argument(
        "--csv", type=Path, default=DEFAULT_CSV, help="per-item results (default: %(default)s)"
    )
    ap.add_argument(
        "--check-floor",
        action="store_true",
        help="exit 1 if any figure is worse than benchmarks/accuracy_floor.toml",
    )
    ap.add_argument("--floor", type=Path, default=DEFAULT_FLOOR, help=argparse.SUPPRESS)
    ap.add_argument(
        "--judged",
        type=Path,
        default=DEFAULT_JUDGED,
        help="findings judged real problems missing from the labels (default: %(default)s)",
    )
    ap.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    ap.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        help="seconds per audit before it counts as a crash (default %(default)s)",
    )
    ap.add_argument(
        "--misses",
        type=int,
        default=40,
        metavar="N",
        help="list at most N injected misses (-1: all; full list in the CSV)",
    )
    ap.add_argument(
        "--suggest-floor",
        action="store_true",
        help="print the floor file the current figures justify",
    )
    args = ap.parse_args(argv)

    if not (args.corpus / "labels.yaml").is_file():
        print(f"accuracy: no labels.yaml in {args.corpus}", file=sys.stderr)
        return 2
    res = evaluate(
        args.corpus,
        jobs=max(1, args.jobs),
        timeout=args.timeout or None,
        judged=load_judged(args.judged),
    )
    write_csv(res, args.csv)

    print(render(res))
    print()
    print(render_misses(res, None if args.misses < 0 else args.misses))
    if args.suggest_floor:
        print()
        print(suggest_floor(res), end="")
    print()
    print(f"csv: {args.csv}")
    print(
        f"wall time: {res.seconds:.1f}s for {res.audits} audits "
        f"({res.documents} documents, jobs={max(1, args.jobs)})"
    )
    status = 0
    if args.check_floor:
        fails = check_floor(res, load_floor(args.floor))
        if fails:
            print(f"FLOOR FAILED ({args.floor.name}):")
            print("\n".join(f"  {f}" for f in fails))
            status = 1
        else:
            print(f"floor ok ({args.floor.name})")
    print(summary_line(res))
    return status


if __name__ == "__main__":
    sys.exit(main())
