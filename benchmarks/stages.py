"""CPU time of each pipeline stage, per document, on the corpus texts (where a speed-up goes).

    python benchmarks/stages.py [--repeat 5] [--corpus DIR]

Runs the stages of ``pipeline.analyse`` and the checks one by one on every ``*.txt`` document
of the corpus (one warm-up round, then ``--repeat`` rounds) and prints the mean milliseconds a
document spends in each, and the sum. The throughput target of issue 6 (500 documents/s on two
cores) needs the sum, plus ≈ 0.5 ms of reading, pickling and reporting, under 4 ms.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = ap.parse_args()

    from budgetaudit import check_facts, coverage, pipeline
    from budgetaudit.checks import run_checks
    from budgetaudit.extract import extract
    from budgetaudit.model import Document, SourceText
    from budgetaudit.normalize import normalize
    from budgetaudit.structure import build_sections, detect_meta, find_headings
    from budgetaudit.tables import find_tables

    texts = [p.read_text(encoding="utf-8") for p in sorted(args.corpus.glob("*.txt"))]
    if not texts:
        raise SystemExit(f"stages.py: no *.txt documents in {args.corpus}")
    spent: dict[str, float] = {}

    def timed(stage: str, fn: Callable[..., Any], *a: Any) -> Any:
        start = time.perf_counter()
        result = fn(*a)
        spent[stage] = spent.get(stage, 0.0) + time.perf_counter() - start
        return result

    for round_ in range(args.repeat + 1):
        if round_ == 1:
            spent.clear()  # the first round warms caches and lazy imports
        for text in texts:
            source = SourceText(path="<corpus>", text=text, encoding="utf-8")
            norm = timed("normalise", normalize, text)
            headings = timed("headings", find_headings, norm)
            sections = timed("sections", build_sections, norm, headings)
            meta = timed("meta", detect_meta, norm)
            facts = timed("extract", extract, norm, sections, meta)
            found = timed("tables", find_tables, norm, meta.year)
            doc = Document(source, norm, meta, headings, sections, facts, found.tables, found.refs)
            doc.coverage = timed("coverage", coverage.detect, doc)
            timed("check facts", check_facts.fill, doc)
            hits = timed("rules", run_checks, doc)
            timed("report", pipeline.report_of, doc, hits)
    per_doc = 1000 / (args.repeat * len(texts))
    for stage, seconds in spent.items():
        print(f"{stage:12} {seconds * per_doc:6.3f} ms")
    print(f"{'sum':12} {sum(spent.values()) * per_doc:6.3f} ms  ({len(texts)} documents)")


if __name__ == "__main__":
    main()
