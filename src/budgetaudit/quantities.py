"""Numbers with units: ``257万元``, ``26085.58元``, ``7.76%``, ``7人``, ``2辆``.

Works on normalised text (ASCII digits, no thousands separators, no spaces before units).
Money is converted to 万元 exactly; the printed precision travels with the value so that the
rules can build rounding intervals (DOMAIN.md §4).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from budgetaudit.model import Quantity, new_frozen

_MONEY = {"亿元": 4, "亿": 4, "万元": 0, "万": 0, "元": -4}  # power of ten to reach 万元
_COUNT_UNITS = ("人次", "批次", "人", "辆", "个", "次", "台", "家", "名", "套", "户", "所", "团组")
_UNIT = "|".join(sorted([*_MONEY, "%", *_COUNT_UNITS], key=len, reverse=True))
# "单价50万元以上" is a threshold, not a figure of the document.
# The number is (?<![\d.A-Za-z])-?\d+(?:\.\d+)?, written to start with its first character
# [-\d] and look behind after it, so that the regex engine can scan for that character.
QUANTITY = re.compile(
    rf"([-\d](?<![\d.A-Za-z][-\d])(?:(?<=-)\d+|(?<!-)\d*)(?:\.\d+)?)"
    rf"(?>({_UNIT}))(?!以上|以下|以内|及以上|及以下)"
)
# 零 written as a word: "零万元", or "…支出为零" (an amount of nothing, so exact in any unit).
_ZERO_WORD = re.compile(
    r"(?<![一二两三四五六七八九十百千])零(万元|元|亿元)|(?<=[费出金算款])(?:均|也)?(?:为|是)(零)(?=[。，,；;）)\n]|$)"
)
# A unit where a figure may end. Every QUANTITY match ends with one right after a digit, and
# units are rarer than digits (tables are full of bare numbers), so find_quantities looks for
# these first. In the same order as in QUANTITY, so the same (longest) unit is taken.
# Only a unit right after a digit ends a figure: each unit is written with that look-behind
# after its first character (the engine still scans for the first characters, and a unit
# after a word, as in 个人 or 国家, is passed over without a match). A unit holds no digit, so
# the units after a non-digit the plain scan would have taken never overlap one after a digit.
_UNIT_AT = re.compile("|".join(rf"{u[0]}(?<=\d{u[0]}){u[1:]}" for u in _UNIT.split("|")))
_ASCII_RUN = "0123456789."


def printed_decimals(number: str) -> int:
    """The digits printed after the point: '26085.58' → 2, '12' → 0."""
    return len(number) - number.index(".") - 1 if "." in number else 0


def parse_number(raw: str) -> tuple[Decimal, int] | None:
    """'26085.58' → (Decimal('26085.58'), 2); None when it is not a plain decimal."""
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    return value, printed_decimals(raw)


def make_quantity(raw_number: str, unit: str, start: int, end: int, raw: str) -> Quantity | None:
    parsed = parse_number(raw_number)
    if parsed is None:
        return None
    return _quantity(*parsed, unit, start, end, raw)


def _quantity(value: Decimal, decimals: int, unit: str, start: int, end: int, raw: str) -> Quantity:
    """A figure in ``unit``: money in 万元 (元 and 亿元 scaled to it), a percentage or a count."""
    shift = _MONEY.get(unit)
    if shift is not None:
        value, decimals, measure = value.scaleb(shift), decimals - shift, "money"
        unit = "万元" if unit == "万" else ("亿元" if unit == "亿" else unit)
    else:
        measure = "percent" if unit == "%" else "count"
    return new_frozen(
        Quantity,
        value=value,
        decimals=decimals,
        measure=measure,
        unit=unit,
        start=start,
        end=end,
        raw=raw,
    )


def find_quantities(text: str) -> list[Quantity]:
    out: list[Quantity] = []
    match = QUANTITY.match
    for u in _UNIT_AT.finditer(text):
        # Equivalent to QUANTITY.finditer(text): a match is [-\d][\d.]* and a unit, so it ends
        # at a unit found here (a unit holds no digit, point or minus, so none hides another)
        # and starts at the first character of the digits and points before it, or at a minus
        # just before them; anywhere later its look-behind sees a digit or a point and fails.
        # (str.isdecimal is exactly the regex \d.)
        k = u.start()  # (a digit stands before it: _UNIT_AT's look-behind)
        # The run of digits and points before the unit: its ASCII part by one rstrip of the
        # characters before it, then on by the exact test (other decimal digits, longer runs).
        before = text[max(0, k - 24) : k]
        i = k - (len(before) - len(before.rstrip(_ASCII_RUN)))
        while i > 0 and (text[i - 1].isdecimal() or text[i - 1] == "."):
            i -= 1
        m = match(text, i - 1) if i > 0 and text[i - 1] == "-" else None
        if m is None:
            m = match(text, i)
            if m is None:
                continue
        # "2024年" never matches (年 is no unit); "1.5" inside "1.5.3" or a code like "A12" is skipped.
        # make_quantity without parse_number's checks: QUANTITY's number is -\d+ or \d+ with
        # an optional .\d+, a plain finite decimal it always reads.
        number = m.group(1)
        out.append(
            _quantity(
                Decimal(number), printed_decimals(number), m.group(2), m.start(), m.end(), m.group()
            )
        )
    if "零" in text:
        out.extend(_zero_words(text))
        out.sort(key=lambda q: q.start)
    return out


def _zero_words(text: str) -> list[Quantity]:
    out: list[Quantity] = []
    for m in _zero_word_matches(text):
        if m.group(1):
            q = make_quantity("0", m.group(1), m.start(), m.end(), m.group())
        else:
            q = make_quantity("0", "万元", m.start(2), m.end(2), m.group(2))
        if q is not None:
            out.append(q)
    return out


def _zero_word_matches(text: str) -> Iterator[re.Match[str]]:
    """``_ZERO_WORD.finditer(text)``, trying only the starts where a match can begin: every
    match holds a 零 and begins on it or one or two characters before it ([均也]?[为是]零), so
    the starts up to two before each 零 are tried in order, none before the last match's end
    (as finditer goes on from there). A look-behind sees the text before a start as it would
    in finditer."""
    match = _ZERO_WORD.match
    pos = 0
    k = text.find("零")
    while k >= 0:
        for start in range(max(pos, k - 2), k + 1):
            m = match(text, start)
            if m is not None:
                yield m
                pos = m.end()
                break
        k = text.find("零", max(k + 1, pos))
