"""The README stays true: its first commands and its rule table."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_rule_is_in_the_readme_table() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    with open(ROOT / "rules" / "catalog.toml", "rb") as fh:
        catalog = tomllib.load(fh)
    missing = [code for code in catalog if f"| `{code}` |" not in readme]
    assert not missing, f"add these rules to the README table: {missing}"


def test_readme_opens_with_the_two_newcomer_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    head = readme[:1500]
    assert (
        "pip install -e . && budgetaudit check samples/zhuzhou-beijing-office-2024-budget.txt"
        in head
    )
    assert "pip install -e '.[test]' && pytest" in head
