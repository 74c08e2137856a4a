"""The normalised text's lines, split once per document.

Several stages walk the text line by line and ask of each line whether it is a table row (cells
separated by wide gaps, or bars). The answer is the same for all of them, so it is computed once
for the last text asked about (a document is analysed and checked before the next one starts).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from itertools import accumulate, count
from operator import add

# A table row: two cells apart by three spaces or more, or a bar between cells. Only whether it
# occurs is read. (Written as "\S[ \t\u3000]{3,}\S|[|｜]" it is ≈ 40 % slower: a pattern that opens
# with a character class the engine can scan for finds the same lines, as the space or bar that
# opens the gap, with "\S" looked back at.)
TABLE_ROW = re.compile(r"[ \t\u3000|｜](?:(?<=[|｜])|(?<=\S[ \t\u3000])[ \t\u3000]{2,}(?=\S))")


def line_offsets(lines: Sequence[str]) -> list[int]:
    """Where each of ``lines`` starts in ``"\n".join(lines)``, and last where a line after them
    would start (the text's length + 1): each offset is the lengths of the lines before it plus
    their line ends, summed in C rather than line by line."""
    return list(map(add, accumulate(map(len, lines), initial=0), count()))


@dataclass(frozen=True)
class Lines:
    """A text's lines, where each starts, and which are table rows."""

    lines: tuple[str, ...]  # text.split("\n")
    starts: tuple[int, ...]  # offset of each line in the text
    table: tuple[bool, ...]  # TABLE_ROW occurs in the line


_LAST: tuple[str, Lines] | None = None
# The table rows of a text, told by whoever came across them (normalisation does), so that
# lines_of need not search every line of that text again.
_TOLD: tuple[str, Collection[int]] | None = None


def tell_table_rows(text: str, rows: Collection[int]) -> None:
    """``rows`` are the indices of exactly the lines of ``text`` where TABLE_ROW occurs."""
    global _TOLD
    _TOLD = (text, rows)


def lines_of(text: str) -> Lines:
    global _LAST
    last = _LAST  # read once: another thread may replace it meanwhile
    if last is not None and last[0] is text:
        return last[1]
    lines = text.split("\n")
    starts = tuple(line_offsets(lines)[:-1])
    told = _TOLD
    if told is not None and told[0] is text:
        flags = [False] * len(lines)
        for k in told[1]:
            flags[k] = True
        table = tuple(flags)
    else:
        search = TABLE_ROW.search
        table = tuple(search(line) is not None for line in lines)
    result = Lines(tuple(lines), starts, table)
    _LAST = (text, result)
    return result
