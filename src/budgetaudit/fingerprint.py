"""Fingerprints of findings that survive lines moving: the rule code plus the normalised
statement (the sentence of the line around the finding) and the flagged text.

Line numbers are deliberately left out, so inserting a paragraph above a known finding does
not make it new; editing the sentence it is in does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from budgetaudit.model import Finding

_SPACE = re.compile(r"\s+")
_SENTENCE_END = "。；;！!？?"


def _normal(text: str) -> str:
    import unicodedata  # only with a baseline or suppressions (start-up time)

    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def statement(finding: Finding, lines: Sequence[str]) -> str:
    """The sentence of the finding's line that holds its start, normalised."""
    if not 1 <= finding.line <= len(lines):
        return ""
    line = lines[finding.line - 1]
    start = max(0, min(finding.column - 1, len(line)))
    lo = max((line.rfind(ch, 0, start) for ch in _SENTENCE_END), default=-1) + 1
    ends = [i for ch in _SENTENCE_END if (i := line.find(ch, start)) >= 0]
    hi = min(ends) + 1 if ends else len(line)
    return _normal(line[lo:hi])


def flagged(finding: Finding, lines: Sequence[str]) -> str:
    """The flagged text itself (the rest of the first line for a span over several lines)."""
    if not 1 <= finding.line <= len(lines):
        return ""
    line = lines[finding.line - 1]
    end = finding.end_column - 1 if finding.end_line == finding.line else len(line)
    return _normal(line[finding.column - 1 : end])


def fingerprint(finding: Finding, lines: Sequence[str]) -> str:
    import hashlib  # only with a baseline or suppressions: OpenSSL costs ≈ 2.5 ms of start-up

    key = "\x1f".join((finding.code, statement(finding, lines), flagged(finding, lines)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]
