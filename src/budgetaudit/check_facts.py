"""The extraction step for the facts only the checks read (years, coded rows, …).

Run by pipeline.analyse for documents that are checked; a document analysed only to be
compared with next year's (``tables=False``) skips it, as it skipped the checks' own scans.
"""

from __future__ import annotations

from budgetaudit.change_reasons import find_change_reasons
from budgetaudit.coded_rows import find_coded_rows, find_economic_rows
from budgetaudit.item_texts import find_item_texts
from budgetaudit.model import Document
from budgetaudit.numbered_lines import find_numbered_lines
from budgetaudit.project_sections import find_project_sections
from budgetaudit.structure import toc_headings
from budgetaudit.wording_facts import find_wording
from budgetaudit.year_refs import find_years


def fill(doc: Document) -> None:
    """Add the checks' facts to ``doc.facts``."""
    facts = doc.facts
    facts.years = find_years(doc.norm, doc.meta, facts)
    facts.toc_headings = toc_headings(doc.norm, doc.headings)
    facts.coded_rows = find_coded_rows(doc.norm)
    facts.economic_rows = find_economic_rows(doc.norm)
    facts.project_sections = find_project_sections(doc.norm, doc.headings)
    facts.item_texts = find_item_texts(doc.norm)
    facts.numbered_lines = find_numbered_lines(doc.norm, facts)
    facts.change_reasons = find_change_reasons(doc.norm, facts)
    facts.wording = find_wording(doc.norm, doc.meta)
