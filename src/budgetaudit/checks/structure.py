"""Section numbers that skip, repeat or go backwards at any level (S001–S003)."""

from __future__ import annotations

from collections.abc import Iterator

from budgetaudit.checks.hit import Hit
from budgetaudit.model import Document
from budgetaudit.structure import is_toc_line

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
    for h in doc.headings:
        if is_toc_line(doc.norm, h):
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
