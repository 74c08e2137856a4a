"""The typed records that pass between the pipeline stages.

load → normalise → structure → extract → rules → report. Each stage takes and returns these
dataclasses only, so a stage can be read (and tested) on its own.
"""

# No `from __future__ import annotations` here: with string annotations, dataclasses tests
# each field's for ClassVar/InitVar by regex at import, ≈ 0.45 ms of every start for these
# ≈ 40 classes (issue 6); nothing here needs a forward reference.
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import TypeVar

_D = TypeVar("_D")


def new_frozen(cls: type[_D], **fields: object) -> _D:
    """``cls(**fields)`` for a frozen dataclass without ``__post_init__``, given every field in
    the class's order, built faster: its ``__init__`` sets each field through
    ``object.__setattr__`` (≈ 90 ns a field); filling the new instance's ``__dict__`` at once,
    as unpickling does, gives the same object (equal, the same hash and ``__dict__``) in about
    half the time. For the records built hundreds of times a document (cells, rows, sentences,
    figures); tests/test_fast_facts.py and test_table_cells.py hold each to its constructor."""
    obj = object.__new__(cls)
    obj.__dict__.update(fields)
    return obj


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


# ---------------------------------------------------------------- loading and normalising


@dataclass(frozen=True)
class SourceText:
    """A decoded input: the text exactly as read (line ends included) and where it came from."""

    path: str
    text: str
    encoding: str
    pages: tuple[int, ...] = ()  # offsets where each page starts, when the source had pages
    # (offset, place) where each paragraph or table cell of a Word file or web page starts:
    # "paragraph 12", "table 3, row 4, cell 2"; findings name the place they fall in.
    places: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class Normalized:
    """Normalised text plus, for every character, its offset in the source text.

    ``origin[i]`` is the source offset of ``text[i]``; ``origin[len(text)]`` is one past the end,
    so a span ``[a, b)`` of the normalised text maps to ``[origin[a], origin[b-1] + 1)``.
    """

    text: str
    origin: tuple[int, ...]


# ---------------------------------------------------------------- document structure


@dataclass(frozen=True)
class Heading:
    """A numbered heading (or numbered item) found in the normalised text."""

    style: str  # "part" 第X部分, "cn" 一、, "paren_cn" （一）, "arabic" 1. / 1、, "paren_ar" (1)
    number: int
    title: str
    start: int  # offset in normalised text of the marker
    end: int  # end of the marker
    line_start: int  # offset of the start of the heading's line
    inline: bool = False  # a numbered item inside a line (after 。), not a section of its own


@dataclass(frozen=True)
class Section:
    """A stretch of normalised text under one heading path."""

    start: int
    end: int
    path: tuple[str, ...]  # heading titles, outermost first


@dataclass(frozen=True)
class DocMeta:
    """What kind of document it is, its year, department and title (None when unknown)."""

    kind: str | None  # "预算" | "决算" | "三公" | None
    year: int | None
    department: str | None
    title: str | None


# ---------------------------------------------------------------- facts


def half_ulp(decimals: int) -> Decimal:
    """Half a unit in the last printed place: a figure printed with d decimals is v ± this."""
    return _HALF_ULPS[decimals] if 0 <= decimals < len(_HALF_ULPS) else _half_ulp(decimals)


def _half_ulp(decimals: int) -> Decimal:
    return Decimal(1).scaleb(-decimals) / 2


_HALF_ULPS = tuple(_half_ulp(d) for d in range(8))


@dataclass(frozen=True)
class Quantity:
    """A number printed in the text, with its unit, converted where it is money.

    ``value`` is in the canonical unit of its measure: 万元 for money, percent points for "%",
    the count itself for counts. ``decimals`` is the printed precision *in that canonical unit*
    (an amount printed in 元 with two decimals has six decimals in 万元).
    """

    value: Decimal
    decimals: int
    measure: str  # "money" | "percent" | "count"
    unit: str  # unit as printed, normalised: 万元, 元, 亿元, %, 人, 辆, 个 …
    start: int
    end: int
    raw: str

    @property
    def half_ulp(self) -> Decimal:
        return half_ulp(self.decimals)


