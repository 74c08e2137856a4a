"""Scans rewritten for speed find what their plain definitions find.

Each reference below is the straightforward version the fast one replaced (see the commits of
issue 6); random texts built from the characters those patterns care about must give the same
result from both.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from budgetaudit import coverage
from budgetaudit.model import DocMeta, Facts, Normalized
from budgetaudit.year_refs import find_years

# ---------------------------------------------------------------- years compared with

_COMPARED_YEAR = re.compile(
    r"(?:比(?<!对比)|较|与|同)[ \t]*((?:19|20)\d{2})[ \t]*年度?(年初|全年|调整)?(预算)?"
)

_YEAR_PIECES = (
    "比",
    "较",
    "与",
    "同",
    "对比",
    " ",
    "\t",
    "2019",
    "2024",
    "1999",
    "3",
    "年",
    "年度",
)
_YEAR_PIECES += ("年初", "全年", "调整", "预算", "执行", "，")
year_texts = st.lists(st.sampled_from(_YEAR_PIECES), max_size=14).map("".join)


@settings(max_examples=500)
@given(year_texts)
def test_compared_years_are_the_single_patterns_matches(text: str) -> None:
    norm = Normalized(text=text, origin=tuple(range(len(text) + 1)))
    meta = DocMeta(kind="预算", year=2024, department=None, title="2024年部门预算")
    found = find_years(norm, meta, Facts()).compared
    assert [(c.year, c.start, c.end, c.budget) for c in found] == [
        (int(m.group(1)), m.start(1), m.end(), m.group(3) is not None)
        for m in _COMPARED_YEAR.finditer(text)
    ]


# ---------------------------------------------------------------- title lines

_TOC_LEADER = re.compile(r"[…\.·．][…\.·．]{2,}.*$|PAGEREF.*$")
_WIDE_GAP = re.compile(r"[ \t\u3000][ \t\u3000]+")
_NUMBERING = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]+[）)]"
    r"|\d{1,2}(?:[、．]|\.(?!\d))|[①-⑳]|附表\d*|表\d+)\s*"
)
_UNIT_AFTER_TITLE = re.compile(r"表\s*(?:单位|编制(?:部门|单位))[:：]")
_TITLE_KEY_NOISE = re.compile(r"\s|(?:19|20)\d{2}年(?:度)?|[“”\"]")
_CJK = re.compile(r"[\u3400-\u9fff]")


def reference_titles(text: str) -> list[tuple[int, str, bool]]:
    """(start, text, toc) of each title line, line by line."""
    out: list[tuple[int, str, bool]] = []
    pos = 0
    for line in text.split("\n"):
        start = pos
        pos += len(line) + 1
        body = line.strip()
        if not body or len(body) > 3 * coverage._TITLE_MAX:
            continue
        body, leaders = _TOC_LEADER.subn("", body)
        body = body.strip()
        numbering = _NUMBERING.match(body)
        if numbering:
            body = body[numbering.end() :]
        body = _WIDE_GAP.sub(" ", body).strip()
        unit = _UNIT_AFTER_TITLE.search(body)
        if unit:
            body = body[: unit.start() + 1]
        if not body or len(body) > coverage._TITLE_MAX or "。" in body[:-1]:
            continue
        if not _CJK.search(body):
            continue
        offset = start + max(0, line.find(body[:2]))
        out.append((offset, body, leaders > 0))
    # A title printed again later was a table-of-contents entry the first time.
    seen: set[str] = set()
    for i in range(len(out) - 1, -1, -1):
        key = _TITLE_KEY_NOISE.sub("", out[i][1])
        if key in seen:
            out[i] = (out[i][0], out[i][1], True)
        seen.add(key)
    return out


_TITLE_PIECES = (
    *(
        "一、",
        "十二．",
        "（三）",
        "(4)",
        "5.",
        "6、",
        "7.5",
        "附表",
        "表",
        "1",
        "12",
        "第二部分",
        "①",
    ),
    *(" ", "  ", "\t", "\u3000", "……", "...", "·····", "．．．", "PAGEREF _Toc2", "。", "“", "”"),
    *("收入支出决算表", "单位：万元", "编制单位：", "2019年度", "2023年", "三公经费", "x", "；"),
)
title_texts = st.lists(
    st.lists(st.sampled_from(_TITLE_PIECES), max_size=6).map("".join), max_size=8
).map("\n".join)


@settings(max_examples=500)
@given(title_texts)
def test_title_lines_are_the_line_by_line_reading(text: str) -> None:
    titles = coverage.title_lines(text)
    got = list(zip(titles.starts, titles.texts, titles.toc, strict=True))
    assert got == reference_titles(text)
