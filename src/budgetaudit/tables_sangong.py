"""The “三公”经费（和机关运行经费）table: which figure is which item.

Its header spans several lines (合计 | 因公出国（境）费 | 公务用车购置及运行费 over 小计 | 购置费 |
运行费 | 公务接待费 | 机关运行经费) and its data row is a line of bare numbers, so a column is
known only by matching the header's item names to the cells. Two layouts occur:

- one cell per line ending in ``|`` (web pages copied as text): the header cells come in
  reading order, so the column order is certain;
- a PDF row under a header drawn over several lines (``pdftotext -layout`` text): a figure
  belongs to the column whose header starts last before the figure's right edge (figures are
  right-aligned, headers centred; a CJK header is squeezed to one column a character, so
  only where it starts is reliable). This also reads rows whose empty cells vanished: a
  column no figure falls under is blank (``Table.blank``, read as 0). When two figures fall
  under one column, or two column names start together (a layout that lost their places),
  the positions say nothing, and only a full row is read, by the one
  assignment of figures that makes the table add up (合计 = items, 小计 = 购置 + 运行) among
  the orders that keep each header line's order.

A table whose header names an item twice is not read: no reading beats a wrong one. The result is a
:class:`~budgetaudit.model.Table` of kind ``sangong`` whose ``columns`` are concept ids
(``sangong``, ``abroad``, ``car_total``, ``car_purchase``, ``car_operation``, ``reception``,
``admin_running``) and whose rows are the data rows (label: the row's year, if printed);
``complete`` is True when the column order was certain from the header alone (cell order or
positions).
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from budgetaudit.model import TABLE_UNIT_POWERS, Cell, Table, TableRow
from budgetaudit.quantities import printed_decimals
from budgetaudit.table_cells import lines_holding

_NUMBER = re.compile(r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?")
_UNIT = re.compile(r"单位[:：]\s*(万元|元|千元|亿元)")
_CAR_GROUP = r"(?:公务用?车|公车|车辆)购置(?:及|和)运行(?:维护|维修)?(?:费|经费)?"
# Header names, tried in this order; a match masks its text from the later patterns.
_NAMES: tuple[tuple[str, str], ...] = (
    ("group", _CAR_GROUP),
    ("admin_running", r"机关运行"),
    ("abroad", r"因公出国"),
    ("reception", r"接待"),
    ("sub", r"小计"),
    ("car_purchase", r"购置"),
    ("car_operation", r"运行"),
    ("sangong", r"合计"),
)
_NAME_PATTERNS = tuple((concept, re.compile(p)) for concept, p in _NAMES)  # compiled once
# Every name above has one of these (the car group has 购置): a line without any names none.
_ANY_NAME = re.compile(r"运行|出国|接待|计|购置")
_SUBS = ("sub", "car_purchase", "car_operation")
_MAX_HEADER = 14
_PUNCTUATION = re.compile(r"[，。；:：,]")  # a line of prose, not a cell
_MIN_COLUMN = 3  # characters between the starts of two column names, at least


def find_sangong(
    text: str, lines: Sequence[str], starts: Sequence[int], year: int | None
) -> list[Table]:
    """The 三公 tables of ``text`` (its ``lines``, starting at ``starts``)."""
    out: list[Table] = []
    n = len(lines)
    # Both readers start on a line with 三公 or a cell line with a bar on it or on the next
    # line: only those lines (and the ones above them) are looked at.
    marked = lines_holding(text, starts, "|", "三公")
    after = 0  # the lines before it belong to a table read
    for i in sorted({*marked, *(k - 1 for k in marked if k)}):
        if i < after:
            continue
        line = lines[i]
        s = line.strip()
        if i + 1 < n and ("|" in line or "|" in lines[i + 1]) and _is_cell(s):
            j = i
            while j < n and _is_cell(lines[j].strip()):
                j += 1
            read = _pipe_table(lines, starts, i, j, year)
            if not read and (table := _pipe_rows_table(lines, starts, i, j)) is not None:
                read = [table]
            out += [_with_note(table, lines, starts) for table in read]
            after = max(j, i + 1)
            continue
        if "三公" in s and s.endswith("表") and len(s) < 60 and "…" not in s:
            table = _layout_table(lines, starts, i)
            if table is not None:
                out.append(_with_note(table, lines, starts))
    return out


def _with_note(table: Table, lines: Sequence[str], starts: Sequence[int]) -> Table:
    """A note printed under the table that calls it empty (``注：…故本表为空表。``) becomes a
    row without cells labelled with the note, so that a rule can hold it against the figures."""
    at = bisect_right(starts, table.end) - 1  # the line of the table's last figure
    seen = 0
    for k in range(at + 1, len(lines)):
        s = lines[k].strip()
        if not s:
            continue
        seen += 1
        if seen > 2:
            break
        if "空表" in s:
            first = starts[k] + lines[k].index(s)
            note = TableRow(None, s, (), first, first + len(s))
            return replace(table, rows=(*table.rows, note))
    return table


def _is_cell(s: str) -> bool:
    """A line of a table copied one cell per line: ``79 |``, ``|``, ``公务接待费 |``, ``年度``."""
    if "|" in s:
        return len(s.replace("|", "").strip()) <= 24
    return 0 < len(s) <= 24 and not _PUNCTUATION.search(s)


def _names(text: str, offset: int = 0) -> list[tuple[int, str]]:
    """Header item names in ``text`` with their positions (``合计`` after a car group is 小计)."""
    if not _ANY_NAME.search(text):
        return []  # most lines name no item: one search instead of eight
    masked = text
    found: list[tuple[int, str]] = []
    for concept, pattern in _NAME_PATTERNS:
        for m in pattern.finditer(masked):
            found.append((offset + m.start(), concept))
            masked = masked[: m.start()] + "\0" * (m.end() - m.start()) + masked[m.end() :]
    return sorted(found)


def _unit(lines: Sequence[str], first: int, last: int) -> str | None:
    for j in range(first, min(last + 1, len(lines))):
        if u := _UNIT.search(lines[j]):
            return u.group(1)
    return None


# ---------------------------------------------------------------- one cell per line


def _pipe_table(
    lines: Sequence[str], starts: Sequence[int], first: int, end: int, year: int | None
) -> list[Table]:
    cells: list[tuple[str, int]] = []  # (text, line index)
    for j in range(first, end):
        content = lines[j].replace("|", "").strip()
        if content:
            cells.append((content, j))
    header: list[str] = []
    k = 0
    while k < len(cells) and not _NUMBER.fullmatch(cells[k][0]):
        if _is_row_label(cells[k][0]) and header:
            break
        header.append(cells[k][0])
        k += 1
    concepts: list[str] = []
    for text in header:
        names = [c for _, c in _names(text)]
        if len(names) > 1 and "group" not in names:
            return []  # two items in one cell: not a header we understand
        if names:
            concepts.append(names[0])
    columns = _leaves(concepts)
    if columns is None:
        return []
    rows: list[tuple[str, list[tuple[str, int]]]] = []
    for text, line in cells[k:]:
        if _NUMBER.fullmatch(text):
            if not rows:
                rows.append(("", []))
            rows[-1][1].append((text, line))
        else:
            rows.append((text, []))
    rows = [r for r in rows if len(r[1]) == len(columns)]
    if not rows:
        return []
    rates: list[tuple[str, list[tuple[str, int]]]] = []
    if len(rows) > 1:
        # One row a year: the document's year is the row the text speaks of (read first); the
        # other years' rows must add up too. Other rows (增减%) are not amounts.
        wanted = f"{year}年" if year else None
        if sum(r[0] == wanted for r in rows) != 1:
            return []
        rates = [r for r in rows if _RATE_ROW.search(r[0])]
        rows = sorted((r for r in rows if _is_row_label(r[0])), key=lambda r: r[0] != wanted)
    unit = _unit(lines, max(0, first - 3), first)
    title = next(
        (
            lines[t].strip()
            for t in range(first - 1, max(-1, first - 4), -1)
            if lines[t].strip() and not _UNIT.search(lines[t])
        ),
        None,
    )
    read = tuple(
        _row(label, [(t, starts[ln] + lines[ln].index(t)) for t, ln in figures], unit)
        for label, figures in rows
    )
    table = Table(
        title,
        "sangong",
        unit,
        columns,
        read,
        min(r.start for r in read),
        max(r.end for r in read),
        True,
    )
    if len(read) == 2 and len(rates) == 1:
        # "2016年比2015年增减%": (this year − last year) / last year, column by column. Kept
        # apart (kind sangong-change: this year, last year, the rates) so that no sum reads it.
        label, figures = rates[0]
        rate = _row(label, [(t, starts[ln] + lines[ln].index(t)) for t, ln in figures], None)
        return [table, replace(table, kind="sangong-change", rows=(*read, rate), end=rate.end)]
    return [table]


# A row label of the transposed layout: an ordinal or 其中 before the item's name.
_ROW_PREFIX = re.compile(r"^(?:[（(]?[一二三四五六七八九十\d]{1,2}[）)、.．]\s*)?(?:其中[:：]?)?")
_FIGURE_CELL = re.compile(r"-?\d+(?:\.\d+)?%?")
_EMPTY_CELL = frozenset({"-", "—", "--", "/", "无"})


def _pipe_rows_table(
    lines: Sequence[str], starts: Sequence[int], first: int, end: int
) -> Table | None:
    """The transposed layout: one row per item, its name cell then its figure cell(s) —
    ``项目 | 预算数 | 合计 | 4432 | 1.因公出国（境）费用 | 39 | …``. The header cells (all
    before the first name that a figure follows) give the number of figure columns; every row
    must have that many cells (``-`` for an empty one). The first figure column is read."""
    cells: list[tuple[str, int]] = []
    for j in range(first, end):
        content = lines[j].replace("|", "").strip()
        if content:
            cells.append((content, j))
    figure = [_FIGURE_CELL.fullmatch(c) is not None or c in _EMPTY_CELL for c, _ in cells]
    k = 0
    while k + 1 < len(cells) and not figure[k + 1]:
        k += 1
    width = 0  # figure columns: as many as follow the first row's name
    while k + 1 + width < len(cells) and figure[k + 1 + width]:
        width += 1
    header = cells[max(0, k - width - 1) : k]  # the item column's name, then the columns'
    if width == 0 or len(header) != width + 1 or any(figure[:k]):
        return None
    concepts: list[str] = []
    values: list[tuple[str, int]] = []
    pos = k
    while pos < len(cells) and not figure[pos]:
        row = cells[pos + 1 : pos + 1 + width]
        if len(row) != width or not all(figure[pos + 1 : pos + 1 + width]):
            break  # the table ends (a second table follows, or a note)
        concept = _row_concept(cells[pos][0])
        if concept is None or concept in concepts:
            return None  # a row we cannot name: no reading beats a wrong one
        raw, line = row[0]
        if not _NUMBER.fullmatch(raw):
            return None  # the first column must be the amounts
        concepts.append(concept)
        values.append((raw, starts[line] + lines[line].index(raw)))
        pos += 1 + width
    items = {"abroad", "reception", "car_total"} & set(concepts)
    if "sangong" not in concepts or len(items) < 2:
        return None
    unit = _unit(lines, max(0, first - 3), first) or _unit_in(header)
    row = _row(header[1][0], values, unit)
    title = next(
        (
            lines[t].strip()
            for t in range(first - 1, max(-1, first - 4), -1)
            if lines[t].strip() and not _UNIT.search(lines[t])
        ),
        None,
    )
    return Table(title, "sangong", unit, tuple(concepts), (row,), row.start, row.end, True)


def _row_concept(label: str) -> str | None:
    """The 三公 item a row's name cell names (合计 and 总“三公”经费 are the whole)."""
    name = _ROW_PREFIX.sub("", label, count=1)
    found = [c for _, c in _names(name)]
    if found == ["group"] or found == ["group", "sangong"]:
        return "car_total"
    if len(found) == 1 and found[0] not in ("sub", "group"):
        return found[0]
    if not found and "三公" in name:
        return "sangong"
    return None


