"""Tables of a batch for researchers: ``--summary FILE.csv|.xlsx|.parquet``, and the Rich table.

Two tables: one row per document (path, department, year, kind, ``failure``: why it could not
be checked, ``findings``, counts per severity ``error``/``warning``/``info`` and per category
``category_…``) and one row per finding. ``.xlsx`` puts them on two
sheets, ``documents`` and ``findings``; ``.csv`` and ``.parquet`` write the documents to FILE
and the findings beside it, to ``FILE`` with ``.findings`` before the suffix
(``summary.csv`` → ``summary.findings.csv``).

pandas is imported only when a table is written; ``.xlsx`` needs openpyxl and ``.parquet``
pyarrow (``pip install 'budgetaudit[tables]'``). Every file is written whole or not at all.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from budgetaudit import vocab
from budgetaudit.atomic import write_whole
from budgetaudit.model import FileReport, Severity

if TYPE_CHECKING:
    import pandas as pd
    from rich.console import Console

# Suffix → the optional module its writer needs (None: pandas alone).
FORMATS: dict[str, str | None] = {".csv": None, ".xlsx": "openpyxl", ".parquet": "pyarrow"}
CATEGORY_PREFIX = "category_"
FINDING_COLUMNS = (
    "path", "department", "year", "kind", "code", "severity", "category", "line", "column",
    "end_line", "end_column", "section", "page", "message", "expected", "found",
)  # fmt: skip


def check_target(path: str) -> None:
    """Raise ``ValueError`` (a one-line reason) if ``path`` cannot be written as a summary.

    Called before the batch runs, so a wrong suffix or a missing extra is known at once.
    """
    suffix = os.path.splitext(path)[1].lower()
    if suffix not in FORMATS:
        kinds = ", ".join(FORMATS)
        raise ValueError(f"--summary {path}: the file must end in {kinds}")
    for module in ("pandas", FORMATS[suffix]):
        if module is not None and importlib.util.find_spec(module) is None:
            raise ValueError(f"--summary {path} needs {module}: pip install 'budgetaudit[tables]'")
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise ValueError(f"--summary {path}: no such directory {directory}")


def categories() -> list[str]:
    """Every category of the rule catalogue, sorted: the columns of the documents table."""
    return sorted({rule["category"] for rule in vocab.catalog().values()})


def document_rows(reports: Sequence[FileReport]) -> list[dict[str, Any]]:
    cats = categories()
    rows = []
    for report in reports:
        row: dict[str, Any] = {
            "path": report.path,
            "department": report.department,
            "year": report.year,
            "kind": report.kind,
            "failure": report.error,  # why it could not be checked (not a count)
            "findings": len(report.findings),
        }
        row.update({s.value: 0 for s in Severity})
        row.update({CATEGORY_PREFIX + c: 0 for c in cats})
        for finding in report.findings:
            row[finding.severity.value] += 1
            key = CATEGORY_PREFIX + finding.category
            row[key] = row.get(key, 0) + 1
        rows.append(row)
    return rows


def finding_rows(reports: Sequence[FileReport]) -> list[dict[str, Any]]:
    rows = []
    for report in reports:
        for finding in report.findings:
            data = finding.to_dict()
            rows.append(
                {
                    "path": report.path,
                    "department": report.department,
                    "year": report.year,
                    "kind": report.kind,
                    **{key: data[key] for key in FINDING_COLUMNS[4:]},
                }
            )
    return rows


def frames(reports: Sequence[FileReport]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The two tables as DataFrames (years, pages and line numbers as nullable integers)."""
    import pandas as pd

    documents = pd.DataFrame(document_rows(reports))
    if documents.empty:
        documents = pd.DataFrame(columns=["path", "department", "year", "kind", "failure"])
    findings = pd.DataFrame(finding_rows(reports), columns=list(FINDING_COLUMNS))
    for frame in (documents, findings):
        for column in ("year", "page"):
            if column in frame:
                frame[column] = frame[column].astype("Int64")
    return documents, findings


def write(path: str, reports: Sequence[FileReport]) -> None:
    """Write the summary of ``reports`` to ``path`` (suffix chooses the format)."""
    documents, findings = frames(reports)
    suffix = os.path.splitext(path)[1].lower()
    if suffix == ".xlsx":

        def excel(tmp: str) -> None:
            import pandas as pd

            with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
                documents.to_excel(writer, sheet_name="documents", index=False)
                findings.to_excel(writer, sheet_name="findings", index=False)

        write_whole(path, excel)
        return
    beside = findings_path(path)
    if suffix == ".csv":
        # utf-8-sig: a byte-order mark so that Excel on Chinese Windows does not read GBK.
        write_whole(path, lambda tmp: documents.to_csv(tmp, index=False, encoding="utf-8-sig"))
        write_whole(beside, lambda tmp: findings.to_csv(tmp, index=False, encoding="utf-8-sig"))
    else:
        write_whole(path, lambda tmp: documents.to_parquet(tmp, index=False))
        write_whole(beside, lambda tmp: findings.to_parquet(tmp, index=False))


def findings_path(path: str) -> str:
    """Where the findings table of a ``.csv`` or ``.parquet`` summary goes."""
    stem, suffix = os.path.splitext(path)
    return f"{stem}.findings{suffix}"


# ---------------------------------------------------------------- the table at the end of a run


def print_table(reports: Sequence[FileReport], console: Console) -> None:
    """Findings by category and severity, and how many files were checked."""
    from rich.table import Table

    counts: dict[str, dict[Severity, int]] = {}
    for report in reports:
        for finding in report.findings:
            row = counts.setdefault(finding.category, dict.fromkeys(Severity, 0))
            row[finding.severity] += 1
    checked = sum(1 for r in reports if r.error is None)
    flagged = sum(1 for r in reports if r.error is None and r.findings)
    caption = f"{checked} of {len(reports)} files checked, {flagged} with findings"
    table = Table(title="Findings by category", caption=caption)
    table.add_column("category")
    for severity in Severity:
        table.add_column(severity.value, justify="right")
    table.add_column("total", justify="right")
    totals = dict.fromkeys(Severity, 0)
    for category in sorted(counts):
        row = counts[category]
        cells = [str(row[s]) for s in Severity]
        table.add_row(category, *cells, str(sum(row.values())))
        for severity in Severity:
            totals[severity] += row[severity]
    table.add_row(
        "all",
        *(str(totals[s]) for s in Severity),
        str(sum(totals.values())),
        style="bold",
        end_section=True,
    )
    console.print(table)
