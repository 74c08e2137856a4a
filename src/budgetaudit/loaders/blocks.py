"""Lay out paragraphs and table rows as the text the pipeline reads, remembering where each came from.

Word files and web pages are trees, not lines. We print every paragraph as one line and every
table row as one line whose cells are separated by a wide gap — the shape ``pdftotext -layout``
gives a PDF table and the one the normaliser and the table reader recognise — and record, for
each line and cell, a place name ("paragraph 12", "table 3, row 4, cell 2") that findings show.
"""

from __future__ import annotations

from budgetaudit.model import SourceText

CELL_GAP = "    "  # wider than the three spaces that make a line a table row


class TextBuilder:
    def __init__(self) -> None:
        self._parts: list[str] = []
        self._offset = 0
        self._places: list[tuple[int, str]] = []
        self.paragraphs = 0
        self.tables = 0

    def paragraph(self, text: str, place: str | None = None) -> None:
        # Spaces inside a line stay: a tab-aligned line is a table row in disguise.
        lines = [line.strip() for line in text.replace("\t", CELL_GAP).split("\n")]
        lines = [line for line in lines if line]
        if not lines:
            self._add("\n")  # an empty paragraph still separates the ones around it
            return
        self.paragraphs += 1
        self._places.append((self._offset, place or f"paragraph {self.paragraphs}"))
        self._add("\n".join(lines) + "\n")

    def row(self, cells: list[str], place: str) -> None:
        """One table row; ``place`` names the row, each cell gets ", cell N" appended."""
        texts = [" ".join(c.split()) for c in cells]
        if not any(texts):
            return
        pieces: list[str] = []
        pos = self._offset
        for n, text in enumerate(texts, 1):
            if not text:
                continue  # an empty cell leaves no trace, as in a PDF's text layer
            if pieces:
                pieces.append(CELL_GAP)
                pos += len(CELL_GAP)
            self._places.append((pos, f"{place}, cell {n}"))
            pieces.append(text)
            pos += len(text)
        self._add("".join(pieces) + "\n")

    def page_break(self) -> None:
        self._add("\f")

    def _add(self, text: str) -> None:
        self._parts.append(text)
        self._offset += len(text)

    @property
    def text(self) -> str:
        return "".join(self._parts)

    def source(self, path: str, encoding: str) -> SourceText:
        return SourceText(path=path, text=self.text, encoding=encoding, places=tuple(self._places))
