"""Time reading the corpus PDFs with budgetaudit against ``pdftotext -layout`` (issue 4).

    python benchmarks/pdf_speed.py [--corpus DIR] [--repeat N]

Both read every ``*.pdf`` in the corpus to text, file by file, in the same run: budgetaudit's
reader in-process (``budgetaudit.load.load_path``: open, text layer, layout, page offsets),
``pdftotext -layout FILE -`` as a subprocess (poppler-utils; its start-up is part of its time,
as it is for a user). The best of ``--repeat`` rounds of each is compared; the target is a
ratio of at most 1.5. ``--audit`` also times the whole audit of each PDF (read + checks).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "corpus"
TARGET = 1.5


def _ours(pdfs: list[Path]) -> float:
    from budgetaudit.load import load_path

    start = time.perf_counter()
    for pdf in pdfs:
        load_path(str(pdf))
    return time.perf_counter() - start


def _pdftotext(pdfs: list[Path], exe: str) -> float:
    start = time.perf_counter()
    for pdf in pdfs:
        subprocess.run([exe, "-layout", str(pdf), "-"], check=True, capture_output=True)
    return time.perf_counter() - start


def _audits(pdfs: list[Path]) -> float:
    from budgetaudit.pipeline import audit_path

    start = time.perf_counter()
    for pdf in pdfs:
        audit_path(str(pdf))
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--audit", action="store_true", help="also time full audits")
    args = parser.parse_args(argv)
    pdfs = sorted(args.corpus.glob("*.pdf"))
    if not pdfs:
        print(f"no PDFs in {args.corpus}", file=sys.stderr)
        return 2
    exe = shutil.which("pdftotext")
    if exe is None:
        print("pdftotext not found (apt-get install poppler-utils)", file=sys.stderr)
        return 2
    _ours(pdfs[:1])  # import pypdfium2 once, as a long-running batch would
    ours = min(_ours(pdfs) for _ in range(args.repeat))
    theirs = min(_pdftotext(pdfs, exe) for _ in range(args.repeat))
    size = sum(p.stat().st_size for p in pdfs) / 1e6
    print(f"{len(pdfs)} PDFs, {size:.1f} MB, best of {args.repeat}")
    print(f"budgetaudit reader   {ours:7.3f} s")
    print(f"pdftotext -layout    {theirs:7.3f} s")
    ratio = ours / theirs
    print(f"ratio {ratio:.2f} (target ≤ {TARGET})")
    if args.audit:
        print(f"full audits          {min(_audits(pdfs) for _ in range(args.repeat)):7.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
