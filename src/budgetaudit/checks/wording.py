"""Template leftovers (T001–T004), duplicated words and punctuation (W001, W004), unpaired
brackets and quotes (W002, W003), reasons announced but not given (R002)."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from functools import cache

from budgetaudit import startcache, vocab
from budgetaudit.checks.hit import Hit
from budgetaudit.model import Document
from budgetaudit.textlines import lines_of

# (?:占|增加|…|费)了?[:：]?(?<![\d.])(?:%|万元|…)(?![\d]), written as one alternative per word
# so that every alternative starts with a character (the regex engine then scans for those);
# likewise the look-behinds come after 年.
_BLANK_FIGURE = re.compile(
    "|".join(
        rf"{word}了?[:：]?(?<![\d.])(?:%|万元|元|个|人次)(?![\d])"
        for word in (
            *("占", "增加", "减少", "增长", "下降", "降低", "为", "共计", "合计", "支出"),
            *("安排", "预算数?", "决算数?", "费"),
        )
    )
    + r"|年(?<![\d]年)月日|年(?<=[:：]年)\s*月\s*日"
)
_EMPTY_REASON = re.compile(r"原因(?:主要)?(?:是|为|在于)?[:：]?\s*[。；;]")
_PAIRS = {"（": "）", "(": ")", "《": "》", "〈": "〉"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}
_PARAGRAPH_END = "。！？!?；;：:"
_BRACKET = re.compile("[" + re.escape("".join([*_PAIRS, *_CLOSERS, "“", "”"])) + "]")
_BLOCK_START = re.compile(
    r"\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[、．.](?!\d))"
)


@cache
def _template_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    t = vocab.wording()["template"]

    def alt(words: list[str]) -> re.Pattern[str]:
        return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))

    placeholders = [w for w in t["placeholders"] if not w.isascii()]
    ascii_ph = [w for w in t["placeholders"] if w.isascii()]
    ph = "|".join(re.escape(w) for w in placeholders)
    if ascii_ph:
        # XX as a placeholder stands alone, not inside a Latin word or code.
        # (?<![A-Za-z]) is checked after the first character, so that every alternative starts
        # with a character and the pattern scans fast.
        ph += "|" + "|".join(
            rf"{re.escape(w[0])}(?<![A-Za-z]{re.escape(w[0])}){re.escape(w[1:])}(?![A-Za-z])"
            for w in ascii_ph
        )
    return (
        ("T001", alt(t["alternatives"])),
        ("T003", re.compile(ph)),
        ("T004", alt(t["instructions"])),
    )


_TEMPLATE_MESSAGES = {
    "T001": "template alternatives left unresolved: '{0}'",
    "T003": "template placeholder left in: '{0}'",
    "T004": "an instruction to the filer was published: '{0}'",
}


def check_templates(doc: Document) -> Iterator[Hit]:
    text = doc.norm.text
    for code, pattern in _template_patterns():
        for m in pattern.finditer(text):
            yield Hit(
                code,
                m.start(),
                m.end(),
                _TEMPLATE_MESSAGES[code].format(m.group()),
                found=m.group(),
            )
    for m in _BLANK_FIGURE.finditer(text):
        yield Hit(
            "T002", m.start(), m.end(), f"a figure is left blank: '{m.group()}'", found=m.group()
        )


@cache
def _duplicate_pattern() -> re.Pattern[str]:
    d = vocab.wording()["duplicates"]
    words = sorted(d["words"], key=len, reverse=True)
    return re.compile("(" + "|".join(re.escape(w) for w in words) + r")\1")


@cache
def _punctuation_pattern() -> re.Pattern[str]:
    """A mark written twice or more: ``。。+`` (= ``。{2,}``, but starting with the character
    itself, so the pattern scans fast)."""
    punct = vocab.wording()["duplicates"]["punctuation"]
    return re.compile("|".join(re.escape(p) + re.escape(p[-1]) + "+" for p in punct))


def check_duplicates(doc: Document) -> Iterator[Hit]:
    text = doc.norm.text
    for m in _duplicate_pattern().finditer(text):
        yield Hit(
            "W001",
            m.start(),
            m.end(),
            f"'{m.group(1)}' is written twice: '{m.group()}'",
            expected=m.group(1),
            found=m.group(),
        )
    for phrase in vocab.wording()["duplicates"]["redundant"]:
        for m in re.finditer(re.escape(phrase), text):
            yield Hit(
                "W001", m.start(), m.end(), f"redundant wording: '{m.group()}'", found=m.group()
            )
    for m in _punctuation_pattern().finditer(text):
        yield Hit(
            "W004",
            m.start(),
            m.end(),
            f"punctuation written twice: '{m.group()}'",
            expected=m.group()[0],
            found=m.group(),
        )


def _paragraphs(text: str) -> Iterator[list[tuple[int, int]]]:
    """Runs of lines that form one paragraph: a paragraph cut by a page break (blank lines,
    no closing punctuation) continues on the next line that does not start a new block."""
    spans: list[tuple[int, int]] = []
    split = lines_of(text)
    for line, start, table in zip(split.lines, split.starts, split.table, strict=True):
        end = start + len(line)
        if not line.strip():
            continue
        if table:
            if spans:
                yield spans
                spans = []
            continue
        if spans and _BLOCK_START.match(line):
            yield spans
            spans = []
        spans.append((start, end))
        if line.rstrip()[-1] in _PARAGRAPH_END:
            yield spans
            spans = []
    if spans:
        yield spans


def check_pairs(doc: Document) -> Iterator[Hit]:
    """Brackets must close with their own kind, and “ ” alternate, within a paragraph."""
    text = doc.norm.text
    # Only brackets and quotes matter: visit them, not every character. They are found in one
    # scan and dealt out to the paragraphs: a paragraph's lines follow each other but for blank
    # ones, which hold none, so its marks are those from its first line's start to its last
    # line's end. A paragraph without marks has nothing to report.
    marks = [(m.start(), m.group()) for m in _BRACKET.finditer(text)]
    if not marks:
        return
    at_marks = [i for i, _ in marks]
    tail = text.rstrip()  # (once: the text's end does not change from paragraph to paragraph)
    k = 0
    for paragraph in _paragraphs(text):
        first, last = paragraph[0][0], paragraph[-1][1]
        k = bisect_left(at_marks, first, k)
        if k == len(marks):
            break
        if at_marks[k] >= last:
            continue
        j = bisect_left(at_marks, last, k)
        # A text that stops mid-sentence (a cut-off page) may stop inside brackets.
        cut_off = last >= len(tail) and tail[-1] not in _PARAGRAPH_END
        stack: list[tuple[str, int]] = []
        quote_open: int | None = None
        for i, ch in marks[k:j]:
            if ch in _PAIRS:
                stack.append((ch, i))
            elif ch in _CLOSERS:
                if stack and stack[-1][0] == _CLOSERS[ch]:
                    stack.pop()
                elif stack and _PAIRS.get(stack[-1][0], "") in "）)" and ch in "）)":
                    opener, at = stack.pop()
                    yield Hit(
                        "W002",
                        at,
                        i + 1,
                        f"'{opener}' is closed by '{ch}'",
                        expected=_PAIRS[opener],
                        found=ch,
                    )
                elif ch == ")" and not stack and i > first and text[i - 1].isdigit():
                    pass  # "1)" numbers a list item
                else:
                    yield Hit(
                        "W002", i, i + 1, f"'{ch}' closes a bracket that was never opened", found=ch
                    )
            elif ch == "“":
                if quote_open is not None:
                    yield Hit(
                        "W003",
                        i,
                        i + 1,
                        "'“' is opened again before the last one was closed",
                        expected="”",
                        found="“",
                    )
                quote_open = i
            elif ch == "”":
                if quote_open is None:
                    yield Hit(
                        "W003", i, i + 1, "'”' closes a quotation that was never opened", found="”"
                    )
                quote_open = None
        if cut_off:
            continue
        if quote_open is not None:
            yield Hit("W003", quote_open, quote_open + 1, "'“' is never closed", expected="”")
        for opener, at in stack:
            yield Hit("W002", at, at + 1, f"'{opener}' is never closed", expected=_PAIRS[opener])


def check_empty_reasons(doc: Document) -> Iterator[Hit]:
    for m in _EMPTY_REASON.finditer(doc.norm.text):
        yield Hit(
            "R002", m.start(), m.end(), "a reason is announced but not given", found=m.group()
        )


@cache
@startcache.derived("wording")  # kept between runs of the command line (start-up time)
def _garbled_variants() -> dict[str, str]:
    """Every one-slip copy of a standard term (a character dropped, repeated or swapped)."""
    spec = vocab.wording()["standard_terms"]
    terms: list[str] = spec["terms"]
    out: dict[str, str] = {}
    for term in terms:
        n = len(term)
        variants: set[str] = set()
        # A bracketed part moves as one piece: 因公出国(境) → 因公出(境)国.
        tokens = re.findall(r"[（(][^（）()]*[）)]|.", term)
        for i in range(len(tokens) - 1):
            if len(tokens[i]) > 1 or len(tokens[i + 1]) > 1:
                swapped = [*tokens[:i], tokens[i + 1], tokens[i], *tokens[i + 2 :]]
                variants.add("".join(swapped))
        for i in range(n):
            # Dropping the last character leaves a prefix that is a word of its own
            # (支出决算表 → 支出决算); dropping the first, only long terms stay recognisable.
            if 0 < i < n - 1 or (i == 0 and n >= 6):
                variants.add(term[:i] + term[i + 1 :])
            variants.update(term[:i] + ch + term[i:] for ch in set(term))
            if i < n - 1:
                variants.add(term[:i] + term[i + 1] + term[i] + term[i + 2 :])
        for v in variants:
            if len(v) >= 3 and v != term:
                out.setdefault(v, term)
    for word in [*terms, *spec["allowed"]]:
        out.pop(word, None)
    return out


@cache
def _findable_variants() -> tuple[str, ...]:
    """The variants that can be a finding: not those that contain a standard term (因公出国（境）
    → 国因公出国（境）, 公务用车运行维护费 → 公务用车运行护费 holding 公务用车运行). Such a
    variant always touches a term where it stands (the term's occurrence inside it, or an
    overlapping earlier one, is marked), so it is never the one reported."""
    terms = _terms()
    return tuple(v for v in _garbled_variants() if not any(t in v for t in terms))


@cache
def _variant_starts() -> re.Pattern[str]:
    """Where a findable variant starts: its first character, followed (a look-ahead down the
    tree of variants) by the rest of at least one variant. The regex engine walks the tree;
    the few places it finds are walked again in Python for the ends of their variants."""
    return re.compile(_variant_starts_source())


@startcache.derived("wording")
def _variant_starts_source() -> str:
    def rest(node: dict[str, dict]) -> str:
        if "" in node:  # a variant ends here: enough
            return ""
        alts = [re.escape(ch) + rest(child) for ch, child in sorted(node.items())]
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    tree = _variant_tree()
    return "|".join(f"{re.escape(ch)}(?={rest(tree[ch])})" for ch in sorted(tree))


@cache
@startcache.derived("wording")
def _variant_tree() -> dict[str, dict]:
    """The findable variants as a tree of characters; the key "" marks where a variant ends."""
    root: dict[str, dict] = {}
    for v in _findable_variants():
        node = root
        for ch in v:
            node = node.setdefault(ch, {})
        node[""] = {}
    return root


@cache
def _term_cuts() -> tuple[re.Pattern[str], dict[str, str]]:
    """Standard terms without their first character (3 characters or more left), as one
    pattern that tries them in the order of the terms, and the term of each cut."""
    spec = vocab.wording()["standard_terms"]
    terms: list[str] = spec["terms"] + spec["allowed"]
    cuts: dict[str, str] = {}
    for term in terms:
        if len(term) - 1 >= 3:
            cuts.setdefault(term[1:], term)
    return re.compile("|".join(re.escape(c) for c in cuts)), cuts


def check_garbled_terms(doc: Document) -> Iterator[Hit]:
    text = doc.norm.text
    variants = _garbled_variants()
    # Candidates first, without looking at the standard terms: most documents have none,
    # and marking where the terms stand is the costly part.
    cut_pattern, cut_terms = _term_cuts()
    cuts = [(end, c.group()) for end in _head_ends(text) if (c := cut_pattern.match(text, end))]
    firsts = _variant_starts()
    tree = _variant_tree()
    size = len(text)
    # Every place that starts like a variant, with the ends of the variants starting there.
    starts: list[tuple[int, list[int]]] = []
    for m in firsts.finditer(text):
        i = m.start()
        node: dict[str, dict] | None = tree[text[i]]
        ends: list[int] = []
        j = i + 1
        while j < size and (node := node.get(text[j])) is not None:
            j += 1
            if "" in node:
                ends.append(j)
        if ends:
            starts.append((i, ends))
    if not cuts and not starts:
        return
    covered = _Covered(text)
    # "三、出决算表": a title whose first character was lost right after its number.
    # (the cut alternatives are tried in the order of the terms)
    for at, cut in cuts:
        if covered.any(at, at + 1, cut_terms[cut]):
            continue
        yield Hit(
            "W005",
            at,
            at + len(cut),
            f"'{cut}' looks like '{cut_terms[cut]}' with its first character lost",
            expected=cut_terms[cut],
            found=cut,
        )
    next_free = 0
    # The longest variant starting at a place and not inside a standard term is the finding.
    for i, ends in starts:
        if i < next_free:
            continue
        for end in reversed(ends):
            v = text[i:end]
            if not covered.any(i, end, variants[v]):
                yield Hit(
                    "W005",
                    i,
                    end,
                    f"'{v}' looks like a garbled '{variants[v]}'",
                    expected=variants[v],
                    found=v,
                )
                next_free = end
                break


class _Covered:
    """Whether a stretch of text touches a standard term (as :func:`_covered` marks them),
    asked of the few candidates only: marking every occurrence of every term costs more.
    A term that cannot overlap itself has all its occurrences marked, so looking for one
    around the stretch tells; otherwise the marks are computed once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.marks: bytearray | None = None if _terms_without_borders() else _covered(text)

    def any(self, start: int, end: int, likely: str) -> bool:
        """``likely``, one of the terms, is looked for first: a candidate mostly stands inside
        the term it is a variant of (般公共预算 in 一般公共预算); the answer is the same."""
        if self.marks is not None:
            return any(self.marks[start:end])
        find = self.text.find
        if find(likely, max(0, start - len(likely) + 1), end + len(likely) - 1) >= 0:
            return True
        return any(find(t, max(0, start - len(t) + 1), end + len(t) - 1) >= 0 for t in _terms())


