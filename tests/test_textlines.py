"""Normalisation tells textlines which lines of its result are table rows; what it tells must be
what searching each line finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from budgetaudit import textlines
from budgetaudit.normalize import normalize
from budgetaudit.textlines import TABLE_ROW

PIECES = st.sampled_from(
    [
        "收入",
        "支出",
        "增长",
        "1,234.50",
        "12",
        "万元",
        "，",
        "。",
        "：",
        "一、",
        "（二）",
        " ",
        "   ",
        "\t",
        "\u3000",
        "\xa0",
        "|",
        "｜",
        "\n",
        "\n\n",
        "—3—",
        "\f",
        "ab",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=60).map("".join))
def test_told_table_rows_are_the_searched_ones(text: str) -> None:
    norm = normalize(text)
    textlines._LAST = None
    split = textlines.lines_of(norm.text)
    lines = norm.text.split("\n")
    assert split.lines == tuple(lines)
    assert split.table == tuple(TABLE_ROW.search(line) is not None for line in lines)
    assert split.starts == tuple(sum(len(x) + 1 for x in lines[:k]) for k in range(len(lines)))
