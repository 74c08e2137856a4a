"""Read the text layer of a PDF page by page, keeping table rows on one line.

pdfium (through pypdfium2, Apache-2.0/BSD) finds the characters, their boxes and the lines; it
separates two words or two table cells by a single generated space. Our normaliser and the
structure code recognise a table row by cells separated by three or more spaces, as
``pdftotext -layout`` prints them, so at every space we measure the gap on the page and widen
it to as many spaces as the gap is wide in half-width columns (at least three when it is wider
than one and a half full-width characters). Looking only at the spaces keeps this cheap: most
characters are never asked for their box.

Pages are separated by a form feed, like ``pdftotext``; :attr:`SourceText.pages` holds the offset
where each page starts, so findings carry their page.
"""

from __future__ import annotations

import ctypes
import statistics
from typing import Any

from budgetaudit.load import InputError
from budgetaudit.model import SourceText

# A disclosure has a few dozen pages; thousands are an attack or a mistake, and each page costs
# time, so refuse them instead of running for minutes.
MAX_PAGES = 2000
# A text layer this thin on every page is a scan (an image per page) with at most a stray word.
_MIN_CHARS_PER_PAGE = 8
_WIDE = 1.5  # a gap of this many full-width characters separates two cells
_MAX_GAP = 60  # spaces; keeps a stray far-right page number from making an absurd line


def load_pdf(data: bytes, path: str) -> SourceText:
    try:
        import pypdfium2 as pdfium
    except ImportError:  # pragma: no cover - depends on the install
        raise InputError("reading PDF needs pypdfium2: pip install 'budgetaudit[pdf]'") from None

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise InputError(_open_error(str(exc))) from None
    try:
        n_pages = len(doc)
        if n_pages == 0:
            raise InputError("PDF has no pages")
        if n_pages > MAX_PAGES:
            raise InputError(f"PDF has too many pages ({n_pages}; at most {MAX_PAGES})")
        parts: list[str] = []
        starts: list[int] = []
        offset = 0
        for index in range(n_pages):
            try:
                page_text = _page_text(doc, index)
            except pdfium.PdfiumError as exc:
                raise InputError(
                    f"corrupt PDF: page {index + 1}: {_first_line(str(exc))}"
                ) from None
            starts.append(offset)
            # Like pdftotext: the page's last line ends, then a form feed marks the break.
            page_text = page_text.rstrip("\n") + "\n\f"
            parts.append(page_text)
            offset += len(page_text)
    finally:
        doc.close()
    text = "".join(parts)
    visible = sum(1 for ch in text if not ch.isspace())
    if visible < _MIN_CHARS_PER_PAGE * n_pages and visible < 200:
        raise InputError(
            "PDF has no text layer (a scanned image?): run OCR on it first, "
            "or check the text version"
        )
    return SourceText(path=path, text=text, encoding="pdf", pages=tuple(starts))


def _open_error(message: str) -> str:
    low = message.lower()
    if "password" in low:
        return "encrypted PDF (a password is needed to read it)"
    if "format" in low or "file" in low or "data" in low:
        return "not a readable PDF (damaged or not a PDF)"
    return f"cannot read PDF: {_first_line(message)}"


def _first_line(message: str) -> str:
    return (message.strip().splitlines() or ["unknown error"])[0]


def _page_text(doc: Any, index: int) -> str:
    import pypdfium2.raw as pdfium_c

    page = doc[index]
    try:
        textpage = page.get_textpage()
        try:
            text = textpage.get_text_range()
            n_chars = textpage.count_chars()
            if len(text) != n_chars:  # surrogate pairs shift the indices: keep pdfium's spacing
                return _tidy(text)
            return _lay_out(text, textpage.raw, pdfium_c)
        finally:
            textpage.close()
    finally:
        page.close()


class _Boxes:
    """Character boxes, asked for lazily and remembered."""

    def __init__(self, raw_page: Any, pdfium_c: Any) -> None:
        self._page = raw_page
        self._get = pdfium_c.FPDFText_GetCharBox
        self._l, self._r, self._b, self._t = (ctypes.c_double() for _ in range(4))
        self._cache: dict[int, tuple[float, float, float, float]] = {}

    def __call__(self, i: int) -> tuple[float, float, float, float]:
        box = self._cache.get(i)
        if box is None:
            self._get(
                self._page,
                i,
                ctypes.byref(self._l),
                ctypes.byref(self._r),
                ctypes.byref(self._b),
                ctypes.byref(self._t),
            )
            box = (self._l.value, self._r.value, self._b.value, self._t.value)
            self._cache[i] = box
        return box


def _is_wide(ch: str) -> bool:
    return "\u2e80" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" or "\u3000" <= ch <= "\u303f"


def _lay_out(text: str, raw_page: Any, pdfium_c: Any) -> str:
    boxes = _Boxes(raw_page, pdfium_c)
    # The width of one full-width character on this page: the unit for gaps and indents.
    sample = [i for i, ch in enumerate(text) if _is_wide(ch)][:: max(1, len(text) // 400)][:50]
    widths = [boxes(i)[1] - boxes(i)[0] for i in sample]
    em = statistics.median(widths) if widths else 10.0
    em = em if em > 1.0 else 10.0
    half = em / 2

    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    # Indices into ``text`` of each line's first character (the \r\n pair counts two).
    out: list[str] = []
    pos = 0
    line_starts: list[int] = []
    for line in lines:
        line_starts.append(pos)
        pos += len(line) + (2 if text.startswith("\r\n", pos + len(line)) else 1)
    left_margin = min(
        (
            boxes(s)[0]
            for s, line in zip(line_starts, lines, strict=True)
            if line.strip()[:1] and not line[0].isspace()
        ),
        default=0.0,
    )
    for start, line in zip(line_starts, lines, strict=True):
        out.append(_lay_out_line(line, start, boxes, em, half, left_margin))
    return "\n".join(out)


def _lay_out_line(
    line: str, start: int, boxes: _Boxes, em: float, half: float, left_margin: float
) -> str:
    if not line.strip():
        return ""
    pieces: list[str] = []
    n = len(line)
    i = 0
    # Leading indentation, in half-width columns from the page's left margin.
    first = len(line) - len(line.lstrip())
    if first < n:
        indent = round((boxes(start + first)[0] - left_margin) / half)
        if indent > 0:
            pieces.append(" " * min(indent, _MAX_GAP))
        i = first
    while i < n:
        ch = line[i]
        if ch in " \t\u3000\xa0":
            j = i
            while j < n and line[j] in " \t\u3000\xa0":
                j += 1
            if j >= n:
                break  # trailing spaces
            if i == 0:
                i = j
                continue
            prev = boxes(start + i - 1)
            nxt = boxes(start + j)
            gap = nxt[0] - prev[1]
            if nxt[3] < prev[2] or gap < -2 * em:
                # pdfium ran two lines together (table rows, often): the next character is
                # below the previous one, or far back to the left. Start a new line.
                pieces.append("\n")
                indent = round((nxt[0] - left_margin) / half)
                if indent > 0:
                    pieces.append(" " * min(indent, _MAX_GAP))
            elif gap >= _WIDE * em:
                pieces.append(" " * min(_MAX_GAP, max(3, round(gap / half))))
            else:
                pieces.append(" ")
            i = j
            continue
        pieces.append(ch)
        i += 1
    return "".join(pieces)


def _tidy(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