@cache
def _terms() -> tuple[str, ...]:
    spec = vocab.wording()["standard_terms"]
    return tuple(spec["terms"] + spec["allowed"])


@cache
def _terms_without_borders() -> bool:
    """No term has a proper prefix that is also its suffix (so none overlaps itself)."""
    return not any(t[:k] == t[-k:] for t in _terms() for k in range(1, len(t)))


def _covered(text: str) -> bytearray:
    """1 at every character inside an occurrence of a standard term (each term's
    non-overlapping occurrences, as re.finditer gives them)."""
    spec = vocab.wording()["standard_terms"]
    covered = bytearray(len(text) + 1)
    for term in spec["terms"] + spec["allowed"]:
        n = len(term)
        at = text.find(term)
        while at >= 0:
            covered[at : at + n] = b"\x01" * n
            at = text.find(term, at + n)
    return covered


_HEAD = r"(?:[一二三四五六七八九十]+[、．.]|\d{1,2}[、．.]|[（(][一二三四五六七八九十\d]+[）)])\s*"
# A number at a line's start (after blank space, which may span lines), and the space after it.
# (\s*+ keeps all the space it took: a number never starts with a space, so giving some back
# would not help; it only saves trying.)
_HEAD_CUT = re.compile(r"(?m)^\s*+" + _HEAD)
# The same after a line's end: unlike ^, the pattern starts with a character, so the regex
# engine scans for it instead of trying every place.
_HEAD_CUT_NEXT = re.compile(r"\n\s*+" + _HEAD)


