"""``budgetaudit rules`` and ``budgetaudit explain CODE``: the rule catalogue for people.

Formatting only; everything shown comes from ``rules/catalog.toml``.
"""

from __future__ import annotations

import json

from budgetaudit import vocab

COLUMNS = ("code", "severity", "category", "title")


def rules_table(*, as_json: bool = False) -> str:
    catalog = vocab.catalog()
    if as_json:
        rows = [{"code": code, **entry} for code, entry in catalog.items()]
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    rows_text = [(code, e["severity"], e["category"], e["title"]) for code, e in catalog.items()]
    widths = [max(len(r[i]) for r in [COLUMNS, *rows_text]) for i in range(3)]
    lines = []
    for row in [COLUMNS, *rows_text]:
        lines.append(
            "  ".join(cell.ljust(w) for cell, w in zip(row[:3], widths, strict=True))
            + "  "
            + row[3]
        )
    return "\n".join(lines) + "\n"


def explain(code: str) -> str | None:
    """The explanation of one rule, or None when the code is unknown (case-insensitive)."""
    entry = vocab.catalog().get(code.upper())
    if entry is None:
        return None
    return (
        f"{code.upper()} ({entry['name']}): {entry['title']}\n"
        f"severity: {entry['severity']}   category: {entry['category']}\n\n"
        f"What it checks and why\n  {entry['explanation']}\n\n"
        + (
            f"Last year's document (--prior)\n{_indent(entry['prior'])}\n\n"
            if "prior" in entry
            else ""
        )
        + f"Fires on\n{_indent(entry['fires'])}\n\n"
        f"Does not fire on\n{_indent(entry['passes'])}\n\n"
        f"Basis\n  {entry['basis']}\n"
    )


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())
