"""Read an Excel .xlsx of budget tables (a companion to the explanation, or the tables alone).

Each worksheet becomes a titled block of table rows, cells separated by wide gaps, so the table
reader sees the same shape as in a PDF; a cell remembers its sheet, row and column. Values are
taken as stored (cached results for formulas); numbers keep their stored digits.
"""

from __future__ import annotations

import re
from typing import Any

from budgetaudit.load import InputError
from budgetaudit.loaders.blocks import TextBuilder
from budgetaudit.loaders.zipsafe import SafeZip, parse_xml
from budgetaudit.model import SourceText

_S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REF = re.compile(r"([A-Z]{1,3})(\d+)")
MAX_COLUMNS = 200
MAX_ROWS = 100_000


def load_xlsx(data: bytes, path: str) -> SourceText:
    archive = SafeZip(data, "Excel (.xlsx)")
    strings = _shared_strings(archive)
    out = TextBuilder()
    for name, part in _sheets(archive):
        if not archive.has(part):
            continue
        root = parse_xml(archive.read(part), "Excel (.xlsx)")
        out.paragraph(name, f"sheet {name}")
        _sheet_rows(root, strings, name, out)
        out.page_break()
    if not out.text.strip(" \n\f"):
        raise InputError("Excel file contains no text")
    return out.source(path, "xlsx")


def _shared_strings(archive: SafeZip) -> list[str]:
    if not archive.has("xl/sharedStrings.xml"):
        return []
    root = parse_xml(archive.read("xl/sharedStrings.xml"), "Excel (.xlsx)")
    return ["".join(t.text or "" for t in si.iter(f"{_S}t")) for si in root.iter(f"{_S}si")]


def _sheets(archive: SafeZip) -> list[tuple[str, str]]:
    book = parse_xml(archive.read("xl/workbook.xml"), "Excel (.xlsx)")
    targets: dict[str, str] = {}
    if archive.has("xl/_rels/workbook.xml.rels"):
        rels = parse_xml(archive.read("xl/_rels/workbook.xml.rels"), "Excel (.xlsx)")
        for rel in rels.iter(f"{_PKG}Relationship"):
            target = rel.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else "xl/" + target
            targets[rel.get("Id", "")] = target
    sheets = []
    for n, sheet in enumerate(book.iter(f"{_S}sheet"), 1):
        part = targets.get(sheet.get(f"{_R}id", ""), f"xl/worksheets/sheet{n}.xml")
        sheets.append((sheet.get("name") or f"Sheet{n}", part))
    return sheets


def _sheet_rows(root: Any, strings: list[str], name: str, out: TextBuilder) -> None:
    for count, row in enumerate(root.iter(f"{_S}row")):
        if count >= MAX_ROWS:
            raise InputError(f"Excel sheet {name} has too many rows; refused")
        cells: dict[int, str] = {}
        for c in row.iter(f"{_S}c"):
            m = _REF.match(c.get("r", ""))
            col = _column(m.group(1)) if m else len(cells) + 1
            if col > MAX_COLUMNS:
                continue
            cells[col] = _value(c, strings)
        if cells:
            width = max(cells)
            r = row.get("r") or str(count + 1)
            out.row([cells.get(i, "") for i in range(1, width + 1)], f"sheet {name}, row {r}")


def _column(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _value(c: Any, strings: list[str]) -> str:
    kind = c.get("t")
    if kind == "inlineStr":
        return "".join(t.text or "" for t in c.iter(f"{_S}t"))
    v = c.find(f"{_S}v")
    if v is None or v.text is None:
        return ""
    if kind == "s":
        try:
            return strings[int(v.text)]
        except (ValueError, IndexError):
            return ""
    return v.text