def _head_ends(text: str) -> Iterator[int]:
    """Where the matches of ``_HEAD_CUT.finditer(text)`` end. A search from ``pos`` finds
    the first line start s >= pos where the match succeeds: pos itself if it is a line
    start, else (or if that fails) the first line break k >= pos after which it does, with
    the same end (s = k + 1)."""
    pos = 0
    while True:
        m = None
        if pos == 0 or text[pos - 1] == "\n":
            m = _HEAD_CUT.match(text, pos)
        if m is None:
            m = _HEAD_CUT_NEXT.search(text, pos)
            if m is None:
                return
        pos = m.end()
        yield pos


_XIANGBI_MISSING = re.compile(
    r"与(?:上年|去年|上一年|(?:19|20)\d{2}年)[^，,。；;相比较]{0,8}?(?:增加|减少|增长|下降|降低|上升)"
)
_DANGLING_LIST = re.compile(r"其中[:：]?[。；;]")
_STRAY_BEFORE_FIGURE = re.compile(r"(?:占|为|计|共)[，,、](?=\d)")
# (?:增长|…|上升)了?N(?=…)|(?:预算|决算)数?为N(?=…), one alternative per word (a fast scan)
_MISSING_UNIT = re.compile(
    "|".join(rf"{w}了?\d+(?:\.\d+)?(?=[。，,；;])" for w in ("增长", "下降", "降低", "上升"))
    + "|"
    + "|".join(rf"{w}数?为\d+(?:\.\d+)?(?=[；;。])" for w in ("预算", "决算"))
)
# (?<![\d.]) before the year, checked after its first two digits: a scan for 1 or 2 is fast
_YEAR_WITHOUT_NIAN = re.compile(r"((?:19|20)(?<![\d.]\d\d)\d{2})(?=[“\"]?(?:三公|部门|单位))")