def _unit_in(header: list[tuple[str, int]]) -> str | None:
    """A unit given in a column name: ``2020年度支出 (万元)``."""
    for text, _ in header[1:2]:
        if m := re.search(r"[（(](万元|元|千元|亿元)[）)]", text):
            return m.group(1)
    return None


_RATE_ROW = re.compile(r"(?:增减|增长|变动|变化)(?:率|幅度|%|（%）|\(%\))")


def _is_row_label(text: str) -> bool:
    return bool(re.fullmatch(r"(?:19|20)\d{2}年(?:度)?(?:预算|决算)?(?:数)?", text))


def _leaves(concepts: list[str]) -> tuple[str, ...] | None:
    """Header items in reading order → data columns (the car group stands for its sub-items)."""
    if "group" in concepts:
        g = concepts.index("group")
        after = concepts[g + 1 :]
        subs = [c for c in after if c in _SUBS or c == "sangong"]
        # 合计 after the group (and before 购置/运行) is the group's subtotal.
        subs = ["car_total" if c in ("sub", "sangong") else c for c in subs]
        rest = [c for c in after if c not in _SUBS and c != "sangong"]
        concepts = concepts[:g] + (subs or ["car_total"]) + rest
    if "sub" in concepts or len(set(concepts)) != len(concepts):
        return None
    if "sangong" not in concepts or len(concepts) < 3:
        return None
    return tuple(concepts)


