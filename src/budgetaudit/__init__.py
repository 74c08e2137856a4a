"""budgetaudit: audit Chinese department budget and final-accounts disclosures.

The public API is small: :func:`audit_text` and :func:`audit_path` return a
:class:`~budgetaudit.model.FileReport` with every finding located in the input text.
"""

from __future__ import annotations

__version__ = "0.1.0"

from budgetaudit.pipeline import audit_path, audit_text

__all__ = ["__version__", "audit_path", "audit_text"]