def check_phrasing(doc: Document) -> Iterator[Hit]:
    text = doc.norm.text
    checks = (
        ("W006", _XIANGBI_MISSING, "a comparison with 与 lacks 相比: '{}'"),
        ("W007", _DANGLING_LIST, "'其中' introduces a list that never comes: '{}'"),
        ("W008", _STRAY_BEFORE_FIGURE, "punctuation between a word and its figure: '{}'"),
        ("W009", _MISSING_UNIT, "a figure without its unit: '{}'"),
        ("W010", _YEAR_WITHOUT_NIAN, "a year written without 年: '{}'"),
    )
    for code, pattern, message in checks:
        for m in pattern.finditer(text):
            yield Hit(code, m.start(), m.end(), message.format(m.group()), found=m.group())


def check_renamed_subjects(doc: Document) -> Iterator[Hit]:
    if doc.meta.year is None:
        return
    for old, (since, new) in vocab.wording()["renamed_subjects"].items():
        if doc.meta.year < since:
            continue
        m = re.search(re.escape(old), doc.norm.text)  # once: the name is the finding
        if m:
            yield Hit(
                "D002",
                m.start(),
                m.end(),
                f"'{old}' has been called '{new}' since {since}",
                expected=new,
                found=old,
            )


_CONJUNCTIONS = "和与及"
_DISTRICT = re.compile(r"^(.{2,4}?[省市])(.{1,4}?[区县])(.{2,})$")