@dataclass(frozen=True)
class Mention:
    """A quantity with the concept the text attaches to it and its role in the sentence."""

    quantity: Quantity
    label: str  # the words before the number that name it (normalised, trimmed)
    concept: str | None  # canonical concept id from rules/concepts.toml, if recognised
    period: str  # "current" | "prior" | "budget" | "unknown" — which figure of the concept
    sentence: int  # index into Facts.sentences


@dataclass(frozen=True)
class Composition:
    """A total and the parts listed for it (其中 …)."""

    total: Mention
    parts: tuple[Mention, ...]
    complete: bool  # the parts name every component (or an 其他 remainder, or a 合计 total)


@dataclass(frozen=True)
class Share:
    """A stated percentage share of a part in a total (占 p%)."""

    part: Mention
    percent: Quantity
    bases: tuple[Mention, ...]  # candidate totals; the share holds if it holds for any
    execution: bool = False  # 完成年初预算的 p%: final / budget rather than part / total


@dataclass(frozen=True)
class Change:
    """A stated change: ``比上年增加 X 万元，增长 p%`` with whatever figures the text gives."""

    subject: Mention | None  # the current figure the change is about
    prior: Mention | None  # the base figure, when printed
    amount: Quantity | None  # the change amount, unsigned as printed
    percent: Quantity | None
    direction: int | None  # +1 increase, -1 decrease, 0 持平, None not stated
    percent_direction: int | None
    direction_words: tuple[tuple[str, int, int], ...]  # (word, start, end) for highlighting
    reason: tuple[int, int] | None  # span of the stated reason, if any
    base: str  # what the change is measured against, as written (上年, 2025年预算执行数 …)
    start: int
    end: int
    concept: str | None = None  # what changed, when its name is recognised
    # No figure in the sentence: every current figure of the concept in the document. The
    # change holds if it holds for one of them.
    candidates: tuple[Mention, ...] = ()
    inherited: bool = False  # the comparison comes from the change that opened a 其中-list
    parent: int | None = None  # index in Facts.changes of that opening change


@dataclass(frozen=True)
class NetChange:
    """A change whose reason nets components of both signs: ``增加418.97万元，主要原因是A增加
    2296.45万元，B减少401.85万元，C减少1475.63万元`` (sign +1 / -1, amount as printed)."""

    change: Change
    parts: tuple[tuple[int, Quantity], ...]


@dataclass(frozen=True)
class CountList:
    """``内设科室3个，分别为：A、B、C`` — a declared count and the names that follow."""

    declared: Quantity
    items: tuple[str, ...]
    start: int
    end: int


@dataclass(frozen=True)
class Average:
    """``保有量3辆，运行维护费5.28万元，平均每辆1.76万元``: a per-head figure with its two terms."""

    average: Quantity
    total: Quantity
    count: Quantity


@dataclass(frozen=True)
class Sentence:
    """A sentence of the normalised text and the section it is in."""

    start: int
    end: int
    section: int  # index into DocumentFacts.sections


# ---------------------------------------------------------------- years named in the text
# (year_refs.py; read by the year checks, which parse nothing themselves)


@dataclass(frozen=True)
class YearSpan:
    """A year named in a fixed phrase: ``2025年预算执行`` (span: the whole phrase)."""

    year: int
    start: int
    end: int
    raw: str


@dataclass(frozen=True)
class ComparedYear:
    """``比2024年预算``: a year the text compares with."""

    year: int
    start: int  # the year's digits
    end: int  # end of the phrase (年度, 年初/全年/调整, 预算)
    budget: bool  # the phrase ends in 预算 (a final account may compare with its own budget)


@dataclass(frozen=True)
class PublishedDate:
    """``公开时间：2025年3月``: when the document says it was published."""

    year: int
    month: str  # as printed
    start: int  # the year's digits
    end: int


@dataclass(frozen=True)
class Period:
    """``2024年1月至2025年``: an implementation period, from one year to another."""

    first: int
    last: int
    start: int
    end: int
    raw: str


@dataclass(frozen=True)
class ChangeYear:
    """The year that opens a change's sentence (``2024年…比上年增加``)."""

    change: int  # index into Facts.changes
    year: int
    start: int  # the year's digits
    end: int
    execution: bool  # the sentence speaks of execution (执行/决算/实际)


