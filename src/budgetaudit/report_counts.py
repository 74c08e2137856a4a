"""Counts: ``--statistics`` (findings per rule code, like ``ruff --statistics``) and the one-line
summary ``--quiet`` prints. Formatting only."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

from budgetaudit import vocab
from budgetaudit.model import FileReport, Severity


def statistics(reports: Sequence[FileReport]) -> list[dict[str, object]]:
    counts: Counter[str] = Counter()
    worst: dict[str, Severity] = {}
    for report in reports:
        for f in report.findings:
            counts[f.code] += 1
            if f.code not in worst or f.severity.rank > worst[f.code].rank:
                worst[f.code] = f.severity
    catalog = vocab.catalog()
    return [
        {
            "code": code,
            "count": n,
            "severity": worst[code].value,
            "category": catalog.get(code, {}).get("category"),
            "title": catalog.get(code, {}).get("title"),
        }
        for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def render_statistics(reports: Sequence[FileReport], *, as_json: bool = False) -> str:
    rows = statistics(reports)
    if as_json:
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    width = max((len(str(r["count"])) for r in rows), default=1)
    lines = [
        f"{r['count']:>{width}}  {r['code']}  {r['severity']:<7}  {r['title'] or ''}" for r in rows
    ]
    lines.append(summary(reports))
    return "\n".join(lines) + "\n"


def summary(reports: Sequence[FileReport]) -> str:
    """``2 files checked (1 could not be checked): 0 errors, 6 warnings, 0 info``."""
    counts = Counter(f.severity for r in reports for f in r.findings)
    unreadable = sum(1 for r in reports if r.error is not None)
    text = f"{len(reports)} file{'s' if len(reports) != 1 else ''} checked"
    if unreadable:
        text += f" ({unreadable} could not be checked)"
    parts = []
    for severity in Severity:
        n = counts[severity]
        word = severity.value if n == 1 or severity is Severity.INFO else severity.value + "s"
        parts.append(f"{n} {word}")
    return f"{text}: {', '.join(parts)}"
