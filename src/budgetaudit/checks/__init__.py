"""The rule engine: every check reads a :class:`~budgetaudit.model.Document` and yields hits.

The checks work on the facts the extraction stages found (extract.py, tables.py, check_facts.py:
years, coded rows, project sections, item statements, change reasons, wording …), comparing them
with vocabularies from rules/*.toml; none scans the text itself. A hit names a rule code
and a span of normalised text; the pipeline turns it into a located
:class:`~budgetaudit.model.Finding` with the rule's severity and category from the catalogue.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from budgetaudit.checks import (
    arithmetic,
    averages,
    changes,
    counts,
    coverage,
    items,
    net_changes,
    percent,
    sangong_rates,
    structure,
    summary_totals,
    table_changes,
    table_summaries,
    tables,
    wording,
    years,
)
from budgetaudit.checks.hit import Hit
from budgetaudit.model import Document

Check = Callable[[Document], Iterable[Hit]]

CHECKS: tuple[Check, ...] = (
    arithmetic.check_compositions,
    arithmetic.check_running_costs,
    arithmetic.check_balance,
    percent.check_shares,
    percent.check_share_totals,
    changes.check_changes,
    changes.check_change_parts,
    changes.check_mixed_bases,
    net_changes.check_net_changes,
    items.check_item_texts,
    counts.check_count_lists,
    counts.check_restated_figures,
    wording.check_templates,
    wording.check_duplicates,
    wording.check_pairs,
    wording.check_empty_reasons,
    wording.check_garbled_terms,
    wording.check_phrasing,
    wording.check_renamed_subjects,
    wording.check_own_name,
    wording.check_unit_wording,
    wording.check_leaks,
    wording.check_unterminated,
    wording.check_typos,
    structure.check_numbering,
    structure.check_contents_vs_body,
    structure.check_subject_codes,
    structure.check_list_titles,
    structure.check_project_sections,
    structure.check_economic_codes,
    years.check_years,
    tables.check_footing,
    tables.check_row_splits,
    tables.check_text_vs_tables,
    tables.check_cross_tables,
    tables.check_income_sources,
    *table_summaries.CHECKS,
    *summary_totals.CHECKS,
    *sangong_rates.CHECKS,
    *averages.CHECKS,
    *table_changes.CHECKS,
    coverage.check_required,
    coverage.check_sangong,
    coverage.check_empty_tables,
)


def run_checks(doc: Document) -> list[Hit]:
    hits: list[Hit] = []
    for check in CHECKS:
        hits.extend(check(doc))
    return hits


__all__ = ["CHECKS", "Hit", "run_checks"]
