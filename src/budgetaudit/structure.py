"""Headings, sections and the document's own identity (kind, year, department).

Works on normalised text, where each paragraph is one line. A heading is a line that starts with
a numbering marker (第一部分, 一、, （一）, 1. / 1、, (1), ①); table rows (cells separated by
wide gaps) are never headings, even when they start with 一、 as the function classes do.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import islice

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

_MARKERS: list[tuple[str, re.Pattern[str]]] = [
    ("part", re.compile(rf"第({_CN_NUM})部分")),
    ("cn", re.compile(rf"({_CN_NUM})[、．.](?!\d)")),
    ("paren_cn", re.compile(rf"[（(]({_CN_NUM})[）)]")),
    ("arabic", re.compile(r"(\d{1,2})(?:[、．]|\.(?!\d))")),
    ("paren_ar", re.compile(r"[（(](\d{1,2})[）)]")),
    ("circled", re.compile(r"([①-⑳])")),
]
_INLINE_ITEM = re.compile(rf"(?<=[。；;])[（(]({_CN_NUM})[）)]")
_INLINE_CN = re.compile(rf"(?<=[\u4e00-\u9fff\s）)])({_CN_NUM})、")
_TOC_LEADER = re.compile(r"[…\.·]{4,}|PAGEREF", re.IGNORECASE)
_LEAD_SPACE = re.compile(r"^[ \t\u3000]*")

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
    text = norm.text
    split = lines_of(text)
    lines, table = split.lines, split.table
    pos = 0
    for i, line in enumerate(lines):
        line_start = pos
        pos += len(line) + 1
        if not line.strip() or table[i]:
            continue
        indent = _LEAD_SPACE.match(line).end()  # type: ignore[union-attr]
        if indent >= 8 or _between_table_rows(lines, table, i):
            continue  # a table cell or a centred title, not a numbered heading
        for style, pattern in _MARKERS:
            m = pattern.match(line, indent)
            if not m:
                continue
            number = _marker_number(style, m.group(1))
            if number is None:
                break
            title = line[m.end() :].strip()
            headings.append(
                Heading(
                    style=style,
                    number=number,
                    title=title,
                    start=line_start + m.start(),
                    end=line_start + m.end(),
                    line_start=line_start,
                )
            )
            if style == "paren_cn":
                headings.extend(_inline_items(line, line_start, m.end()))
            elif style == "cn":
                headings.extend(_next_on_line(line, line_start, m.end(), number))
            break
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


def _between_table_rows(lines: list[str], table: list[bool], i: int) -> bool:
    def neighbour(step: int) -> bool:
        j = i + step
        while 0 <= j < len(lines) and not lines[j].strip():
            j += step
        return 0 <= j < len(lines) and table[j]

    return neighbour(-1) and neighbour(1)


def is_toc_line(norm: Normalized, heading: Heading) -> bool:
    end = norm.text.find("\n", heading.start)
    return bool(_TOC_LEADER.search(norm.text, heading.start, end if end >= 0 else len(norm.text)))


def toc_headings(norm: Normalized, headings: list[Heading]) -> frozenset[int]:
    """The starts of the headings that are table-of-contents entries (dot leaders, PAGEREF)."""
    return frozenset(h.start for h in headings if is_toc_line(norm, h))


def build_sections(norm: Normalized, headings: list[Heading]) -> list[Section]:
    """Split the text at headings; each section carries the titles of its enclosing headings."""
    sections: list[Section] = []
    stack: list[tuple[str, str]] = []  # (style, "marker title")
    start = 0
    for h in headings:
        if h.inline:
            continue
        if h.line_start > start:
            sections.append(Section(start, h.line_start, tuple(t for _, t in stack)))
        styles = [s for s, _ in stack]
        if h.style in styles:
            del stack[styles.index(h.style) :]
        label = norm.text[h.start : h.end] + _short(h.title)
        stack.append((h.style, label))
        start = h.line_start
    sections.append(Section(start, len(norm.text), tuple(t for _, t in stack)))
    return sections


def _short(title: str) -> str:
    for stop in "：:。；，,":
        title = title.split(stop, 1)[0]
    return title[:30]


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
