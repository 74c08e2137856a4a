"""Headings, sections and the document's own identity (kind, year, department).

Works on normalised text, where each paragraph is one line. A heading is a line that starts with
a numbering marker (第一部分, 一、, （一）, 1. / 1、, (1), ①); table rows (cells separated by
wide gaps) are never headings, even when they start with 一、 as the function classes do.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from itertools import compress, count, islice
from operator import not_

from budgetaudit.model import DocMeta, Heading, Normalized, Section
from budgetaudit.textlines import lines_of

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_NUM = "[一二三四五六七八九十]{1,3}"

# The numbering markers, in the order they are tried; the group named after the style is the
# marker's number.
_MARKERS = (
    rf"第(?P<part>{_CN_NUM})部分",
    rf"(?P<cn>{_CN_NUM})[、．.](?!\d)",
    rf"[（(](?P<paren_cn>{_CN_NUM})[）)]",
    r"(?P<arabic>\d{1,2})(?:[、．]|\.(?!\d))",
    r"[（(](?P<paren_ar>\d{1,2})[）)]",
    r"(?P<circled>[①-⑳])",
)
# A line that starts with a marker after an indent of fewer than 8 spaces (a deeper one is a
# centred title or a table cell). The alternatives are tried in order at the indent's end (no
# marker starts with a space), so the one that matches is the first of _MARKERS that does: one
# call instead of one per marker, and blank lines and prose fail it at once.
_MARKER_LINE = re.compile(rf"[ \t\u3000]{{0,7}}(?:{'|'.join(_MARKERS)})")
# (The look-behind comes after the bracket, so that the pattern starts with a character class
# the regex engine scans for: the same matches, found faster.)
_INLINE_ITEM = re.compile(rf"[（(](?<=[。；;][（(])({_CN_NUM})[）)]")
_INLINE_CN = re.compile(rf"(?<=[\u4e00-\u9fff\s）)])({_CN_NUM})、")
_TOC_LEADER = re.compile(r"[…\.·]{4,}|PAGEREF", re.IGNORECASE)

_YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})\s*年")
_NAME_AFTER_YEAR = re.compile(
    r"度?\s*([^\d“\"（(度]{3,40}?)(?:部门|单位)?(?:预算|决算|“三公”|三公)"
)
_DEPT_LABEL = re.compile(
    r"(?:预算主管部门|主管部门|预算单位|部门名称|单位名称|编制部门|编制单位)[:：]\s*(\S+)"
)


# What a heading's title says without its dots, page numbers, brackets and field codes: the key
# two headings are compared by ('一、主要职责……3' and '一、主要职责' are one title).
_TITLE_NOISE = re.compile(r"[\s…\.·\d（）()、：:]|PAGEREF|_Toc|h(?=\s|$)")


def heading_key(title: str) -> str:
    return _TITLE_NOISE.sub("", title)


def chinese_number(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十 → 20, 九十九 → 99."""
    if not text:
        return None
    if "十" in text:
        tens, _, units = text.partition("十")
        t = _CN_DIGITS.get(tens, 1) if tens else 1
        u = _CN_DIGITS.get(units, 0) if units else 0
        if (tens and tens not in _CN_DIGITS) or (units and units not in _CN_DIGITS):
            return None
        return t * 10 + u
    if len(text) == 1:
        return _CN_DIGITS.get(text)
    return None


def _marker_number(style: str, raw: str) -> int | None:
    if style in ("arabic", "paren_ar"):
        return int(raw)
    if style == "circled":
        return ord(raw) - ord("①") + 1
    return chinese_number(raw)


def find_headings(norm: Normalized) -> list[Heading]:
    headings: list[Heading] = []
    split = lines_of(norm.text)
    lines, table, starts = split.lines, split.table, split.starts
    match = _MARKER_LINE.match
    for i in compress(count(), map(not_, table)):  # the lines that are no table rows
        m = match(lines[i])
        if m is None or _between_table_rows(lines, table, i):
            continue  # no marker, or a table cell rather than a numbered heading
        style = m.lastgroup
        assert style is not None
        number = _marker_number(style, m.group(style))
        if number is None:
            continue
        line, line_start = lines[i], starts[i]
        end = m.end()  # the marker's end (its start is the indent's end: none starts with a space)
        headings.append(
            Heading(
                style=style,
                number=number,
                title=line[end:].strip(),
                start=line_start + len(line) - len(line.lstrip(" \t\u3000")),
                end=line_start + end,
                line_start=line_start,
            )
        )
        if style == "paren_cn":
            headings.extend(_inline_items(line, line_start, end))
        elif style == "cn":
            headings.extend(_next_on_line(line, line_start, end, number))
    return headings


def _inline_items(line: str, line_start: int, pos: int) -> list[Heading]:
    """'（七）…财务规则。（八）负责…': a PDF line that swallowed the next numbered item."""
    out = []
    for m in _INLINE_ITEM.finditer(line, pos):
        number = chinese_number(m.group(1))
        if number is not None:
            out.append(
                Heading(
                    style="paren_cn",
                    number=number,
                    title=line[m.end() :].strip(),
                    start=line_start + m.start(),
                    end=line_start + m.end(),
                    line_start=line_start,
                    inline=True,
                )
            )
    return out


def _next_on_line(line: str, line_start: int, pos: int, number: int) -> list[Heading]:
    """'二、…情况说明 三、…': a contents line that holds the next entry too (after a space)."""
    out = []
    for m in _INLINE_CN.finditer(line, pos):
        n = chinese_number(m.group(1))
        if n != number + 1:
            break
        out.append(
            Heading(
                style="cn",
                number=n,
                title=line[m.end() :].strip(),
                start=line_start + m.start(1),
                end=line_start + m.end(),
                line_start=line_start,
                inline=True,
            )
        )
        number = n
    return out


