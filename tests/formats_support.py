"""Render a plain-text document of ours as .docx, .html and .pdf for the format tests.

Lines whose cells are separated by three or more spaces are table rows; everything else is a
paragraph. The renderings keep one paragraph or row per line, so a finding's line is the same in
every format except PDF, where reportlab wraps long paragraphs (there we compare codes and
pages).
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

_GAP = re.compile(r"[ ]{3,}")


def _blocks(text: str) -> list[tuple[str, list[str]]]:
    """("p", [text]) or ("row", cells) per line; consecutive rows form one table."""
    out: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        cells = _GAP.split(line.strip())
        out.append(("row", cells) if len(cells) > 1 else ("p", [line.strip()]))
    return out


def write_docx(text: str, path: Path) -> Path:
    from docx import Document

    doc = Document()
    blocks = _blocks(text)
    i = 0
    while i < len(blocks):
        kind, cells = blocks[i]
        if kind == "p":
            doc.add_paragraph(cells[0])
            i += 1
            continue
        rows = []
        while i < len(blocks) and blocks[i][0] == "row":
            rows.append(blocks[i][1])
            i += 1
        width = max(len(r) for r in rows)
        table = doc.add_table(rows=len(rows), cols=width)
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                table.cell(r, c).text = cell
    doc.save(str(path))
    return path


def write_html(text: str, path: Path) -> Path:
    parts = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>公开</title>",
        "<script>var nav = '首页';</script><style>p{margin:0}</style></head><body>",
        "<nav class='menu'><a href='/'>首页</a> &gt; <a href='/x'>预算公开</a></nav>",
        "<div class='article'>",
    ]
    blocks = _blocks(text)
    in_table = False
    for kind, cells in blocks:
        if kind == "row" and not in_table:
            parts.append("<table border='1'>")
            in_table = True
        if kind == "p" and in_table:
            parts.append("</table>")
            in_table = False
        if kind == "row":
            parts.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>")
        else:
            parts.append(f"<p>{escape(cells[0]) or '&nbsp;'}</p>")
    if in_table:
        parts.append("</table>")
    parts.append("</div><div id='footer'>版权所有 某某局 2025</div></body></html>")
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


def write_pdf(text: str, path: Path) -> Path:
    """Paragraphs wrapped by reportlab; table rows drawn cell by cell at fixed columns."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    # A CID font every PDF reader knows: no font file to install or embed.
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    size, leading, left, right = 10.5, 16, 56, A4[0] - 56
    c = canvas.Canvas(str(path), pagesize=A4)
    y = A4[1] - 60

    def line(draw: list[tuple[float, str]]) -> None:
        nonlocal y
        if y < 60:
            c.showPage()
            y = A4[1] - 60
        for x, s in draw:
            c.setFont("STSong-Light", size)
            c.drawString(x, y, s)
        y -= leading

    for kind, cells in _blocks(text):
        if kind == "row":
            # Each cell two characters' width after the previous one: a visible column gap.
            x, draw = float(left), []
            for cell in cells:
                draw.append((x, cell))
                x += pdfmetrics.stringWidth(cell, "STSong-Light", size) + 2 * size
            line(draw)
            continue
        rest = cells[0]
        while True:
            n = len(rest)
            while n > 1 and pdfmetrics.stringWidth(rest[:n], "STSong-Light", size) > right - left:
                n -= 1
            line([(left, rest[:n])])
            rest = rest[n:]
            if not rest:
                break
    c.save()
    return path
