"""The wording scan's faster ways of finding things give what the plain patterns give."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from budgetaudit import vocab
from budgetaudit import wording_facts as wf

_PIECES = [
    *vocab.wording()["duplicates"]["words"],
    *("占", "增加", "增长", "下降", "降低", "上升", "预算数", "决算", "费", "年", "月", "日"),
    *("为", "共计", "计", "共", "了", ":", "：", "%", "万元", "元", "个", "人次", "1", "20"),
    *("3.5", ".", "，", ",", "、", "。", "；", ";", "\n", " ", "原因", "在于", "其中"),
    *("与上年", "与2023年", "相比", "三公", "日期", "时间", "2024", "0315", "年", "-"),
    *("<", "＜", "《", "〈", ">", "＞", "》", "〉", "部门预算安排", "下属", "家", "机关"),
]
_TEXTS = st.lists(st.sampled_from(_PIECES), max_size=60).map("".join)


def _finditer(patterns: tuple[re.Pattern[str], ...], text: str) -> list[tuple[int, int]]:
    found = [m.span() for p in patterns for m in p.finditer(text)]
    return sorted(found)


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_phrasing_scanned_together_finds_what_each_pattern_finds(text: str) -> None:
    slots, _ = wf._phrasing(text)
    alone = (
        (wf._BLANK_FIGURE,),
        (wf._duplicate_pattern(),),
        (wf._MISSING_UNIT,),
        (wf._EMPTY_REASON,),
        (wf._XIANGBI_MISSING,),
        (wf._DANGLING_LIST,),
        wf._STRAY_BEFORE_FIGURE,
        wf._RUN_TOGETHER_DATES,
        wf._EMPTY_TITLE_MARKS,
        (wf._UNIT_WORDING,),
    )
    assert len(slots) == len(alone)
    for found, patterns in zip(slots, alone, strict=True):
        assert [m.span() for m in found] == _finditer(patterns, text)
    assert [m.group(1) for m in slots[1]] == [
        m.group(1) for m in wf._duplicate_pattern().finditer(text)
    ]


_HEAD_PIECES = [
    *("\n", "\n\n", " ", "\t", "\u3000", "一、", "十二．", "3.", "12、", "（三）", "(4)", "1"),
    *("般公共预算", "政拨款", "府性基金", "务用车运行费", "出决算表", "预算", "、", "。"),
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_HEAD_PIECES), max_size=30).map("".join))
def test_a_cut_term_after_a_head_is_never_gated_away(text: str) -> None:
    cut_pattern, _ = wf._term_cuts()
    if any(cut_pattern.match(text, end) for end in wf._head_ends(text)):
        assert wf._cut_after_head(text)


def _vocabulary() -> list[str]:
    w = vocab.wording()
    t = w["template"]
    words = [*t["alternatives"], *t["placeholders"], *t["instructions"]]
    return [*words, *w["duplicates"]["redundant"], *w["typos"], *w["renamed_subjects"]]


_WORD_PIECES = [
    *_vocabulary(),
    *{word[:k] for word in _vocabulary() for k in (1, 2)},  # (their starts, cut off)
    *("a", "Z", " ", "\n", "（", "）", "、"),
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_WORD_PIECES), max_size=30).map("".join))
def test_word_lists_keep_every_word_that_occurs(text: str) -> None:
    # (the words left out match nowhere: an alternation without them matches as before)
    _, occurring = wf._phrasing(text)
    for word_list, found in zip(wf._word_lists(), occurring, strict=True):
        kept = wf._findable(word_list, found)
        for entry in word_list.entries:
            if re.search(entry[1], text):
                assert entry in kept
