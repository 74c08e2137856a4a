"""Section numbers that skip, repeat or go backwards at any level (S001–S003)."""

from __future__ import annotations

from collections.abc import Iterator

from budgetaudit import vocab
from budgetaudit.checks.hit import Hit
from budgetaudit.model import Document, Heading
from budgetaudit.structure import heading_key

_CN = "零一二三四五六七八九十"


def _show(style: str, n: int) -> str:
    if style in ("arabic", "paren_ar"):
        return str(n)
    if style == "circled":
        return chr(ord("①") + n - 1)
    if n <= 10:
        return _CN[n]
    tens, units = divmod(n, 10)
    return (_CN[tens] if tens > 1 else "") + "十" + (_CN[units] if units else "")


def check_numbering(doc: Document) -> Iterator[Hit]:
    stack: list[list[object]] = []  # [style, last number]
    toc = doc.facts.toc_headings
    for h in doc.headings:
        if h.start in toc:
            continue
        styles = [entry[0] for entry in stack]
        if h.style not in styles:
            stack.append([h.style, h.number])
            continue
        level = styles.index(h.style)
        del stack[level + 1 :]
        prev = stack[level][1]
        stack[level][1] = h.number
        assert isinstance(prev, int)
        if h.number == prev + 1 or h.number == 1:
            continue
        shown = f"{_show(h.style, prev)} → {_show(h.style, h.number)}"
        if h.number == prev:
            code, what = "S002", f"section number repeated ({shown})"
        elif h.number > prev:
            missing = "、".join(_show(h.style, k) for k in range(prev + 1, h.number))
            code, what = "S001", f"section number skipped ({shown}; missing {missing})"
        else:
            code, what = "S003", f"section number goes backwards ({shown})"
        yield Hit(
            code,
            h.start,
            h.end,
            what,
            expected=_show(h.style, prev + 1),
            found=_show(h.style, h.number),
        )


def check_contents_vs_body(doc: Document) -> Iterator[Hit]:
    """A part listed in the table of contents and again in the body must number and name its
    sections the same way: '一、主要职责' in the contents, '一、主要职能' in the body."""
    parts: dict[int, list[int]] = {}
    heads = doc.headings
    for i, h in enumerate(heads):
        if h.style == "part":
            parts.setdefault(h.number, []).append(i)
    for occurrences in parts.values():
        if len(occurrences) < 2:
            continue
        first, second = occurrences[0], occurrences[-1]
        listed = _sections_under(heads, first)
        body = _sections_under(heads, second)
        for number, h in body.items():
            toc = listed.get(number)
            if toc is None:
                continue
            a, b = heading_key(toc.title), heading_key(h.title)
            if a and b and a != b and _similar(a, b):
                yield Hit(
                    "S004",
                    h.start,
                    h.end + len(h.title),
                    f"the contents call this section '{toc.title.strip()}', the body '{h.title.strip()}'",
                    expected=toc.title.strip(),
                    found=h.title.strip(),
                )


def _sections_under(heads: list[Heading], index: int) -> dict[int, Heading]:
    out: dict[int, Heading] = {}
    for h in heads[index + 1 :]:
        if h.style == "part":
            break
        if h.style == "cn" and not h.inline:
            out.setdefault(h.number, h)
    return out


def _similar(a: str, b: str) -> bool:
    """Two titles for one thing that say it differently: most characters shared, but neither is
    the other written longer ('其他重要事项说明' / '其他重要事项的情况说明' is the same title)."""
    if _subsequence(a, b) or _subsequence(b, a):
        return False
    common = sum(min(a.count(c), b.count(c)) for c in set(a))
    return common >= 0.5 * max(len(a), len(b))


def _subsequence(short: str, long: str) -> bool:
    chars = iter(long)
    return all(c in chars for c in short)


def check_subject_codes(doc: Document) -> Iterator[Hit]:
    """A 类 code printed with the wrong number of digits among rows that print it in full."""
    rows = doc.facts.coded_rows
    lengths = [len(r.class_code) for r in rows]
    if len(rows) < 3:
        return
    usual = max(set(lengths), key=lengths.count)
    if lengths.count(usual) < max(3, 0.7 * len(rows)):
        return
    for r in rows:
        if len(r.class_code) != usual:
            yield Hit(
                "S005",
                r.start,
                r.end,
                f"subject code '{r.class_code}' has {len(r.class_code)} digits; "
                f"the table's other 类 codes have {usual}",
                found=r.class_code,
            )


def check_list_titles(doc: Document) -> Iterator[Hit]:
    """In a list of table titles ('一、收入支出决算总表 二、收入决算表 …'), one that does not end
    in 表 was cut short."""
    groups: list[list[Heading]] = []
    current: list[Heading] = []
    for h in doc.headings:
        if h.style == "cn" and not h.inline and (not current or h.number == current[-1].number + 1):
            current.append(h)
            continue
        if current:
            groups.append(current)
        current = [h] if h.style == "cn" and not h.inline else []
    if current:
        groups.append(current)
    for group in groups:
        titles = [heading_key(h.title) for h in group]
        tables = [t for t in titles if t.endswith("表")]
        if len(tables) < 4 or len(tables) != len(titles) - 1:
            continue
        for h, t in zip(group, titles, strict=True):
            if not t.endswith("表") and ("决算" in t or "预算" in t):
                yield Hit(
                    "S006",
                    h.start,
                    h.end + len(h.title),
                    f"'{h.title.strip()}' stands among table titles but does not end in 表",
                    expected=h.title.strip() + "表",
                    found=h.title.strip(),
                )


def check_project_sections(doc: Document) -> Iterator[Hit]:
    """A project's '年度预算安排' must give an amount and its '实施主体' must name who carries it
    out: these sections exist to say exactly that."""
    for sec in doc.facts.project_sections:
        if sec.kind == "budget" and not sec.has_amount:
            yield Hit("S007", sec.start, sec.end, "the project's budget section gives no amount")
        if sec.kind == "body" and sec.describes_work:
            yield Hit(
                "S008",
                sec.start,
                sec.end,
                "the project's '实施主体' section describes work instead of naming who does it",
            )


def check_economic_codes(doc: Document) -> Iterator[Hit]:
    """An economic-classification table whose items do not carry their standard codes (咨询费 is
    30203, not 30202): reported once, at the first such row, with how many there are."""
    standard: dict[str, dict[str, str]] = vocab.load("economic_codes")
    wrong = []
    for r in doc.facts.economic_rows:
        expected = standard.get(r.class_code, {}).get(r.name)
        if expected is not None and expected != r.item_code:
            wrong.append((r, expected))
    if len(wrong) < 2:
        return  # one odd row may be a local sub-item; a renumbered table has several
    r, expected = wrong[0]
    yield Hit(
        "S009",
        r.start,
        r.end,
        f"'{r.name}' is {r.class_code}{expected} in the economic classification, not "
        f"{r.class_code}{r.item_code} ({len(wrong)} rows carry codes other than their standard ones)",
        expected=r.class_code + expected,
        found=r.class_code + r.item_code,
    )
