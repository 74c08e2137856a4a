"""Lines that start with budget-subject codes: function-classification rows (类 款 项) and
economic-classification rows (302 03 咨询费). The structure checks compare their codes."""

from __future__ import annotations

import re

from budgetaudit.model import CodedRow, EconomicRow, Normalized

# A coded table row: 类 款 项 then the subject's name ("210   11   02   事业单位医疗").
_CODED_ROW = re.compile(r"(?m)^\s*(\d{1,4})\s+(\d{2})\s+(\d{2})\s+[\u4e00-\u9fff]")
_ECONOMIC_ROW = re.compile(
    r"(?m)^\s*(30[123])\s+(\d{2})\s+([\u4e00-\u9fff（）()]+?)(?=\s{2,}|\s*$|\s+[\d,]+)"
)


def find_coded_rows(norm: Normalized) -> tuple[CodedRow, ...]:
    return tuple(CodedRow(m.group(1), m.start(1), m.end(1)) for m in _CODED_ROW.finditer(norm.text))


def find_economic_rows(norm: Normalized) -> tuple[EconomicRow, ...]:
    return tuple(
        EconomicRow(m.group(1), m.group(2), m.group(3), m.start(1), m.end(3))
        for m in _ECONOMIC_ROW.finditer(norm.text)
    )
