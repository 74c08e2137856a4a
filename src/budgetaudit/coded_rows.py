"""Lines that start with budget-subject codes: function-classification rows (类 款 项) and
economic-classification rows (302 03 咨询费). The structure checks compare their codes."""

from __future__ import annotations

import re
from collections.abc import Iterator

from budgetaudit.model import CodedRow, EconomicRow, Normalized

# Both patterns match at a line start ("(?m)^" then the pattern).
# A coded table row: 类 款 项 then the subject's name ("210   11   02   事业单位医疗").
_CODED_ROW = r"\s*(\d{1,4})\s+(\d{2})\s+(\d{2})\s+[\u4e00-\u9fff]"
_ECONOMIC_ROW = r"\s*(30[123])\s+(\d{2})\s+([\u4e00-\u9fff（）()]+?)(?=\s{2,}|\s*$|\s+[\d,]+)"


def _at_line_starts(pattern: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The pattern at the text's start, and after a line break (that one starts with a literal
    the regex engine scans for: ≈ twice as fast as trying "(?m)^" at every offset)."""
    return re.compile(pattern, re.MULTILINE), re.compile("\n" + pattern, re.MULTILINE)


_CODED_ROWS = _at_line_starts(_CODED_ROW)
_ECONOMIC_ROWS = _at_line_starts(_ECONOMIC_ROW)


def _line_matches(
    text: str, patterns: tuple[re.Pattern[str], re.Pattern[str]]
) -> Iterator[re.Match[str]]:
    """The matches ``re.finditer("(?m)^" + pattern, text)`` finds, with the same groups.

    A match at a line start and one from the line break before it are the same but for that
    break (the pattern starts with ``\\s*``, which takes it or not), and a match that covers a
    line break ends after the next line's start, so it covers that start as well.
    """
    first, later = patterns
    m = first.match(text)
    if m:
        yield m
    yield from later.finditer(text, m.end() if m else 0)


def find_coded_rows(norm: Normalized) -> tuple[CodedRow, ...]:
    return tuple(
        CodedRow(m.group(1), m.start(1), m.end(1)) for m in _line_matches(norm.text, _CODED_ROWS)
    )


def find_economic_rows(norm: Normalized) -> tuple[EconomicRow, ...]:
    return tuple(
        EconomicRow(m.group(1), m.group(2), m.group(3), m.start(1), m.end(3))
        for m in _line_matches(norm.text, _ECONOMIC_ROWS)
    )
