"""budgetaudit: audit Chinese department budget and final-accounts disclosures.

The public API is small: :func:`audit_text` and :func:`audit_path` return a
:class:`~budgetaudit.model.FileReport` with every finding located in the input text;
:func:`extract` (a file) and :func:`extract_text` return an :class:`Extraction` with every
figure understood, as :class:`Figure` records.

Note: after ``import budgetaudit``, the name ``budgetaudit.extract`` is the function, not the
fact-extraction module; import that one with ``from budgetaudit.extract import …``.
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# The API is imported on first use (PEP 562), not by ``import budgetaudit``: the command line
# imports only what a command needs, and its launcher (launch.py) runs before the pipeline's
# modules are imported.
_API = {
    "Extraction": "budgetaudit.figures",
    "Figure": "budgetaudit.figures",
    "extract_text": "budgetaudit.figures",
    "FileReport": "budgetaudit.model",
    "Finding": "budgetaudit.model",
    "audit_path": "budgetaudit.pipeline",
    "audit_text": "budgetaudit.pipeline",
}

if TYPE_CHECKING:
    from budgetaudit.figures import Extraction, Figure, extract, extract_text
    from budgetaudit.model import FileReport, Finding
    from budgetaudit.pipeline import audit_path, audit_text


def __getattr__(name: str) -> Any:
    if name not in _API:
        raise AttributeError(f"module 'budgetaudit' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(_API[name]), name)
    globals()[name] = value
    return value


class _Package(types.ModuleType):
    """Keeps ``budgetaudit.extract`` the function: importing the submodule
    ``budgetaudit.extract`` binds it on the package, and this property ignores that."""

    @property
    def extract(self) -> Any:
        from budgetaudit.figures import extract

        return extract

    @extract.setter
    def extract(self, module: Any) -> None:
        pass  # the import system binding the submodule; sys.modules still has it


sys.modules[__name__].__class__ = _Package

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
