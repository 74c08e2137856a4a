"""Where a finding is in the original file, beyond line and column: page and line on the page
for a PDF, paragraph or table cell for a Word file or web page."""

from __future__ import annotations

from bisect import bisect_right

from budgetaudit.model import SourceText
from budgetaudit.positions import LineIndex


def locate(source: SourceText, index: LineIndex, offset: int) -> tuple[int | None, str | None]:
    """``(page, location)`` of a source offset; both ``None`` for plain text."""
    page = None
    location = None
    if source.pages:
        page = bisect_right(source.pages, offset) or None
        if page is not None:
            first_line = index.position(min(source.pages[page - 1], len(source.text)))[0]
            line = index.position(min(offset, len(source.text)))[0]
            location = f"page {page}, line {line - first_line + 1}"
    if source.places:
        k = bisect_right(source.places, offset, key=_place_start) - 1
        if k >= 0:
            location = source.places[k][1]
    return page, location


def _place_start(place: tuple[int, str]) -> int:
    return place[0]
