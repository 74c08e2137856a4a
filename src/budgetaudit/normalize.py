"""Normalise a decoded document for extraction, keeping a map back to the source.

What real documents contain and what we turn it into:

- ``\\r\\n`` and ``\\r`` line ends → ``\\n``; form feeds (page breaks) dropped;
- pinyin glosses from mirror sites (``經(jīng)費``) dropped, traditional characters → simplified;
- full-width digits, letters, ``．`` and ``％`` → ASCII;
- thousands separators (``174,732.10``) dropped;
- short runs of spaces dropped unless they separate two numbers (``7 人`` → ``7人``);
  long runs (table columns) kept;
- line breaks inside a paragraph (PDF and web wrapping) dropped, so a sentence is one line;
  page-number lines (``—10—``, ``- 3 -``, ``第3页``) dropped.

Punctuation is *not* unified (``(`` stays ``(``): the wording rules judge brackets as printed.
Every character of the result remembers its source offset (see :class:`Normalized`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Any

from budgetaudit.model import Normalized
from budgetaudit.textlines import TABLE_ROW

# A handful of characters that only occur in traditional text; their presence switches the
# (lazily imported) OpenCC conversion on.
_TRADITIONAL_HINTS = frozenset(
    "萬預經費說與為這個們會東車計務運維購國開發實際營還資緊門區縣數據項額"
)
# The same as a character class: a regex scan does not make a str object of every character
# as iterating the text for ``isdisjoint`` does (~10× faster on CJK text).
_TRADITIONAL_HINT = re.compile("[" + "".join(sorted(_TRADITIONAL_HINTS)) + "]")

_PINYIN_LETTERS = "a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
# A gloss follows a character ("經(jīng)"), or stands after conversion debris but carries a tone.
# (The look-behind comes after the bracket, so the pattern starts with "(": it scans fast.)
_PINYIN = re.compile(
    rf"\((?<=[\u3400-\u9fff]\()[{_PINYIN_LETTERS}]{{1,7}}\)"
    rf"|\((?=[a-z]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])[{_PINYIN_LETTERS}]{{1,7}}\)"
    # Conversion debris turned the opening bracket into "?": "?jīng)" (the tone mark tells).
    rf"|\?(?=[a-z]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])[{_PINYIN_LETTERS}]{{1,7}}\)"
)
_THOUSANDS = re.compile(r",(?<=\d,)(?=\d{3}(?!\d))")  # starts with ",": scans fast
_SPACES = re.compile(r"[ \t\u3000\xa0]+")
_PAGE_NUMBER_LINE = re.compile(
    r"^[ \t\u3000]*(?:[-—–－─]+[ \t]*\d{1,3}[ \t]*[-—–－─]+|第[ \t]*\d{1,3}[ \t]*页(?:[ \t]*共[ \t]*\d{1,3}[ \t]*页)?)[ \t\u3000]*$"
)
_PAGE_NUMBER_LINES = re.compile(_PAGE_NUMBER_LINE.pattern, re.MULTILINE)
# A line that starts a new block: a heading marker or a list item.
_BLOCK_START = re.compile(
    r"^[ \t\u3000]*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十]+[）)]"
    r"|\d{1,2}[、．.](?!\d)|[（(]\d{1,2}[）)]|[①-⑳]|目\s*录|附件|附表)"
)
_FIGURE_START = re.compile(r"[\d０-９]+(?:[.．][\d０-９]+)?\s*(?:%|％|万|元|亿|个|人|辆)")
_TERMINAL = "。！？!?；;"
_CONTINUES = "，,、（(“‘《：:-"
_LEADING_PUNCT = "。，,、；;：:）)”’》%"


class _Builder:
    """Text plus origin offsets, rewritten pass by pass."""

    def __init__(self, text: str) -> None:
        self.text = text
        # A range until the first edit that moves offsets (slices and indexing work the same).
        self.origin: Sequence[int] = range(len(text) + 1)

    def sub(self, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str]) -> None:
        """Replace each match by ``repl(m)``; a replacement longer than one char maps to the match start."""
        self.edit((m.start(), m.end(), repl(m)) for m in pattern.finditer(self.text))

    def edit(self, edits: Iterable[tuple[int, int, str]]) -> None:
        """Replace text[start:end] by new for each (start, end, new), in order, not overlapping."""
        text, source = self.text, self.origin
        out: list[str] = []
        origin: list[int] = []
        pos = 0  # text[:pos] is in out
        opos = 0  # source[:opos] is in origin
        # Text and offsets are copied in runs: only replacements that change something cut one.
        for start, end, new in edits:
            if len(new) == end - start:
                if new != text[start:end]:  # same length: the offsets do not move
                    out.append(text[pos:start])
                    out.append(new)
                    pos = end
                continue
            out.append(text[pos:start])
            out.append(new)
            pos = end
            origin.extend(source[opos:start])
            origin.extend([source[start]] * len(new))
            opos = end
        if not out:
            return  # nothing changed (most passes on most documents)
        out.append(text[pos:])
        origin.extend(source[opos:])
        self.text = "".join(out)
        self.origin = origin

    def map_chars(self, table: dict[int, str], present: re.Pattern[str]) -> None:
        """One-for-one character replacement: offsets do not move. ``present`` finds a
        character of the table (translating CJK text through a dict is slow)."""
        if present.search(self.text):
            # Translate only the runs of such characters: a dict lookup per CJK char is slow.
            self.text = present.sub(lambda m: m.group().translate(table), self.text)


def _fullwidth_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(0xFF10, 0xFF1A):  # ０-９
        table[cp] = chr(cp - 0xFEE0)
    for cp in list(range(0xFF21, 0xFF3B)) + list(range(0xFF41, 0xFF5B)):  # Ａ-Ｚ ａ-ｚ
        table[cp] = chr(cp - 0xFEE0)
    table[ord("．")] = "."
    table[ord("％")] = "%"
    table[ord("﹪")] = "%"
    table[ord("＋")] = "+"
    return table


_FULLWIDTH = _fullwidth_table()
_FULLWIDTH_PRESENT = re.compile("[" + re.escape("".join(map(chr, sorted(_FULLWIDTH)))) + "]+")


@cache
def _converter(opencc: Any) -> Any:
    """One OpenCC converter per process: building it reads its dictionaries (~0.3 ms)."""
    return opencc.OpenCC("t2s")


def _to_simplified(text: str) -> str:
    """Traditional → simplified, one character for one (so offsets stay valid)."""
    if _TRADITIONAL_HINT.search(text) is None:
        return text
    try:
        import opencc
    except ImportError:  # pragma: no cover - opencc is a declared dependency
        return text
    converter = _converter(opencc)
    out = converter.convert(text)
    if len(out) == len(text):
        return out
    # A phrase rule changed the length somewhere: fall back to character by character.
    return "".join(c if len(c := converter.convert(ch)) == 1 else ch for ch in text)


_WIDE = re.compile(
    r"[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]"
)


# The other characters, in runs: fewer matches to count than wide characters one by one.
_NARROW_RUN = re.compile("[^" + _WIDE.pattern[1:] + "+")


def _display_width(line: str) -> int:
    """Columns a line takes: CJK and full-width characters count two."""
    return 2 * len(line) - sum(map(len, _NARROW_RUN.findall(line)))


# Words that wait for their figure at the end of a line: 为, 占, 支出, 预算, 增加 …
_AWAITS_FIGURE = re.compile(
    r"(?:为|占|达|计|支出|收入|预算|决算|费|资金|金额|拨款|增加|减少|增长|下降|上升|降低)$"
)


def _displaced_lines(lines: list[str]) -> list[tuple[int, int]]:
    """(f, waits): line f, a figure that ends a sentence, was printed above line waits, whose words
    wait for it (PDF extraction: "603.14万元，占20.51%；" above "…其中：基本支出…；项目支出").

    Line f opens with a figure, and the line above it cannot be what it continues (it ends a
    sentence or is a heading); line waits is the next prose line, ends on a word and is not
    continued by the line below it. Only blank lines may stand between them."""
    out: list[tuple[int, int]] = []
    stripped = [line.strip(_WS) for line in lines]
    nonblank = [k for k, s in enumerate(stripped) if s]
    for pos, f in enumerate(nonblank[:-2]):
        fs = stripped[f]
        if not _FIGURE_START.match(fs) or TABLE_ROW.search(lines[f]):
            continue
        if pos > 0:
            above = stripped[nonblank[pos - 1]]
            if above[-1] not in _TERMINAL + "：:" and not (
                _BLOCK_START.match(above) and not any(c in above for c in _TERMINAL)
            ):
                continue  # "…项目支出\n603.14万元": the figure continues the line above
        waits, below = nonblank[pos + 1], nonblank[pos + 2]
        ls, bs = stripped[waits], stripped[below]
        if (
            TABLE_ROW.search(lines[waits])
            or not _AWAITS_FIGURE.search(ls)
            or not any(c in ls for c in "，,；;。")
            # a figure line cut mid-sentence must be continued by the line below waits
            or (fs[-1] not in _TERMINAL and _BLOCK_START.match(lines[below]))
            or _FIGURE_START.match(bs)
            or bs[0] in _LEADING_PUNCT
            or (out and out[-1][1] == f)
        ):
            continue
        out.append((f, waits))
    return out


def _restore_displaced(b: _Builder) -> None:
    """Put a line printed above the line it continues back after it (see _displaced_lines)."""
    lines = b.text.split("\n")
    moves = _displaced_lines(lines)
    if not moves:
        return
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    order = list(range(len(lines)))
    for f, waits in reversed(moves):
        order.remove(f)
        order.insert(order.index(waits) + 1, f)
    parts: list[str] = []
    origin: list[int] = []
    for k in order:  # a moved line is never the last one, so each keeps its own line end
        a, z = starts[k], min(starts[k + 1], len(b.text))
        parts.append(b.text[a:z])
        origin.extend(b.origin[a:z])
    b.text = "".join(parts)
    origin.append(b.origin[-1])
    b.origin = origin


def _join_soft_breaks(b: _Builder) -> None:
    """Drop the line breaks that only wrap a paragraph, and page-number lines."""
    lines = b.text.split("\n")
    n = len(lines)
    stripped = [line.strip() for line in lines]
    # Trailing spaces cannot make or break a gap, so one search per line serves all uses.
    gap = [TABLE_ROW.search(line) is not None for line in lines]
    # Display widths of the prose lines (0 for tables and blank lines), computed once.
    width = [0 if g or not s else _display_width(s) for s, g in zip(stripped, gap, strict=True)]
    # The wrap width of prose: table rows are wider and would hide it.
    widths = sorted(w for w in width if w)
    # A handful of lines tells nothing about wrapping.
    wrap_width = widths[int(len(widths) * 0.9)] if len(widths) >= 8 else 0
    drop: set[int] = set()  # offsets (in b.text) of characters to delete
    offset = 0
    starts = []
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    # Page-number lines, found in one scan of the text (a match is always a whole line).
    for m in _PAGE_NUMBER_LINES.finditer(b.text):
        drop.update(range(m.start(), m.end() + 1))
    # Some PDF extractions double-space their prose: a wrapped sentence then has a blank line
    # inside it. One blank line is crossed when everything else says the sentence goes on.
    for i in range(n - 1):
        if not stripped[i] or starts[i] in drop:
            continue
        j = i + 1
        while j < n and starts[j] in drop:  # skip dropped page-number lines
            j += 1
        if j >= n:
            continue
        if not stripped[j] and j + 1 < n and stripped[j + 1]:
            j += 1
        if not stripped[j]:
            continue
        cur = lines[i].rstrip(" \t\u3000")
        nxt = lines[j]
        nxt_s = nxt.lstrip(" \t\u3000")
        if nxt_s[0] in _LEADING_PUNCT:
            joined = True
        elif gap[i] or gap[j] or cur[-1] in _TERMINAL or _BLOCK_START.match(nxt):
            joined = False
        else:
            # (a line here is prose: not blank, not a table row)
            long_line = wrap_width > 0 and width[i] >= 0.8 * wrap_width
            # "…增长\n100.00%": words do not end a paragraph waiting for their figure.
            figure_follows = (
                "\u4e00" <= cur[-1] <= "\u9fff"
                and _FIGURE_START.match(nxt_s) is not None
                and not _BLOCK_START.match(cur)
            )
            joined = long_line or cur[-1] in _CONTINUES or figure_follows
        if joined:
            nl = starts[i] + len(lines[i])
            # the newline, any blank line skipped over, and the next line's indent
            drop.update(range(nl, starts[j] + (len(nxt) - len(nxt_s))))
            drop.update(range(starts[i] + len(cur), nl))  # trailing spaces
    if drop:
        # Copy the kept runs between dropped offsets as slices (few drops, long runs).
        text, origin = b.text, b.origin
        parts: list[str] = []
        kept: list[int] = []
        pos = 0
        for k in sorted(drop):
            if k > pos:
                parts.append(text[pos:k])
                kept.extend(origin[pos:k])
            pos = k + 1
        parts.append(text[pos:])
        kept.extend(origin[pos : len(text)])
        kept.append(origin[-1])
        b.text = "".join(parts)
        b.origin = kept


_WS = " \t\u3000\xa0"


def _space_edits(text: str) -> list[tuple[int, int, str]]:
    """The runs of spaces that go, found line by line: a
    run that opens a line goes when it is shorter than 3, one that ends a line always goes, and
    one inside a line stays between two ASCII letters/digits or on a table row. Table rows,
    where most runs are, need no look at their inner runs."""
    edits: list[tuple[int, int, str]] = []
    at = 0
    for line in text.split("\n"):
        base = at
        at += len(line) + 1
        n = len(line)
        if not n or not _SPACES.search(line):
            continue
        s = n - len(line.lstrip(_WS))
        if s == n:  # only spaces: deep indentation of nothing is kept as it was
            if n < 3:
                edits.append((base, base + n, ""))
            continue
        if 0 < s < 3:
            edits.append((base, base + s, ""))
        e = len(line.rstrip(_WS))
        inner = _SPACES.search(line, s, e)
        if inner is not None and TABLE_ROW.search(line) is None:
            for m in _SPACES.finditer(line, inner.start(), e):
                before = line[m.start() - 1]
                after = line[m.end()]
                if before.isascii() and before.isalnum() and after.isascii() and after.isalnum():
                    continue  # two numbers or words side by side
                edits.append((base + m.start(), base + m.end(), ""))
        if e < n:
            edits.append((base + e, base + n, ""))
    return edits


# A result to hand out again for the same text (see :func:`reuse`).
_REUSE: tuple[str, Normalized] | None = None


@contextmanager
def reuse(text: str, norm: Normalized) -> Iterator[None]:
    """Within the block, ``normalize(text)`` returns ``norm`` (computed already): a batch
    worker normalises a document once for pairing and then audits it."""
    global _REUSE
    _REUSE = (text, norm)
    try:
        yield
    finally:
        _REUSE = None


def normalize(text: str) -> Normalized:
    if _REUSE is not None and _REUSE[0] == text:
        return _REUSE[1]
    b = _Builder(text)
    if "\r" in text:
        b.sub(re.compile(r"\r\n?"), lambda m: "\n")
    if "\f" in text:
        b.sub(re.compile(r"\f"), lambda m: "")
    if ")" in b.text:  # every gloss ends with a bracket; the pattern is slow to scan
        b.sub(_PINYIN, lambda m: "")
    b.text = _to_simplified(b.text)
    b.map_chars(_FULLWIDTH, _FULLWIDTH_PRESENT)
    _restore_displaced(b)
    _join_soft_breaks(b)
    if "," in b.text:
        b.sub(_THOUSANDS, lambda m: "")
    b.edit(_space_edits(b.text))
    return Normalized(text=b.text, origin=tuple(b.origin))
