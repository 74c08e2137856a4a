"""Pick the reader for a file by what its bytes are, not only by its name.

A name can lie (a "report.pdf" that is the web server's error page), so the first bytes decide:
``%PDF-`` is a PDF, a zip with ``word/document.xml`` a .docx, with ``xl/workbook.xml`` an .xlsx,
the OLE2 signature an old binary .doc/.xls (not readable: say what to do), ``<html`` a web page.
"""

from __future__ import annotations

import os
import re

from budgetaudit.load import InputError, load_bytes
from budgetaudit.model import SourceText

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
    re.I | re.S,
)
_PDF_NAMES = (".pdf",)
_HTML_NAMES = (".html", ".htm", ".xhtml", ".shtml")


def load_document(data: bytes, path: str) -> SourceText:
    name = path.lower()
    ext = os.path.splitext(name)[1]
    head = data[:1024]
    if b"%PDF-" in head:
        from budgetaudit.loaders.pdf import load_pdf

        return load_pdf(data, path)
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _load_zip(data, path, ext)
    if data.startswith(_OLE2):
        if ext in (".xls", ".et"):
            raise InputError("old Excel .xls is not supported: save it as .xlsx")
        raise InputError("old Word .doc (binary) is not supported: save it as .docx and check that")
    if data.startswith(b"{\\rtf"):
        raise InputError("RTF is not supported: save it as .docx")
    looks_html = _HTML_START.match(data[:4096]) is not None
    if ext in _PDF_NAMES:
        what = "a web page (HTML)" if looks_html else "not a PDF"
        raise InputError(f"named .pdf but {what}: probably a failed download; fetch the PDF again")
    if ext in (".docx", ".xlsx", ".doc", ".xls"):
        raise InputError(f"named {ext} but not an Office file (no zip container)")
    if looks_html or ext in _HTML_NAMES:
        from budgetaudit.loaders.html import load_html

        return load_html(data, path)
    return load_bytes(data, path)


def _load_zip(data: bytes, path: str, ext: str) -> SourceText:
    from budgetaudit.loaders.zipsafe import SafeZip

    archive = SafeZip(data, ext.lstrip(".") or "zip")
    if archive.has("word/document.xml"):
        from budgetaudit.loaders.docx import load_docx

        return load_docx(data, path)
    if archive.has("xl/workbook.xml"):
        from budgetaudit.loaders.xlsx import load_xlsx

        return load_xlsx(data, path)
    if archive.has("content.xml"):
        raise InputError("OpenDocument (.odt/.ods) is not supported: save it as .docx or .xlsx")
    raise InputError("a zip archive that is neither a .docx nor an .xlsx")