def check_own_name(doc: Document) -> Iterator[Hit]:
    """The document's own name written another way: '规划与自然资源局' for '规划和自然资源局'."""
    name = doc.meta.department or ""
    if len(name) < 6:
        return
    variants = {
        name[:i] + other + name[i + 1 :]
        for i, c in enumerate(name)
        if c in _CONJUNCTIONS
        for other in _CONJUNCTIONS
        if other != c
    }
    # "上海市规划和自然资源局" for "上海市普陀区规划和自然资源局": the district left out.
    district = _DISTRICT.match(name)
    if district:
        variants.add(district.group(1) + district.group(3))
    for variant in variants:
        for m in re.finditer(re.escape(variant), doc.norm.text):
            yield Hit(
                "D003",
                m.start(),
                m.end(),
                f"the department's name is written '{variant}', elsewhere '{name}'",
                expected=name,
                found=variant,
            )


def check_unit_wording(doc: Document) -> Iterator[Hit]:
    """A 单位预算 that speaks of its 部门预算: wording kept from the department's template."""
    if "单位预算" not in (doc.meta.title or ""):
        return
    for m in re.finditer(r"部门预算安排|下属\d+家(?:机关|行政单位)", doc.norm.text):
        yield Hit(
            "D004",
            m.start(),
            m.end(),
            f"a unit budget says '{m.group()}', wording of the department's budget",
            found=m.group(),
        )


