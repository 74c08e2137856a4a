"""Every corpus PDF reads, its findings carry pages, and they match the pdftotext copy's.

Reads ../shared/corpus (evaluation data, never copied here); skipped when it is absent.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from budgetaudit.pipeline import audit_path

pytest.importorskip("pypdfium2")

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
PDFS = sorted(CORPUS.glob("*.pdf")) if CORPUS.is_dir() else []


@pytest.mark.skipif(not PDFS, reason="corpus not present")
def test_corpus_pdfs_audit_like_their_text_copies() -> None:
    common = total = 0
    for pdf in PDFS:
        report = audit_path(str(pdf))
        assert report.error is None, (pdf.name, report.error)
        assert all(f.page is not None and f.location for f in report.findings), pdf.name
        txt = pdf.with_suffix(".txt")
        if not txt.exists():
            continue
        ours = Counter((f.code, f.message) for f in report.findings if f.severity != "info")
        theirs = Counter(
            (f.code, f.message) for f in audit_path(str(txt)).findings if f.severity != "info"
        )
        common += sum((ours & theirs).values())
        total += max(sum(ours.values()), sum(theirs.values()))
    # The text layers differ in small ways (a line broken elsewhere); findings nearly all agree.
    assert common >= 0.9 * total, (common, total)