# ---------------------------------------------------------------- a PDF row under a header


def _layout_table(lines: Sequence[str], starts: Sequence[int], title: int) -> Table | None:
    header: list[list[tuple[int, str]]] = []  # (column, name) per header line, left to right
    for j in range(title + 1, min(len(lines), title + _MAX_HEADER)):
        s = lines[j].strip()
        tokens = s.split()
        if tokens and all(_NUMBER.fullmatch(t) for t in tokens):
            by_place = _placed_row(lines, starts, title, j, header)
            if by_place is not None:
                return by_place
            return _layout_row(lines, starts, title, j, [[c for _, c in h] for h in header])
        if "三公" in s and s.endswith("表"):
            return None
        names = _names(lines[j])
        if names:
            header.append(names)
    return None


def _placed_row(
    lines: Sequence[str],
    starts: Sequence[int],
    title: int,
    j: int,
    header: list[list[tuple[int, str]]],
) -> Table | None:
    """The data row read by where its figures stand under the header's leaf names."""
    has_subs = any(c in _SUBS for h in header for _, c in h)
    leaves: list[tuple[int, str]] = []
    for at, c in (name for h in header for name in h):
        if c == "group":
            if has_subs:
                continue  # a spanning header: its sub-columns are the leaves
            c = "car_total"
        leaves.append((at, "car_total" if c == "sub" else c))
    leaves.sort()
    concepts = [c for _, c in leaves]
    if len(set(concepts)) != len(concepts) or "sangong" not in concepts or len(leaves) < 3:
        return None
    cols = [at for at, _ in leaves]
    if any(b - a < _MIN_COLUMN for a, b in itertools.pairwise(cols)):
        return None  # two columns' names start together: the layout lost their places
    taken: dict[str, tuple[str, int]] = {}
    for m in _NUMBER.finditer(lines[j]):
        k = bisect_right(cols, m.end() - 1) - 1  # the last header starting before the right edge
        if k < 0 or concepts[k] in taken:
            return None
        taken[concepts[k]] = (m.group(), starts[j] + m.start())
    if "sangong" not in taken or len(taken) < 2:
        return None
    columns = tuple(c for c in concepts if c in taken)
    unit = _unit(lines, title, j)
    row = _row("", [taken[c] for c in columns], unit)
    blank = tuple(c for c in concepts if c not in taken)
    title_text = lines[title].strip()
    return Table(title_text, "sangong", unit, columns, (row,), row.start, row.end, True, blank)