_EMPTY_TITLE_MARKS = re.compile(r"[<＜《〈]\s*[>＞》〉]")
# (\bTOC written as T(?<!\wT)OC: every alternative starts with a letter, so it scans fast)
_FIELD_CODE = re.compile(r"PAGEREF\s*_Toc\d+|HYPERLINK\s+\\l|T(?<!\wT)OC\s+\\[ohz]|MERGEFORMAT")
_RUN_TOGETHER_DATE = re.compile(
    r"(?:日期|时间)[:：]\s*((?:19|20)\d{2}(?:0?[1-9]|1[0-2])\d{1,2})(?![\d年.\-/])"
)


def check_leaks(doc: Document) -> Iterator[Hit]:
    """Word field codes published as text (once per document), dates that lost their separators."""
    text = doc.norm.text
    # Each scan below first asks (str's fast search for a character or two) whether the text
    # holds what every match must: most texts do not, and a regex scan costs far more.
    # A field code starts with one of P, H, T, M.
    m = _FIELD_CODE.search(text) if any(c in text for c in "PHTM") else None
    if m:
        count = len(_FIELD_CODE.findall(text))
        yield Hit(
            "T005",
            m.start(),
            m.end(),
            f"Word field codes published as text ('{m.group()}', {count} in all)",
            found=m.group(),
        )
    if any(c in text for c in "<＜《〈") and any(c in text for c in ">＞》〉"):
        for m in _EMPTY_TITLE_MARKS.finditer(text):
            yield Hit(
                "W002",
                m.start(),
                m.end(),
                f"empty title marks '{m.group()}': a title lost its name",
                found=m.group(),
            )
    if "日期" not in text and "时间" not in text:
        return
    for m in _RUN_TOGETHER_DATE.finditer(text):
        yield Hit(
            "W012",
            m.start(1),
            m.end(1),
            f"a date without its separators: '{m.group(1)}'",
            found=m.group(1),
        )


_FIGURE_END = re.compile(r"\d(?:\.\d+)?\s*(?:万元|元|亿元|%)$")
_HEADING_START = re.compile(
    r"\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十]+[）)])"
)


def check_unterminated(doc: Document) -> Iterator[Hit]:
    """'…预算为464.64万元' followed straight by '三、政府采购预算情况': a sentence that ends its
    paragraph on a figure, with no full stop, before the next heading."""
    split = lines_of(doc.norm.text)
    lines, starts = split.lines, split.starts
    filled = [i for i, line in enumerate(lines) if line.strip()]
    for k, i in enumerate(filled[:-1]):
        line = lines[i].rstrip()
        # (a table row with its trailing spaces stripped is still one: the gap ends on a cell)
        if len(line.strip()) < 20 or split.table[i] or _HEADING_START.match(line):
            continue
        # The next line's start is cheaper to look at than this line's end.
        if _HEADING_START.match(lines[filled[k + 1]]) and _FIGURE_END.search(line):
            end = starts[i] + len(line)
            yield Hit("W013", end - 1, end, "a sentence ends without its full stop", expected="。")


def check_typos(doc: Document) -> Iterator[Hit]:
    """Known misspellings from rules/wording.toml ('社区事物受理' for 社区事务受理)."""
    typos: dict[str, str] = vocab.wording()["typos"]
    for wrong, right in typos.items():
        for m in re.finditer(re.escape(wrong), doc.norm.text):
            yield Hit(
                "W014",
                m.start(),
                m.end(),
                f"'{wrong}' is a misspelling of '{right}'",
                expected=right,
                found=wrong,
            )
