"""The extraction step for the facts only the checks read (years, coded rows, …).

Run by pipeline.analyse for documents that are checked; a document analysed only to be
compared with next year's (``tables=False``) skips it, as it skipped the checks' own scans.
"""

from __future__ import annotations

from budgetaudit.model import Document
from budgetaudit.year_refs import find_years


def fill(doc: Document) -> None:
    """Add the checks' facts to ``doc.facts``."""
    doc.facts.years = find_years(doc.norm, doc.meta, doc.facts)