def _layout_row(
    lines: Sequence[str], starts: Sequence[int], title: int, j: int, header: list[list[str]]
) -> Table | None:
    flat = [c for names in header for c in names]
    if flat.count("group") > 1 or len(set(flat) - {"group"}) != len(flat) - flat.count("group"):
        return None
    subs_line = next((names for names in header if set(names) & set(_SUBS)), [])
    subs = ["car_total" if c == "sub" else c for c in subs_line if c in _SUBS]
    tops = [c for c in flat if c not in _SUBS and c != "group"]
    if "group" in flat and not subs:
        tops.append("car_total")
    elif subs:
        tops.append("CAR")
    figures = [(m.group(), starts[j] + m.start()) for m in _NUMBER.finditer(lines[j])]
    width = len(tops) - 1 + len(subs) if subs else len(tops)
    if "sangong" not in tops or len(figures) != width or width < 3:
        return None
    values = [Decimal(t.replace(",", "")) for t, _ in figures]
    readings: set[tuple[tuple[str, Decimal], ...]] = set()
    chosen: tuple[str, ...] | None = None
    for order in itertools.permutations(tops):
        if not _keeps_line_order(order, header):
            continue
        columns: list[str] = []
        for c in order:
            columns.extend(subs if c == "CAR" else [c])
        cells = dict(zip(columns, values, strict=True))
        if _adds_up(cells):
            readings.add(tuple(sorted(cells.items())))
            chosen = tuple(columns)
    if len(readings) != 1 or chosen is None:
        return None
    unit = _unit(lines, title, j)
    row = _row("", figures, unit)
    return Table(lines[title].strip(), "sangong", unit, chosen, (row,), row.start, row.end, False)


def _keeps_line_order(order: tuple[str, ...], header: list[list[str]]) -> bool:
    place = {c: k for k, c in enumerate(order)}
    for names in header:
        seen = [place[c] for c in names if c in place]
        if seen != sorted(seen):
            return False
    return True


def _adds_up(cells: dict[str, Decimal]) -> bool:
    """Exact sums, as printed: only used to choose among column orders."""
    car = ("car_total", "car_purchase", "car_operation")
    if all(c in cells for c in car) and cells[car[0]] != cells[car[1]] + cells[car[2]]:
        return False
    items = [cells[c] for c in ("abroad", "car_total", "reception") if c in cells]
    return len(items) == 3 and cells["sangong"] == sum(items)


def _row(label: str, figures: list[tuple[str, int]], unit: str | None) -> TableRow:
    scale = TABLE_UNIT_POWERS.get(unit or "万元", 0)
    cells = []
    for raw, at in figures:
        decimals = printed_decimals(raw) - scale
        value = Decimal(raw.replace(",", "")).scaleb(scale)
        cells.append(Cell(value, decimals, at, at + len(raw), raw))
    return TableRow(None, label, tuple(cells), cells[0].start, cells[-1].end)
