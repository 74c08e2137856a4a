"""Years that do not fit the document's own year (Y001–Y005).

Reads the year phrases year_refs.py found (``doc.facts.years``); parses no text.
"""

from __future__ import annotations

from collections.abc import Iterator

from budgetaudit.checks.hit import Hit
from budgetaudit.model import Document
from budgetaudit.year_refs import is_budget, is_final


def check_years(doc: Document) -> Iterator[Hit]:
    year = doc.meta.year
    if year is None or doc.meta.title is None:
        return
    years = doc.facts.years
    budget, final = is_budget(doc.meta), is_final(doc.meta)
    for c in years.compared:
        y = c.year
        # a final account may compare with its own budget
        if (budget and y >= year) or (final and (y > year or (y == year and not c.budget))):
            yield Hit(
                "Y001",
                c.start,
                c.end,
                f"compared with {y}, but the document is about {year}",
                expected=str(year - 1),
                found=str(y),
            )
    if final:
        for p in years.published:
            if p.year <= year:
                yield Hit(
                    "Y003",
                    p.start,
                    p.end,
                    f"published {p.year}年{p.month}月, before the {year} accounts could be closed",
                    expected=f"{year + 1} or later",
                    found=str(p.year),
                )
    if final or budget:
        # A budget may report last year's execution (执行数, 决算) against the year before; any
        # other year-on-year change is about the document's own year.
        for cy in years.change_years:
            if budget and cy.execution:
                continue
            if cy.year < year:
                yield Hit(
                    "Y002",
                    cy.start,
                    cy.end,
                    f"a year-on-year change attributed to {cy.year} in a document about {year}",
                    expected=str(year),
                    found=str(cy.year),
                )
    # "2024年执行情况和2025年预算情况": a document of last year's execution and this year's
    # budget cannot report this year's execution.
    if years.execution_and_budget is not None:
        execution_year, budget_year = years.execution_and_budget
        for span in years.budget_executions:
            yield Hit(
                "Y005",
                span.start,
                span.end,
                f"the execution of the {budget_year} budget is reported in a document that gives "
                f"{execution_year}'s execution and {budget_year}'s budget",
                expected=f"{budget_year}年预算",
                found=span.raw,
            )
    if budget:
        for p in years.periods:
            if p.first < year and p.last < year:
                yield Hit(
                    "Y004",
                    p.start,
                    p.end,
                    f"an implementation period before the budget year {year}",
                    expected=str(year),
                    found=p.raw,
                )
