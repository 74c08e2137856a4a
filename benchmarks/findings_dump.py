"""Dump every finding budgetaudit reports on the corpus and the samples, for regression diffs.

    python benchmarks/findings_dump.py > before.txt   # … change internals …
    python benchmarks/findings_dump.py | diff before.txt -

One line per finding (file, code, severity, line, column, end_line, end_column, message,
expected, found, section, page, location), then each report's metadata and coverage, and the
figures ``extract`` understood. A speed-up must leave this output byte-identical.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = ap.parse_args()
    from budgetaudit import audit_path, extract
    from budgetaudit.load import load_path
    from budgetaudit.pipeline import analyse, audit_source

    files = sorted(p for p in args.corpus.glob("*") if p.suffix in {".txt", ".html", ".htm"})
    files += sorted((REPO / "samples").glob("*.txt"))
    out = sys.stdout
    for path in files:
        name = path.name
        report = audit_path(str(path))
        meta = {"kind": report.kind, "year": report.year, "department": report.department,
                "error": report.error, "lines": len(report.lines)}  # fmt: skip
        out.write(f"{name}\tMETA\t{json.dumps(meta, ensure_ascii=False)}\n")
        cov = report.coverage
        out.write(f"{name}\tCOVERAGE\t{cov!r}\n")
        for f in report.findings:
            d = f.to_dict()
            out.write(f"{name}\t" + json.dumps(d, ensure_ascii=False) + "\n")
        for fig in extract(str(path)).figures:
            out.write(f"{name}\tFIGURE\t{fig!r}\n")
    # last year's comparison (issue 7) on the bundled pair
    prior = analyse(load_path(str(REPO / "samples" / "yoy-prior-2024.txt")))
    report = audit_source(load_path(str(REPO / "samples" / "yoy-current-2025.txt")), prior)
    for f in report.findings:
        out.write("yoy\t" + json.dumps(f.to_dict(), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
