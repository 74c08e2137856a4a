"""SARIF 2.1.0 (the OASIS standard GitHub code scanning and many IDEs read).

Formatting only: rule metadata comes from the catalogue, results from the reports. Columns are
Unicode code points (``columnKind``), as in every budgetaudit report.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from urllib.parse import quote

from budgetaudit import vocab
from budgetaudit.fingerprint import fingerprint
from budgetaudit.model import FileReport, Finding, Severity

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
INFORMATION_URI = "https://pypi.org/project/budgetaudit/"


def render(reports: Sequence[FileReport], version: str) -> str:
    return json.dumps(sarif_log(reports, version), ensure_ascii=False, indent=2) + "\n"


def sarif_log(reports: Sequence[FileReport], version: str) -> dict[str, object]:
    catalog = vocab.catalog()
    codes = list(catalog)
    index = {code: i for i, code in enumerate(codes)}
    results = [
        _result(report, finding, index.get(finding.code))
        for report in reports
        for finding in report.findings
    ]
    notifications = [
        {
            "level": "error",
            "message": {"text": f"cannot check: {report.error}"},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(report.path)}}}],
        }
        for report in reports
        if report.error is not None
    ]
    run: dict[str, object] = {
        "tool": {
            "driver": {
                "name": "budgetaudit",
                "version": version,
                "semanticVersion": version,
                "informationUri": INFORMATION_URI,
                "rules": [_rule(code, catalog[code]) for code in codes],
            }
        },
        "columnKind": "unicodeCodePoints",
        "artifacts": [
            {"location": {"uri": _uri(r.path)}, "mimeType": "text/plain"} for r in reports
        ],
        "invocations": [
            {
                "executionSuccessful": not notifications,
                "toolExecutionNotifications": notifications,
            }
        ],
        "results": results,
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def _rule(code: str, entry: dict[str, str]) -> dict[str, object]:
    help_text = (
        f"{entry['explanation']}\n\nFires: {entry['fires']}\nPasses: {entry['passes']}\n"
        f"Basis: {entry['basis']}"
    )
    return {
        "id": code,
        "name": entry["name"],
        "shortDescription": {"text": entry["title"]},
        "fullDescription": {"text": entry["explanation"]},
        "help": {"text": help_text},
        "defaultConfiguration": {"level": LEVEL[Severity(entry["severity"])]},
        "properties": {"category": entry["category"], "tags": [entry["category"]]},
    }


def _result(report: FileReport, finding: Finding, rule_index: int | None) -> dict[str, object]:
    text = finding.message
    if finding.expected is not None or finding.found is not None:
        text += f" (expected {finding.expected or '—'}, found {finding.found or '—'})"
    region: dict[str, object] = {
        "startLine": finding.line,
        "startColumn": finding.column,
        "endLine": finding.end_line,
        "endColumn": finding.end_column,
    }
    if 1 <= finding.line <= len(report.lines):
        region["snippet"] = {"text": report.lines[finding.line - 1]}
    if finding.page is not None:
        region["properties"] = {"page": finding.page}
    location: dict[str, object] = {
        "physicalLocation": {"artifactLocation": {"uri": _uri(report.path)}, "region": region}
    }
    if finding.section:
        location["logicalLocations"] = [{"name": finding.section, "kind": "section"}]
    result: dict[str, object] = {
        "ruleId": finding.code,
        "level": LEVEL[finding.severity],
        "message": {"text": text},
        "locations": [location],
        "partialFingerprints": {"budgetaudit/v1": fingerprint(finding, report.lines)},
        "properties": {
            "category": finding.category,
            "expected": finding.expected,
            "found": finding.found,
            "section": finding.section,
            "page": finding.page,
        },
    }
    if rule_index is not None:
        result["ruleIndex"] = rule_index
    return result


def _uri(path: str) -> str:
    """A relative URI reference for a path as given (``-`` is standard input)."""
    if path == "-":
        return "stdin"
    return quote(path.replace("\\", "/"), safe="/")
