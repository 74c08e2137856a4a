"""No input makes the tool crash: any bytes either load or give a one-line InputError, and
whatever loads goes through the pipeline and both reporters."""

from __future__ import annotations

import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgetaudit import pipeline, report_json, report_rich
from budgetaudit.load import InputError, load_bytes

# Bytes shaped like budget text (GB18030/UTF-8 Chinese, numbers, line ends) and plain noise.
FRAGMENTS = st.sampled_from(
    [
        "收入",
        "支出",
        "预算",
        "万元",
        "元",
        "%",
        "比上年增加",
        "减少",
        "其中",
        "，",
        "。",
        "（一）",
        "一、",
        "2024年",
        "100.5",
        "０１２",
        " ",
        "\n",
        "\r\n",
        "\r",
        "\f",
        "XX",
        "××",
    ]
)
TEXTY = st.tuples(
    st.lists(FRAGMENTS, max_size=80).map("".join),
    st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]),
).map(lambda pair: pair[0].encode(pair[1]))


def _check(data: bytes) -> None:
    try:
        source = load_bytes(data, "fuzz.txt")
    except InputError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    report = pipeline.audit_source(source)
    report_json.render([report], "0")
    report_rich.render([report], report_rich.make_console(io.StringIO(), colour=False))


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4000))
def test_random_bytes_never_crash(data: bytes) -> None:
    _check(data)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTY)
def test_budget_like_text_never_crashes(data: bytes) -> None:
    _check(data)
