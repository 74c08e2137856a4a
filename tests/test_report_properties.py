"""Never-crash properties of the new reporters: any text, any (even out-of-range) positions."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from budgetaudit import report_csv, report_github, report_html, report_sarif
from budgetaudit.model import FileReport, Severity
from support import make_finding

TEXT = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=40)
FINDING = st.builds(
    make_finding,
    st.sampled_from(list(Severity)),
    line=st.integers(0, 6),
    column=st.integers(0, 50),
    end_line=st.integers(0, 7),
    end_column=st.integers(0, 50),
    message=TEXT,
    expected=st.none() | TEXT,
    found=st.none() | TEXT,
)
REPORT = st.builds(
    FileReport,
    path=TEXT.filter(bool),
    lines=st.lists(TEXT, max_size=5),
    findings=st.lists(FINDING, max_size=6),
)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.tags.add(tag)


OUR_TAGS = {"section", "h2", "h3", "p", "table", "tr", "th", "td", "ol", "li", "a", "span"}
OUR_TAGS |= {"code", "div", "mark"}


@given(REPORT)
def test_html_never_crashes_and_never_lets_text_become_markup(report: FileReport) -> None:
    page = report_html.render([report], "0")
    body = page.split("<body>", 1)[1]
    parser = _Tags()
    parser.feed(body)
    # Whatever the document, path or message holds, the only elements are the report's own.
    assert parser.tags <= OUR_TAGS | {"h1"}
    assert body.count("<mark") == body.count("</mark>")


@given(REPORT)
def test_machine_formats_never_crash(report: FileReport) -> None:
    json.loads(report_sarif.render([report], "0"))
    rows = list(csv.reader(io.StringIO(report_csv.render([report]), newline="")))
    assert len(rows) == 1 + len(report.findings)
    lines = report_github.render([report]).split("\n")[:-1]  # the runner splits on newlines only
    assert len(lines) == len(report.findings)
