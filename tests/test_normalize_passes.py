"""Normalisation's one deletion pass finds what applying its rules one after another finds.

The soft-break pass decides which line breaks and page-number lines go; the space and
thousands-separator rules then apply to the lines of the text without them. normalize does all
in one pass over the text before the joins (see ``_squeeze``); the references below do it the
plain way: delete the drops, then read the result line by line.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from budgetaudit import normalize as nz
from budgetaudit.textlines import TABLE_ROW

_WS = " \t\u3000\xa0"


def _deleted(text: str, origin: list[int], spans: list[tuple[int, int]]) -> tuple[str, list[int]]:
    keep = [True] * len(text)
    for a, z in spans:
        for k in range(a, z):
            assert keep[k], "spans overlap"
            keep[k] = False
    return (
        "".join(c for c, k in zip(text, keep, strict=True) if k),
        [o for o, k in zip(origin, [*keep, True], strict=True) if k],
    )


def _line_runs(line: str) -> list[tuple[int, int]]:
    """The runs of spaces of a line that go, run by run."""
    out: list[tuple[int, int]] = []
    table_row = TABLE_ROW.search(line) is not None
    for r in re.finditer(f"[{_WS}]+", line):
        a, z = r.span()
        if a == 0:  # (a line of spaces only is kept or goes by the same rule)
            if z < 3:
                out.append((a, z))
        elif z == len(line):
            out.append((a, z))
        elif not table_row:
            before, after = line[a - 1], line[z]
            if not (before.isascii() and before.isalnum() and after.isascii() and after.isalnum()):
                out.append((a, z))
    return out


def reference(text: str) -> tuple[str, list[int], list[int]]:
    """Text and origin after the drops, spaces and separators, and its table rows."""
    drops, _, _ = nz._join_soft_breaks(text, nz._Openings(text))
    joined, origin = _deleted(text, list(range(len(text) + 1)), drops)
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in joined.split("\n"):
        spans += [(pos + a, pos + z) for a, z in _line_runs(line)]
        pos += len(line) + 1
    spans += [m.span() for m in nz._THOUSANDS.finditer(joined)]
    final, origin = _deleted(joined, origin, sorted(spans))
    rows = [k for k, line in enumerate(final.split("\n")) if TABLE_ROW.search(line)]
    return final, origin, rows


_PIECES = (
    *("预算", "支出", "增长", "为", "。", "，", ",", "；", "1", "12", "1,", "234", ",567", "1,234"),
    *(
        " ",
        "  ",
        "   ",
        "\t",
        "\u3000",
        "\xa0",
        "|",
        "ab",
        "7 人",
        "一、",
        "- 3 -",
        "第2页",
        "万元",
    ),
)
# What stands where two lines meet matters most: a \xa0 (joining strips only spaces, tabs and
# U+3000), a comma that becomes a separator ("1,\n234") or stops being one ("1,234\n5").
_OPENS = ("", "", " ", "  ", "\xa0", " \xa0", "234", "5", ",567", "，", "|")
_ENDS = ("", "", " ", "\xa0", "\xa0 ", "1,", "12,3", "1,234", "，", "a", "  |")
_LINE = st.tuples(
    st.sampled_from(_OPENS), st.lists(st.sampled_from(_PIECES), max_size=6), st.sampled_from(_ENDS)
).map(lambda t: t[0] + "".join(t[1]) + t[2])
# Mostly lines of similar length (prose wraps at a width: eight such lines make one), blank
# lines and page-number lines between.
_PROSE = _LINE.map(lambda s: "收入支出预算增长" * 2 + s)
texts = st.lists(
    st.one_of(_PROSE, _PROSE, _PROSE, _LINE, st.sampled_from(("", " ", "- 3 -"))), max_size=14
).map("\n".join)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_one_pass_is_the_passes_one_after_another(text: str) -> None:
    drops, starts, table = nz._join_soft_breaks(text, nz._Openings(text))
    spans, rows = nz._squeeze(text, drops, starts, table)
    final, origin = _deleted(text, list(range(len(text) + 1)), spans)
    assert (final, origin, sorted(rows)) == reference(text)


_TABLE_PIECES = ("a", "中", "1", " ", "  ", "   ", "\t", "\u3000", "\xa0", "|", "｜", "\n")


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_TABLE_PIECES), max_size=30).map("".join))
def test_table_lines_are_the_lines_table_row_finds(text: str) -> None:
    starts = [0]
    for line in text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    found = {max(k for k, s in enumerate(starts) if s <= m.start()) for m in nz._table_lines(text)}
    assert found == {k for k, line in enumerate(text.split("\n")) if TABLE_ROW.search(line)}
