"""Character offsets ↔ 1-based (line, column) in the decoded input text.

The convention every finding uses (and the README documents): lines are separated by ``\\n``,
``\\r\\n`` or ``\\r``, each counting as one break; nothing else starts a line (a form feed
``\\f`` from a PDF page break stays inside its line, unlike :meth:`str.splitlines`). Columns
count characters (code points), so a CJK character is one column.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from budgetaudit.textlines import line_offsets

_BREAK = re.compile(r"\r\n|\r|\n")


class LineIndex:
    """Maps offsets in ``text`` to positions and back; built once per document."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._split: list[str] | None = None  # the lines with their breaks cut, when known
        ends: list[int] | None = None  # end of each line's content (only when not the split)
        if "\r" not in text:
            # Only "\n" breaks: the lines are text.split("\n"), and their offsets follow from
            # their lengths (sums made in C rather than a match object per line).
            self._split = text.split("\n")
            # (the ends are not kept: lines() is the split, and positions read only the starts)
            starts = line_offsets(self._split)[:-1]
        else:
            starts = [0]
            ends = []  # excluding its break
            for match in _BREAK.finditer(text):
                ends.append(match.start())
                starts.append(match.end())
            ends.append(len(text))
        self._starts = starts
        self._ends = ends

    @property
    def line_count(self) -> int:
        """Number of lines as :meth:`lines` returns them."""
        trailing = self._starts[-1] == len(self._text)  # nothing after the last break
        return len(self._starts) - (1 if trailing else 0)

    def lines(self) -> list[str]:
        """The text split at line breaks, without the breaks.

        Like :meth:`str.splitlines`, a break at the very end does not open an empty last line,
        and the empty text has no lines.
        """
        if self._split is not None:
            return self._split[: self.line_count]
        assert self._ends is not None  # (kept whenever the lines are not the split)
        pairs = zip(self._starts, self._ends, strict=True)
        return [self._text[s:e] for s, e in pairs][: self.line_count]

    def position(self, offset: int) -> tuple[int, int]:
        """The 1-based ``(line, column)`` of ``offset``; ``len(text)`` is allowed (end of text).

        An offset inside a line break (the ``\\n`` of ``\\r\\n``, say) belongs to the line the
        break ends, one column past its last character or further.
        """
        if not 0 <= offset <= len(self._text):
            raise ValueError(f"offset {offset} outside the text (length {len(self._text)})")
        index = bisect_right(self._starts, offset) - 1
        return index + 1, offset - self._starts[index] + 1

    def offset(self, line: int, column: int) -> int:
        """The offset of 1-based ``(line, column)``; the inverse of :meth:`position`."""
        if not 1 <= line <= len(self._starts):
            raise ValueError(f"line {line} outside the text ({len(self._starts)} lines)")
        start = self._starts[line - 1]
        limit = self._starts[line] if line < len(self._starts) else len(self._text) + 1
        result = start + column - 1
        if not (column >= 1 and result < limit):
            raise ValueError(f"column {column} outside line {line}")
        return result

    def span(self, start: int, end: int) -> tuple[int, int, int, int]:
        """``(line, column, end_line, end_column)`` of the half-open span ``[start, end)``."""
        line, column = self.position(start)
        end_line, end_column = self.position(max(start, end))
        return line, column, end_line, end_column
