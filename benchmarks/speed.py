"""Speed and memory of budgetaudit (issue 6), measured side by side in one run.

    python benchmarks/speed.py [--docs 10000] [--jobs 2] [--repeat 7] [--corpus DIR]
                               [--only cold]

- cold start: ``budgetaudit check`` on the bundled sample vs ``python -c "import typer, rich"``
  (median of --repeat runs each, interleaved);
- throughput: --docs text documents made by replicating the corpus texts into a temp dir,
  checked with ``--jobs`` workers, JSON report to a file;
- time vs document size: one document of 1 KB … 1 MB (corpus texts concatenated), audited
  in-process, median of a few runs;
- peak memory (max RSS of the largest process) on the 1 MB document and on the batch.

Prints a Markdown table (the README's figures). Not run by pytest or CI: it takes minutes.
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "samples" / "zhuzhou-beijing-office-2024-budget.txt"
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
BIN = Path(sys.executable).parent
SIZES_KB = (1, 10, 100, 1000)

# Runs a command and prints the largest max RSS among it and its children, in KiB.
_PEAK = (
    "import resource, subprocess, sys;"
    "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode;"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, rc)"
)


def budgetaudit_cmd() -> list[str]:
    script = BIN / "budgetaudit"
    return [str(script)] if script.exists() else [sys.executable, "-m", "budgetaudit"]


def timed(cmd: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env)
    return time.perf_counter() - start


def peak_kib(cmd: list[str]) -> int:
    out = subprocess.run([sys.executable, "-c", _PEAK, *cmd], capture_output=True, text=True)
    return int(out.stdout.split()[0])


def corpus_texts(corpus: Path) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]
    if not texts:
        sys.exit(f"speed.py: no *.txt documents in {corpus}")
    return texts


# ---------------------------------------------------------------- the measurements


def compile_bytecode() -> None:
    """Write the package's .pyc files first, as an install does: with PYTHONDONTWRITEBYTECODE
    set (as on CI machines) an editable checkout would otherwise be compiled on every start."""
    import budgetaudit

    package = str(Path(budgetaudit.__file__).parent)
    subprocess.run([sys.executable, "-m", "compileall", "-q", package], check=False)


def cold_start(repeat: int) -> tuple[float, float]:
    compile_bytecode()
    ours = [*budgetaudit_cmd(), "check", "--fail-on", "never", str(SAMPLE)]
    base = [sys.executable, "-c", "import typer, rich"]
    # A start-up cache of its own, filled by the first run as after an install: one shared
    # with other checkouts or versions holds their entries too and reads slower.
    with tempfile.TemporaryDirectory(prefix="budgetaudit-cache-") as cache:
        env = {**os.environ, "BUDGETAUDIT_CACHE_DIR": cache}
        timed(ours, env), timed(base)  # warm the file cache, fill the start-up cache
        a, b = [], []
        for _ in range(repeat):
            a.append(timed(ours, env))
            b.append(timed(base))
    return statistics.median(a), statistics.median(b)


def make_batch(texts: list[str], docs: int, directory: Path) -> None:
    for i, text in zip(range(docs), itertools.cycle(texts), strict=False):
        sub = directory / f"{i // 1000:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"{i:05d}.txt").write_text(text, encoding="utf-8")


def throughput(directory: Path, docs: int, jobs: int, report: Path) -> tuple[float, int]:
    cmd = [
        *budgetaudit_cmd(),
        "check", "--jobs", str(jobs), "--fail-on", "never", "--format", "json",
        "--output", str(report), str(directory),
    ]  # fmt: skip
    start = time.perf_counter()
    peak = peak_kib(cmd)  # one run gives both: the wrapper's start-up is noise at this scale
    return time.perf_counter() - start, peak


def sized_document(texts: list[str], kib: int) -> str:
    target = kib * 1024
    parts, size = [], 0
    for text in itertools.cycle(texts):
        parts.append(text)
        size += len(text.encode("utf-8"))
        if size >= target:
            break
    data = "\n".join(parts).encode("utf-8")[:target]
    return data.decode("utf-8", errors="ignore")


def size_scaling(texts: list[str], directory: Path) -> list[tuple[int, float, int]]:
    from budgetaudit import pipeline

    rows = []
    for kib in SIZES_KB:
        text = sized_document(texts, kib)
        pipeline.audit_text(text)  # warm
        runs = 5 if kib < 1000 else 3
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            pipeline.audit_text(text)
            times.append(time.perf_counter() - start)
        path = directory / f"size-{kib}k.txt"
        path.write_text(text, encoding="utf-8")
        memory = peak_kib([*budgetaudit_cmd(), "check", "--fail-on", "never", str(path)])
        rows.append((kib, statistics.median(times), memory))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument(
        "--only", choices=["cold"], help="measure only this (cold: the cold start, seconds)"
    )
    args = ap.parse_args()

    ours, base = cold_start(args.repeat)
    print(f"cold start: check {ours * 1000:.0f} ms, import typer, rich {base * 1000:.0f} ms, "
          f"ratio {ours / base:.2f}", flush=True)  # fmt: skip
    if args.only == "cold":
        return
    texts = corpus_texts(args.corpus)

    work = Path(tempfile.mkdtemp(prefix="budgetaudit-speed-"))
    try:
        batch_dir = work / "docs"
        batch_dir.mkdir()
        make_batch(texts, args.docs, batch_dir)
        seconds, batch_peak = throughput(batch_dir, args.docs, args.jobs, work / "report.json")
        rate = args.docs / seconds
        print(f"throughput: {args.docs} docs in {seconds:.1f} s = {rate:.0f} docs/s "
              f"(jobs {args.jobs}), peak {batch_peak / 1024:.0f} MiB", flush=True)  # fmt: skip
        sizes = size_scaling(texts, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for kib, secs, mem in sizes:
        print(f"size {kib:>5} KiB: {secs * 1000:8.1f} ms  ({secs * 1000 / kib:.2f} ms/KiB), "
              f"peak {mem / 1024:.0f} MiB")  # fmt: skip

    print()
    print("| measure | result | target |")
    print("| --- | --- | --- |")
    print(
        f"| cold start, `check` on the sample / `import typer, rich` (median of {args.repeat}) "
        f"| {ours * 1000:.0f} ms / {base * 1000:.0f} ms = {ours / base:.2f}× | ≤ 1.3× |"
    )
    print(
        f"| throughput, {args.docs} corpus texts, `--jobs {args.jobs}` "
        f"| {rate:.0f} docs/s ({seconds:.1f} s) | ≥ 500 docs/s |"
    )
    for kib, secs, _ in sizes:
        print(
            f"| one document of {kib} KiB | {secs * 1000:.1f} ms ({secs * 1000 / kib:.2f} ms/KiB) "
            "| linear |"
        )
    print(f"| peak memory, {SIZES_KB[-1]} KiB document | {sizes[-1][2] / 1024:.0f} MiB | |")
    print(f"| peak memory, {args.docs}-file batch (largest process) | {batch_peak / 1024:.0f} MiB "
          "| bounded |")  # fmt: skip


if __name__ == "__main__":
    os.environ.setdefault("NO_COLOR", "1")
    main()
