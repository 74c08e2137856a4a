"""LineIndex: the line/column convention of every finding (\\n, \\r\\n, \\r; not \\f)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from budgetaudit.positions import LineIndex


def test_each_break_style_counts_once() -> None:
    text = "甲乙\r\n丙\r丁\n戊"
    index = LineIndex(text)
    assert index.lines() == ["甲乙", "丙", "丁", "戊"]
    assert index.position(0) == (1, 1)
    assert index.position(1) == (1, 2)
    assert index.position(text.index("丙")) == (2, 1)
    assert index.position(text.index("丁")) == (3, 1)
    assert index.position(text.index("戊")) == (4, 1)
    assert index.position(len(text)) == (4, 2)


def test_form_feed_does_not_start_a_line() -> None:
    text = "第1页\f第2页\n末行"
    index = LineIndex(text)
    assert index.lines() == ["第1页\f第2页", "末行"]
    assert index.position(text.index("第2页")) == (1, 5)


def test_other_unicode_breaks_stay_inside_the_line() -> None:
    text = "a\x0bb\x1cc\x85d\u2028e"
    assert LineIndex(text).lines() == [text]  # unlike str.splitlines


def test_trailing_break_and_empty_text() -> None:
    assert LineIndex("").lines() == []
    assert LineIndex("").position(0) == (1, 1)
    index = LineIndex("一\n")
    assert index.lines() == ["一"]
    assert index.line_count == 1
    assert index.position(2) == (2, 1)
    assert LineIndex("\n\n").lines() == ["", ""]


def test_span_and_offset() -> None:
    text = "收入\r\n支出100万元"
    index = LineIndex(text)
    start = text.index("100")
    assert index.span(start, start + 5) == (2, 3, 2, 8)
    assert index.offset(2, 3) == start
    with pytest.raises(ValueError):
        index.position(len(text) + 1)
    with pytest.raises(ValueError):
        index.offset(3, 1)


PIECES = st.sampled_from(["\n", "\r", "\r\n", "\f", "\t", " ", "a", "1", "万", "元", "。", "𠀀"])
TEXTS = st.lists(PIECES, max_size=60).map("".join)


def _breaks(text: str) -> set[int]:
    return {i for m in re.finditer(r"\r\n|\r|\n", text) for i in range(m.start(), m.end())}


@given(TEXTS)
def test_every_character_is_found_at_its_position(text: str) -> None:
    index = LineIndex(text)
    lines = index.lines()
    breaks = _breaks(text)
    for offset, char in enumerate(text):
        line, column = index.position(offset)
        assert index.offset(line, column) == offset
        if offset not in breaks:
            assert lines[line - 1][column - 1] == char


@given(TEXTS)
def test_lines_rejoin_to_the_text(text: str) -> None:
    lines = LineIndex(text).lines()
    normalised = re.sub(r"\r\n|\r", "\n", text)
    expected = normalised[:-1] if normalised.endswith("\n") else normalised
    assert "\n".join(lines) == expected or (not lines and text == "")
    assert LineIndex(text).line_count == len(lines)


@given(TEXTS)
def test_positions_are_monotonic(text: str) -> None:
    index = LineIndex(text)
    positions = [index.position(i) for i in range(len(text) + 1)]
    assert positions == sorted(positions)


def test_pipeline_report_lines_follow_the_line_convention() -> None:
    # FileReport.lines is what reporters quote: it must split like LineIndex (not at \f).
    from budgetaudit import audit_text

    assert audit_text("第1页\f第2页\n末行").lines == ["第1页\f第2页", "末行"]
