"""Read a Word .docx: paragraphs and tables in document order.

A .docx is a zip of XML parts; the body is ``word/document.xml``. We read it with the standard
library (python-docx would load the same XML through lxml and offers nothing more for plain
reading, while this way every size is checked before anything is inflated, see
:mod:`budgetaudit.loaders.zipsafe`). Paragraphs become lines, table rows become lines of cells
separated by wide gaps; every line and cell remembers its place for the report.
"""

from __future__ import annotations

from typing import Any

from budgetaudit.load import InputError
from budgetaudit.loaders.blocks import TextBuilder
from budgetaudit.loaders.zipsafe import SafeZip, parse_xml
from budgetaudit.model import SourceText

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MAX_DEPTH = 50  # nested tables/content controls deeper than this are not a real document


def load_docx(data: bytes, path: str) -> SourceText:
    archive = SafeZip(data, "Word (.docx)")
    if not archive.has("word/document.xml"):
        raise InputError("not a Word .docx file (no word/document.xml)")
    root = parse_xml(archive.read("word/document.xml"), "Word (.docx)")
    body = root.find(f"{_W}body")
    if body is None:
        raise InputError("Word file has no body")
    out = TextBuilder()
    _blocks(body, out, 0)
    if not out.text.strip():
        raise InputError("Word file contains no text")
    return out.source(path, "docx")


def _blocks(parent: Any, out: TextBuilder, depth: int) -> None:
    if depth > _MAX_DEPTH:
        raise InputError("Word file nests too deeply; refused")
    for child in parent:
        tag = child.tag
        if tag == f"{_W}p":
            out.paragraph(_paragraph_text(child))
        elif tag == f"{_W}tbl":
            _table(child, out)
        elif tag in (f"{_W}sdt", f"{_W}customXml", f"{_W}smartTag"):
            content = child.find(f"{_W}sdtContent")
            _blocks(content if content is not None else child, out, depth + 1)


def _table(tbl: Any, out: TextBuilder) -> None:
    out.tables += 1
    number = out.tables
    # Rows are direct children; a table nested in a cell is read with its cell's text.
    for r, tr in enumerate(tbl.findall(f"{_W}tr"), 1):
        cells = [_cell_text(tc) for tc in tr if tc.tag == f"{_W}tc"]
        out.row(cells, f"table {number}, row {r}")


def _cell_text(tc: Any) -> str:
    return " ".join(_paragraph_text(p) for p in tc.iter(f"{_W}p"))


def _paragraph_text(p: Any) -> str:
    pieces: list[str] = []
    for el in p.iter():
        tag = el.tag
        if tag == f"{_W}t" and el.text:
            pieces.append(el.text)
        elif tag == f"{_W}tab":
            pieces.append("    ")
        elif tag in (f"{_W}br", f"{_W}cr"):
            pieces.append("\n")
        elif tag == f"{_W}delText":  # deleted text in tracked changes is not the document
            continue
    return "".join(pieces)