@dataclass(frozen=True)
class YearFacts:
    """Years the text names in the phrases the year checks judge. Looked for only where the
    document's kind makes them matter (see year_refs.find_years)."""

    compared: tuple[ComparedYear, ...] = ()
    published: tuple[PublishedDate, ...] = ()  # final accounts only
    periods: tuple[Period, ...] = ()  # budgets only
    change_years: tuple[ChangeYear, ...] = ()  # budgets and final accounts
    # "2024年执行情况和2025年预算": (2024, 2025) when the two years follow each other, and then
    # every "2025年预算执行" in the text
    execution_and_budget: tuple[int, int] | None = None
    budget_executions: tuple[YearSpan, ...] = ()


# ---------------------------------------------------------------- coded rows and project sections
# (coded_rows.py, project_sections.py; read by the structure checks)


@dataclass(frozen=True)
class CodedRow:
    """A line that starts with a subject's 类 款 项 codes (``210   11   02   事业单位医疗``)."""

    class_code: str  # the 类 code as printed
    start: int  # span of the 类 code
    end: int


@dataclass(frozen=True)
class EconomicRow:
    """``302  03  咨询费``: an economic-classification row's 类 and 款 codes and its item name."""

    class_code: str
    item_code: str
    name: str
    start: int  # from the 类 code to the end of the name
    end: int


@dataclass(frozen=True)
class ProjectSection:
    """A project's '年度预算安排' (kind "budget") or '实施主体' ("body") section."""

    kind: str  # "budget" | "body"
    start: int  # the section's first character of text
    end: int  # the end of that line (or of the section)
    has_amount: bool  # the section gives an amount (… 万元)
    describes_work: bool  # it opens with work (主要、完成、负责 …) rather than a name


# ---------------------------------------------------------------- subject items (item_texts.py)


@dataclass(frozen=True)
class Statement:
    """``主要用于：…`` or ``原因是…`` in an item's paragraph: what it says the money is for."""

    start: int
    end: int
    text: str  # the whole statement, lead-in included
    said: str  # what follows the lead-in


@dataclass(frozen=True)
class ItemText:
    """A numbered subject item ``8、…住房公积金（项）`` and the statements in its paragraph."""

    name: str  # the subject's name before （项）
    statements: tuple[Statement, ...]


@dataclass(frozen=True)
class NumberedLine:
    """A sentence that opens a numbered line (``3、…``, ``（二）…``) and where that line ends."""

    sentence: int  # index into Facts.sentences
    line_end: int


@dataclass(frozen=True)
class ChangeReason:
    """The reason stated for a change, and what its wording shows (change_reasons.py)."""

    change: int  # index into Facts.changes
    start: int  # = the change's reason span
    end: int
    text: str  # the reason as written
    lead: str  # the words between the change and its reason ('，下降的主要原因是')
    subject_words: str  # what changed: the subject's label, or the 20 characters before
    use_only: bool  # it says only what the money is for (主要用于…), with no cause
    income: tuple[str, int, int] | None = None  # an income item it names (事业收入), its span


# ---------------------------------------------------------------- wording (wording_facts.py)


@dataclass(frozen=True)
class Wording:
    """A piece of wording a wording check judges: its span in the normalised text, the text
    found there and, where the scan knows it, what belongs there instead."""

    start: int
    end: int
    found: str
    expected: str | None = None


@dataclass(frozen=True)
class BracketRun:
    """The brackets and quotation marks of one paragraph, in text order (W002, W003)."""

    start: int  # the paragraph's start
    marks: tuple[tuple[int, str], ...]  # (offset, mark)
    numbered: frozenset[int]  # offsets of ')' right after a digit inside it ('1)' numbers an item)
    cut_off: bool  # the text stops in this paragraph, mid-sentence (a cut-off page)