def _between_table_rows(lines: Sequence[str], table: Sequence[bool], i: int) -> bool:
    """The nearest non-blank lines above and below are table rows."""
    j = i - 1
    while j >= 0 and not lines[j].strip():
        j -= 1
    if j < 0 or not table[j]:
        return False
    j = i + 1
    while j < len(lines) and not lines[j].strip():
        j += 1
    return j < len(lines) and table[j]


def is_toc_line(norm: Normalized, heading: Heading) -> bool:
    end = norm.text.find("\n", heading.start)
    return bool(_TOC_LEADER.search(norm.text, heading.start, end if end >= 0 else len(norm.text)))


def toc_headings(norm: Normalized, headings: list[Heading]) -> frozenset[int]:
    """The starts of the headings that are table-of-contents entries (dot leaders, PAGEREF)."""
    if not any(piece in norm.text for piece in _TOC_PIECES):
        return frozenset()  # (most texts: a few scans instead of a search per heading)
    return frozenset(h.start for h in headings if is_toc_line(norm, h))


# What any _TOC_LEADER match holds: four leader characters that are not … or · are "....", and
# no character but p and P matches "p" when case is ignored.
_TOC_PIECES = ("…", "·", "....", "p", "P")


def build_sections(norm: Normalized, headings: list[Heading]) -> list[Section]:
    """Split the text at headings; each section carries the titles of its enclosing headings."""
    sections: list[Section] = []
    styles: list[str] = []  # the enclosing headings' styles and "marker title" labels
    labels: list[str] = []
    start = 0
    text = norm.text
    for h in headings:
        if h.inline:
            continue
        if h.line_start > start:
            sections.append(Section(start, h.line_start, tuple(labels)))
        if h.style in styles:
            k = styles.index(h.style)
            del styles[k:], labels[k:]
        styles.append(h.style)
        labels.append(text[h.start : h.end] + _short(h.title))
        start = h.line_start
    sections.append(Section(start, len(text), tuple(labels)))
    return sections


_SHORT_STOP = re.compile("[：:。；，,]")


def _short(title: str) -> str:
    """The title up to its first stop (what splitting at each stop in turn keeps)."""
    stop = _SHORT_STOP.search(title)
    return (title[: stop.start()] if stop else title)[:30]


def detect_meta(norm: Normalized) -> DocMeta:
    # The first 12 lines that are not blank (stripping every line of a long text is costly).
    head = list(islice(filter(None, (ln.strip() for ln in norm.text.split("\n"))), 12))
    title = None
    department = None
    for i, line in enumerate(head):
        if (
            ("预算" in line or "决算" in line or "三公" in line)
            and _YEAR_IN_TITLE.search(line)
            and len(line) <= 80
            and not re.search(r"[。，,；;]", line)  # a title, not a sentence
        ):
            title = line
            year_match = _YEAR_IN_TITLE.search(line)
            assert year_match is not None
            before = line[: year_match.start()].strip("：: ")
            after = _NAME_AFTER_YEAR.match(line, year_match.end())
            if len(before) >= 3:
                department = before
            elif after:
                department = after.group(1)  # "2023年度泸州市中医医院单位决算"
            elif i > 0:
                # The name on the line(s) above, a long one broken in two ("…规划和自然\n资源局").
                above = [
                    re.sub(rf"^第{_CN_NUM}部分[:：]?", "", h).strip()
                    for h in head[max(0, i - 2) : i]
                ]
                if len(above) == 2 and len(above[1]) <= 6 and len(above[0]) <= 20:
                    department = above[0] + above[1]
                elif 3 <= len(above[-1]) <= 40:
                    department = above[-1]
            break
    for line in head:
        m = _DEPT_LABEL.search(line)
        if m:
            department = m.group(1)
            break
    department = _clean_name(department)
    kind = _kind_of(title or " ".join(head[:3]))
    year = None
    if title:
        year = int(_YEAR_IN_TITLE.search(title).group(1))  # type: ignore[union-attr]
    else:
        # No title: the latest year the text speaks of more than once (a budget's own year and
        # a final account's reporting year are the latest it discusses).
        years = Counter(int(y) for y in re.findall(r"((?:19|20)\d{2})\s*年", norm.text))
        repeated = [y for y, n in years.items() if n >= 2]
        if repeated:
            year = max(repeated)
        elif years:
            year = max(years, key=lambda y: (years[y], y))
    if kind is None:
        kind = _kind_of(norm.text[:3000])
    return DocMeta(kind=kind, year=year, department=department, title=title)


def _clean_name(name: str | None) -> str | None:
    """A department's name without the page furniture around it; None when it is not one."""
    if not name:
        return None
    name = name.rsplit(">", 1)[-1]  # a breadcrumb trail
    name = re.sub(rf"^(?:第{_CN_NUM}部分|访问量[:：]?|[一二三四五六七八九十]+、)\s*", "", name)
    name = re.sub(r"(?:单位[:：]\s*万?元|单位)$", "", name).strip(" ：:")
    if (
        len(name) < 3
        or name.startswith(("度", "关于", "区本级", "一般公共", "“", '"'))
        or name.endswith("部门")
        or "三公" in name
    ):
        return None
    return name


def _kind_of(text: str) -> str | None:
    if "三公" in text and not re.search(r"部门(?:预算|决算)|单位(?:预算|决算)", text):
        return "三公"
    if "决算" in text:
        return "决算"
    if "预算" in text:
        return "预算"
    return None
