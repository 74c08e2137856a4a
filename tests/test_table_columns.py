"""tables._columns finds every column name with one alternation: that is exact only while no
name contains or overlaps another (else the scan would take one and miss the other)."""

from budgetaudit.tables import _COLUMN_NAMES, _columns


def test_column_names_do_not_overlap() -> None:
    for a in _COLUMN_NAMES:
        for b in _COLUMN_NAMES:
            if a != b:
                assert a not in b
                assert not any(a[k:] == b[: len(a) - k] for k in range(1, len(a)))


def test_columns_in_header_order() -> None:
    header = (
        "科目编码  科目名称  合计  基本支出  项目支出\n人员经费 公用经费  事业单位经营收入 事业收入"
    )
    assert _columns(header) == (
        "合计",
        "基本支出",
        "项目支出",
        "人员经费",
        "公用经费",
        "事业单位经营收入",
        "事业收入",
    )
