"""Read a web page: the article's text without navigation or scripts, tables as tables.

The standard library's tolerant :class:`html.parser.HTMLParser` builds a small tree (no extra
dependency: government pages are simple, and BeautifulSoup or lxml would add weight without
changing what we take from them). Navigation, headers, footers, scripts, forms and elements
whose class or id says they are menus or breadcrumbs are dropped. A table whose cells hold one
line each is a data table: each row becomes one line of cells separated by wide gaps. A table
whose cells hold paragraphs or other tables is page layout: its cells are read as blocks.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from budgetaudit.load import InputError
from budgetaudit.loaders.blocks import TextBuilder
from budgetaudit.model import SourceText

MAX_NODES = 2_000_000  # elements; a real page has thousands
MAX_DEPTH = 400

_SKIP = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "nav",
        "header",
        "footer",
        "aside",
        "form",
        "button",
        "select",
        "option",
        "iframe",
        "svg",
        "canvas",
        "object",
        "embed",
        "head",
        "title",
        "map",
    ]
)
_SKIP_HINT = re.compile(
    r"(?:^|[\s_-])(?:nav|menu|breadcrumb|crumb|footer|sidebar|share|toolbar)", re.I
)
_BLOCK = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "main",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "table",
        "tr",
        "center",
        "hr",
        "address",
        "figure",
        "figcaption",
    ]
)
_VOID = frozenset(
    [
        "br",
        "hr",
        "img",
        "input",
        "meta",
        "link",
        "area",
        "base",
        "col",
        "embed",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
_BR = "\u2028"  # a forced line break; source newlines are only spaces in HTML
_HTML_SPACE = re.compile(r"[ \t\r\n\f]+")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.I)


class _Node:
    __slots__ = ("children", "tag")

    def __init__(self, tag: str) -> None:
        self.tag = tag
        self.children: list[_Node | str] = []


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("root")
        self.stack: list[_Node] = [self.root]
        self.skipping = 0  # depth inside a dropped element
        self.nodes = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            if tag == "br" and not self.skipping:
                self.stack[-1].children.append(_BR)
            return
        if self.skipping:
            self.skipping += 1
            return
        hint = " ".join(v or "" for k, v in attrs if k in ("class", "id", "role"))
        if tag in _SKIP or (hint and _SKIP_HINT.search(hint)):
            self.skipping = 1
            return
        self.nodes += 1
        if self.nodes > MAX_NODES or len(self.stack) > MAX_DEPTH:
            raise InputError("web page too large or nested too deeply; refused")
        if tag in ("p", "tr", "td", "th", "li") and self.stack[-1].tag == tag:
            self.stack.pop()  # an unclosed <p>/<td>/<tr>/<li> ends at the next one
        node = _Node(tag)
        self.stack[-1].children.append(node)
        self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if self.skipping:
            self.skipping -= 1
            return
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.stack[-1].children.append(data)


def load_html(data: bytes, path: str) -> SourceText:
    text = _decode(data)
    builder = _TreeBuilder()
    try:
        builder.feed(text)
        builder.close()
    except InputError:
        raise
    except Exception as exc:  # the parser is tolerant; anything else is a malformed page
        raise InputError(f"not a readable web page ({type(exc).__name__})") from None
    out = TextBuilder()
    body = _find(builder.root, "body") or builder.root
    _render_blocks(body, out, 0)
    if not out.text.strip():
        raise InputError("web page contains no text")
    return out.source(path, "html")


def _decode(data: bytes) -> str:
    from budgetaudit.load import decode_bytes

    m = _CHARSET.search(data[:4096])
    if m:
        name = m.group(1).decode("ascii", "replace").lower()
        name = {"gb2312": "gb18030", "gbk": "gb18030"}.get(name, name)
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(data)[0]


def _find(node: _Node, tag: str) -> _Node | None:
    stack = [node]
    while stack:
        n = stack.pop()
        if n.tag == tag:
            return n
        stack.extend(c for c in reversed(n.children) if isinstance(c, _Node))
    return None


def _inline_text(node: _Node) -> str:
    parts: list[str] = []
    stack: list[_Node | str] = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, str):
            parts.append(n)
        else:
            if n.tag in _BLOCK:
                parts.append(_BR)
            stack.extend(reversed(n.children))
    return "".join(parts)


def _has_block(node: _Node) -> bool:
    stack = [c for c in node.children if isinstance(c, _Node)]
    while stack:
        n = stack.pop()
        if n.tag in _BLOCK and n.tag not in ("center",):
            return True
        stack.extend(c for c in n.children if isinstance(c, _Node))
    return False


def _render_blocks(node: _Node, out: TextBuilder, depth: int) -> None:
    """Block-level walk: runs of inline content become paragraphs; tables are rows."""
    if depth > MAX_DEPTH:
        return
    inline: list[str] = []

    def flush() -> None:
        if inline:
            raw = "".join(inline)
            if not raw.strip() and _BR not in raw and "\xa0" not in raw:
                inline.clear()  # layout whitespace between blocks, not an empty paragraph
                return
            text = _HTML_SPACE.sub(" ", raw).replace("\xa0", " ")
            for line in text.split(_BR):
                out.paragraph(line)
            inline.clear()

    for child in node.children:
        if isinstance(child, str):
            inline.append(child)
        elif child.tag == "table":
            flush()
            _render_table(child, out, depth + 1)
        elif child.tag in _BLOCK or _has_block(child):
            flush()
            _render_blocks(child, out, depth + 1)
        else:
            inline.append(_inline_text(child))
    flush()


def _rows(table: _Node) -> list[_Node]:
    rows: list[_Node] = []
    for child in table.children:
        if isinstance(child, _Node):
            if child.tag == "tr":
                rows.append(child)
            elif child.tag in ("thead", "tbody", "tfoot"):
                rows.extend(c for c in child.children if isinstance(c, _Node) and c.tag == "tr")
    return rows


def _render_table(table: _Node, out: TextBuilder, depth: int) -> None:
    rows = _rows(table)
    cells = [
        [c for c in row.children if isinstance(c, _Node) and c.tag in ("td", "th")] for row in rows
    ]
    layout = any(
        _has_block(cell) and _BR in _inline_text(cell).strip(_BR + " \n\t\r")
        for row in cells
        for cell in row
    )
    if layout or any(_find(cell, "table") for row in cells for cell in row):
        for row in cells:
            for cell in row:
                _render_blocks(cell, out, depth + 1)
        return
    out.tables += 1
    for r, row in enumerate(cells, 1):
        texts = [" ".join(_inline_text(cell).split()) for cell in row]
        out.row(texts, f"table {out.tables}, row {r}")