@dataclass(frozen=True)
class WordingFacts:
    """What the wording scan found (wording_facts.py); each kind in text order unless noted.
    The wording checks (checks/wording.py) decide and word the findings from these."""

    alternatives: tuple[Wording, ...] = ()  # template alternatives: 增加（减少）
    placeholders: tuple[Wording, ...] = ()  # XX, 某某
    instructions: tuple[Wording, ...] = ()  # 请根据实际情况…
    blank_figures: tuple[Wording, ...] = ()  # 占%, 年月日
    doubled_words: tuple[Wording, ...] = ()  # expected: the word written twice
    redundant: tuple[Wording, ...] = ()  # 原因是主要是 (by phrase, then in text order)
    doubled_punctuation: tuple[Wording, ...] = ()  # expected: the mark
    brackets: tuple[BracketRun, ...] = ()  # paragraphs that hold brackets or quotes
    empty_reasons: tuple[Wording, ...] = ()  # 原因是。
    lost_first_chars: tuple[Wording, ...] = ()  # '出决算表' after a number; expected: the term
    garbled_terms: tuple[Wording, ...] = ()  # one-slip copies of standard terms; expected: term
    comparisons: tuple[Wording, ...] = ()  # 与上年…增加 without 相比
    dangling_lists: tuple[Wording, ...] = ()  # 其中。
    stray_punctuation: tuple[Wording, ...] = ()  # 占，12
    missing_units: tuple[Wording, ...] = ()  # 增长12。
    years_without_nian: tuple[Wording, ...] = ()  # 2023部门…
    renamed_subjects: tuple[Wording, ...] = ()  # first occurrence of each old subject name
    own_name_variants: tuple[Wording, ...] = ()  # expected: the department's name
    unit_wording: tuple[Wording, ...] = ()  # 部门预算安排 (looked for in unit budgets only)
    field_codes: tuple[Wording, ...] = ()  # PAGEREF _Toc…
    empty_title_marks: tuple[Wording, ...] = ()  # 《》
    run_together_dates: tuple[Wording, ...] = ()  # 日期：20230115 (span: the date)
    unterminated: tuple[Wording, ...] = ()  # last character of a paragraph ending on a figure
    typos: tuple[Wording, ...] = ()  # by typo, then in text order; expected: the right spelling


@dataclass
class Facts:
    """Everything the fact extraction understood in a document's text."""

    sentences: list[Sentence] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    compositions: list[Composition] = field(default_factory=list)
    shares: list[Share] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    count_lists: list[CountList] = field(default_factory=list)
    averages: list[Average] = field(default_factory=list)  # averages.py
    net_changes: list[NetChange] = field(default_factory=list)
    years: YearFacts = field(default_factory=YearFacts)  # year_refs.py
    coded_rows: tuple[CodedRow, ...] = ()  # coded_rows.py
    economic_rows: tuple[EconomicRow, ...] = ()
    project_sections: tuple[ProjectSection, ...] = ()  # project_sections.py
    item_texts: tuple[ItemText, ...] = ()  # item_texts.py
    numbered_lines: tuple[NumberedLine, ...] = ()  # numbered_lines.py
    change_reasons: tuple[ChangeReason, ...] = ()  # change_reasons.py
    wording: WordingFacts = field(default_factory=WordingFacts)  # wording_facts.py
    toc_headings: frozenset[int] = frozenset()  # starts of headings in the contents


@dataclass(frozen=True)
class Cell:
    """A number in a table row: value in 万元 (the table's unit converted), printed precision."""

    value: Decimal
    decimals: int  # in 万元, like Quantity.decimals
    start: int  # offsets in the normalised text
    end: int
    raw: str

    @property
    def half_ulp(self) -> Decimal:
        return half_ulp(self.decimals)


@dataclass(frozen=True)
class TableRow:
    """One row of a table: the subject's code and name, and its cells."""

    code: str | None  # subject code without spaces: "204", "20406", "2040601"; None for 合计 …
    label: str  # the subject's name as printed (normalised)
    cells: tuple[Cell, ...]
    start: int  # offset of the row's line in the normalised text
    end: int
    total: bool = False  # a 合计/总计 row


# Powers of ten that bring a figure in a table's unit (Table.unit) to 万元.
TABLE_UNIT_POWERS = {"元": -4, "千元": -1, "万元": 0, "亿元": 4}


