"""Subjects named in the text without codes: a 项 name shared by several 款 is told apart by
the 款 printed beside it (``组织事务（款）一般行政管理事务（项）``), and ``科目X万元`` is its amount."""

from __future__ import annotations

import budgetaudit

TEXT = """某街道2026年一般公共预算支出功能分类预算表
单位：元
科目编码   科目名称   合计   基本支出   项目支出
201   一般公共服务支出   1,500,000   0   1,500,000
201   32   组织事务   1,000,000   0   1,000,000
201   32   02   一般行政管理事务   1,000,000   0   1,000,000
201   33   宣传事务   500,000   0   500,000
201   33   02   一般行政管理事务   500,000   0   500,000
合计   1,500,000   0   1,500,000

财政拨款支出主要内容如下：
1. “一般公共服务支出（类）组织事务（款）一般行政管理事务（项）”科目{a}万元，主要用于组织工作。
2. “一般公共服务支出（类）宣传事务（款）一般行政管理事务（项）”科目{b}万元，主要用于宣传工作。
"""


def b004_lines(text: str) -> list[int]:
    report = budgetaudit.audit_text(text)
    assert report.error is None
    return [f.line for f in report.findings if f.code == "B004"]


def test_items_that_agree_with_their_own_rows_are_quiet() -> None:
    assert b004_lines(TEXT.format(a="100.00", b="50.00")) == []


def test_an_item_is_held_against_the_row_under_its_kuan() -> None:
    # 50.00 is the other 一般行政管理事务's figure: by name alone the row would be in doubt
    assert b004_lines(TEXT.format(a="50.00", b="50.00")) == [12]
    assert b004_lines(TEXT.format(a="100.00", b="60.00")) == [13]
