"""Baselines: record today's findings, later report only the ones that are new.

A baseline is a JSON file of (path, code, fingerprint) entries; paths are stored relative to
the baseline's own directory, so the file works from any working directory. Matching counts
occurrences: two identical findings in the baseline excuse at most two now.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from budgetaudit.fingerprint import fingerprint
from budgetaudit.model import FileReport

FORMAT_VERSION = 1


class BaselineError(Exception):
    """A baseline file that cannot be read; the message is one line."""


def key_path(path: str, baseline_file: str) -> str:
    if path == "-":
        return path
    base = os.path.dirname(os.path.abspath(baseline_file))
    return os.path.relpath(os.path.abspath(path), base).replace(os.sep, "/")


def render(reports: Sequence[FileReport], baseline_file: str, version: str) -> str:
    entries = [
        {
            "path": key_path(report.path, baseline_file),
            "code": finding.code,
            "fingerprint": fingerprint(finding, report.lines),
            "line": finding.line,  # for the reader only; not used in matching
            "message": finding.message,
        }
        for report in reports
        for finding in report.findings
    ]
    document = {
        "budgetaudit_baseline": FORMAT_VERSION,
        "tool_version": version,
        "findings": entries,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def load(baseline_file: str) -> Counter[tuple[str, str, str]]:
    try:
        with open(baseline_file, encoding="utf-8") as fh:
            data = json.load(fh)
    except OSError as exc:
        raise BaselineError(
            f"cannot read baseline {baseline_file}: {exc.strerror or exc}"
        ) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BaselineError(f"baseline {baseline_file} is not valid JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("budgetaudit_baseline") != FORMAT_VERSION:
        raise BaselineError(f"{baseline_file} is not a budgetaudit baseline (version 1)")
    try:
        return Counter((e["path"], e["code"], e["fingerprint"]) for e in data["findings"])
    except (KeyError, TypeError):
        raise BaselineError(f"baseline {baseline_file}: malformed entry") from None


def only_new(
    reports: Sequence[FileReport], known: Counter[tuple[str, str, str]], baseline_file: str
) -> list[FileReport]:
    remaining = Counter(known)
    result = []
    for report in reports:
        path = key_path(report.path, baseline_file)
        kept = []
        for finding in report.findings:
            key = (path, finding.code, fingerprint(finding, report.lines))
            if remaining[key] > 0:
                remaining[key] -= 1
            else:
                kept.append(finding)
        result.append(replace(report, findings=kept))
    return result