@dataclass(frozen=True)
class Table:
    """A standard budget table recognised in the text (rows = lines with wide gaps)."""

    title: str | None  # the nearest line above naming a table (…表)
    kind: str  # "function" (功能分类) | "economic" (经济分类)
    unit: str | None  # "元" | "万元" as stated above the table; None if not stated
    columns: tuple[str, ...]  # column names recognised in the header, in order
    rows: tuple[TableRow, ...]
    start: int
    end: int
    complete: bool = True  # False when a line with figures inside it could not be read as a row
    blank: tuple[str, ...] = ()  # header columns whose cell is empty in the row (read as 0)

    def frame(self):  # type: ignore[no-untyped-def]
        """The table as a pandas DataFrame (pandas is imported only here)."""
        from budgetaudit.tables import to_frame

        return to_frame(self)


@dataclass(frozen=True)
class SubjectRef:
    """A budget subject named with its code in the text (``行政运行（01项）1434.89万元``)."""

    code: str  # "204", "20406", "2040601"
    name: str  # the name printed for the deepest level given
    name_start: int
    name_end: int
    amounts: tuple[Quantity, ...]  # the amount after the name and later restatements of it
    parent: str = ""  # a 项's 款 name as printed beside it, which tells apart 项 of one name


# ---------------------------------------------------------------- required content (coverage.py)


@dataclass(frozen=True)
class ItemPresence:
    """One required item of rules/required.toml and whether the document has it."""

    id: str
    code: str  # the rule reported when it is missing
    title: str
    present: bool
    where: int | None = None  # offset of the evidence in the normalised text


@dataclass(frozen=True)
class Coverage:
    """What the document contains of the required content, and the facts the M checks read."""

    kind: str | None  # 预算 | 决算 | 三公预算 | 三公决算 | None (nothing is required)
    items: tuple[ItemPresence, ...]
    truncated: int | None  # offset where the text stops mid-sentence, if it does
    looks_complete: bool  # not truncated, and has what only whole documents have (目录 …)
    sangong_unexplained: tuple[int, int] | None = None  # a 三公 change left without a reason
    car_unsplit: tuple[int, int] | None = None  # 公务用车购置及运行费 not split in two
    empty_tables: tuple[tuple[int, int], ...] = ()  # titles of empty tables without a note

    @property
    def present(self) -> int:
        return sum(1 for item in self.items if item.present)


@dataclass(frozen=True)
class CoverageSummary:
    """The per-document coverage line of the reports: n of N required items present."""

    kind: str | None
    present: int
    required: int
    missing: tuple[str, ...]  # titles of the missing items
    truncated: bool
    complete: bool  # the document looks complete, so missing items are reported

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "present": self.present,
            "required": self.required,
            "missing": list(self.missing),
            "truncated": self.truncated,
            "complete": self.complete,
        }


@dataclass
class Document:
    """Everything the rules may look at. Rules read this; they never parse text themselves."""

    source: SourceText
    norm: Normalized
    meta: DocMeta
    headings: list[Heading]
    sections: list[Section]
    facts: Facts
    tables: list[Table] = field(default_factory=list)  # standard tables found in the text
    subject_refs: list[SubjectRef] = field(default_factory=list)
    coverage: Coverage | None = None  # set by the coverage stage (coverage.py)


# ---------------------------------------------------------------- findings and reports


@dataclass(frozen=True)
class Finding:
    """One reported problem, located in the decoded input (lines and columns 1-based)."""

    code: str
    severity: Severity
    category: str
    message: str
    line: int  # 1-based, in the decoded input text
    column: int  # 1-based
    end_line: int
    end_column: int
    expected: str | None = None
    found: str | None = None
    section: str | None = None
    page: int | None = None
    location: str | None = None  # "page 3, line 12" / "table 2, row 5, cell 3" / "paragraph 7"

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "category": self.category,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "message": self.message,
            "expected": self.expected,
            "found": self.found,
            "section": self.section,
            "page": self.page,
            "location": self.location,
        }


@dataclass
class FileReport:
    """The result of checking one file: its findings, or ``error`` when it could not be checked."""

    path: str
    kind: str | None = None
    year: int | None = None
    department: str | None = None
    error: str | None = None
    findings: list[Finding] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # source lines, for reporters to quote
    coverage: CoverageSummary | None = None  # required content present (issue 7)
    prior: str | None = None  # path of last year's document it was compared with (issue 7)

    def worst(self) -> Severity | None:
        return max((f.severity for f in self.findings), key=lambda s: s.rank, default=None)
