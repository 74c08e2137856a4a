"""budgetaudit: audit Chinese department budget and final-accounts disclosures.

The public API is small: :func:`audit_text` and :func:`audit_path` return a
:class:`~budgetaudit.model.FileReport` with every finding located in the input text;
:func:`extract` (a file) and :func:`extract_text` return an :class:`Extraction` with every
figure understood, as :class:`Figure` records.

Note: after ``import budgetaudit``, the name ``budgetaudit.extract`` is the function, not the
fact-extraction module; import that one with ``from budgetaudit.extract import …``.
"""

from __future__ import annotations

__version__ = "0.1.0"

# figures imports the pipeline (and with it the module budgetaudit.extract) before it defines
# the function, so ``budgetaudit.extract`` is the function.
from budgetaudit.figures import Extraction, Figure, extract, extract_text
from budgetaudit.model import FileReport, Finding
from budgetaudit.pipeline import audit_path, audit_text

__all__ = [
    "Extraction",
    "Figure",
    "FileReport",
    "Finding",
    "__version__",
    "audit_path",
    "audit_text",
    "extract",
    "extract_text",
]
