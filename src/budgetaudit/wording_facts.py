"""The wording the wording checks judge (checks/wording.py): template leftovers, doubled words
and marks, brackets by paragraph, garbled standard terms, phrasing slips, leaked field codes,
misspellings … found in the normalised text once, as typed facts (:class:`WordingFacts`).

Cost: the regex engine scans fast for a pattern that starts with one literal character and
≈ 10 times slower for one that starts with a class of them (an alternation of words: ≈ 3 ns a
character, whatever the class), and str tests one character (``"X" in text``) faster still.
So the patterns that start with a class (blank figures, doubled words, missing units …) and the
word lists (rules/wording.toml, which almost never match: by groups of words with one first
character) are looked for together, by one scan for the places where any of them matches
(:func:`_phrasing`); alternations whose matches cannot overlap are scanned as one pattern per
first word (:func:`_split_scan`); brackets are found by str.find and only the paragraphs around
them are walked. What is left costs about equally: the garbled-term candidates (one class
scan), the joint scan (≈ 500 places a text where it tries its lookaheads, ≈ 0.1 µs each) and the
paragraphs around brackets.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from typing import Any, NamedTuple

from budgetaudit import startcache, vocab
from budgetaudit.model import BracketRun, DocMeta, Normalized, Wording, WordingFacts
from budgetaudit.textlines import lines_of

# (?:占|增加|…|费)了?[:：]?(?<![\d.])(?:%|万元|…)(?![\d]), written as one alternative per word
# so that every alternative starts with a character (the regex engine then scans for those);
# likewise the look-behinds come after 年.
_BLANK_FIGURE_BRANCHES = (
    *(
        rf"{word}了?[:：]?(?<![\d.])(?:%|万元|元|个|人次)(?![\d])"
        for word in (
            *("占", "增加", "减少", "增长", "下降", "降低", "为", "共计", "合计", "支出"),
            *("安排", "预算数?", "决算数?", "费"),
        )
    ),
    r"年(?<![\d]年)月日",
    r"年(?<=[:：]年)\s*月\s*日",
)
_BLANK_FIGURE = re.compile("|".join(_BLANK_FIGURE_BRANCHES))
_EMPTY_REASON = re.compile(r"原因(?:主要)?(?:是|为|在于)?[:：]?\s*[。；;]")
_PAIRS = "（(《〈"
_CLOSERS = "）)》〉"
_PARAGRAPH_END = "。！？!?；;：:"
_MARKS = _PAIRS + _CLOSERS + "“”"
_BLOCK_START = re.compile(
    r"\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[、．.](?!\d))"
)


def find_wording(norm: Normalized, meta: DocMeta) -> WordingFacts:
    text = norm.text
    matches, occurring = _phrasing(text)
    blank, doubled, missing, reasons, comparisons, dangling, stray, dates, marks, unit = matches
    alternatives, placeholders, instructions = (
        _words(pattern, text) for pattern in _template_patterns(occurring)
    )
    lost, garbled = _garbled_terms(text)
    return WordingFacts(
        alternatives=alternatives,
        placeholders=placeholders,
        instructions=instructions,
        blank_figures=_wordings(blank),
        doubled_words=tuple(Wording(m.start(), m.end(), m.group(), m.group(1)) for m in doubled),
        redundant=_literals(_gated(_plain_words("redundant"), occurring[3]), text),
        doubled_punctuation=tuple(
            Wording(w.start, w.end, w.found, w.found[0])
            for w in _split_scan(_punctuation_patterns(), text)
        ),
        brackets=_bracket_runs(text),
        empty_reasons=_wordings(reasons),
        lost_first_chars=lost,
        garbled_terms=garbled,
        comparisons=_wordings(comparisons),
        dangling_lists=_wordings(dangling),
        stray_punctuation=_wordings(stray),
        missing_units=_wordings(missing),
        # (a match is preceded by no digit, so the two patterns' matches never overlap)
        years_without_nian=_split_scan(_YEARS_WITHOUT_NIAN, text),
        renamed_subjects=_renamed_subjects(text, occurring[5]),
        own_name_variants=_own_name_variants(text, meta.department or ""),
        # (a department budget's wording, reported in unit budgets only: others may use it)
        unit_wording=_wordings(unit) if "单位预算" in (meta.title or "") else (),
        field_codes=_field_codes(text),
        empty_title_marks=_wordings(marks),
        run_together_dates=tuple(Wording(m.start(1), m.end(1), m.group(1)) for m in dates),
        unterminated=_unterminated(text),
        typos=_typos(text, occurring[4]),
    )


def _words(pattern: re.Pattern[str] | None, text: str) -> tuple[Wording, ...]:
    if pattern is None:
        return ()
    return tuple(Wording(m.start(), m.end(), m.group()) for m in pattern.finditer(text))


def _wordings(matches: list[re.Match[str]]) -> tuple[Wording, ...]:
    return tuple(Wording(m.start(), m.end(), m.group()) for m in matches) if matches else ()


_SPECIAL = ".^$*+?{}[]\\|()"  # a pattern starting with one of these may not start with it


def _start(m: re.Match[str]) -> int:
    return m.start()


def _split_scan(patterns: Iterable[re.Pattern[str]], text: str) -> tuple[Wording, ...]:
    """The matches of an alternation written as patterns that each start with one literal
    character (a fast scan; an alternation scans for a class of characters, ≈ 10 times
    slower), in text order. They are the alternation's when no match of one pattern can
    overlap a match of another (shown where each is split). A pattern whose first character
    the text lacks is not run."""
    found = [
        m
        for p in patterns
        if p.pattern[0] in _SPECIAL or p.pattern[0] in text
        for m in p.finditer(text)
    ]
    found.sort(key=_start)
    return tuple(Wording(m.start(), m.end(), m.group()) for m in found)


def _literals(words: Iterable[str], text: str) -> tuple[Wording, ...]:
    """Every occurrence of each word, word by word (what ``re.finditer(re.escape(word))`` finds:
    the occurrences that do not overlap, from the left)."""
    out = []
    for word in words:
        at = text.find(word)
        while at >= 0:
            out.append(Wording(at, at + len(word), word))
            at = text.find(word, at + len(word))
    return tuple(out)


# ---------------------------------------------------------------- which words can occur


class _WordList(NamedTuple):
    """Words to look for: (word, its pattern's source) in order, and each first character of
    the words with the alternation of the entries starting with it (their group)."""

    entries: tuple[tuple[str, str], ...]
    groups: tuple[tuple[str, re.Pattern[str]], ...]


_Entries = tuple[tuple[str, str], ...]
# A word list as plain data (what the start-up cache keeps): its entries, and each group's
# first character with the source of its alternation.
_WordListData = tuple[_Entries, tuple[tuple[str, str], ...]]


def _word_list_data(entries: _Entries) -> _WordListData:
    groups: dict[str, list[str]] = {}
    for word, source in entries:
        groups.setdefault(word[0], []).append(source)
    return entries, tuple((c, "|".join(g)) for c, g in groups.items())


_PLAIN_WORDS = ("redundant", "typos", "renamed_subjects")


def _plain_words(key: str) -> _WordList:
    """A word list of rules/wording.toml whose words are looked for as they are: "redundant"
    (of the duplicates), "typos" or "renamed_subjects"."""
    return _word_lists()[3 + _PLAIN_WORDS.index(key)]


def _gated(words: _WordList, found: frozenset[str]) -> list[str]:
    """The words (in their order) that can occur in the text, as :func:`_findable` tells."""
    return [w for w, _ in _findable(words, found)]


def _findable(words: _WordList, found: frozenset[str]) -> list[tuple[str, str]]:
    """The (word, pattern) entries, in their order, of the groups that match somewhere in the
    text (``found``: their first characters, as :func:`_phrasing` tells): the others match
    nowhere. (Dropping an entry that matches nowhere from an alternation leaves its matches
    as they were; a word that does not occur has no occurrences to list.)"""
    if not found:
        return []
    return [e for e in words.entries if e[0][0] in found]


def _template_alternatives() -> tuple[_WordList, ...]:
    """T001, T003, T004: each an alternation, as (word, its alternative's source) in order."""
    return _word_lists()[:3]


def _template_patterns(occurring: list[frozenset[str]]) -> Iterator[re.Pattern[str] | None]:
    """Each template alternation, of the words that can occur in the text (few or none)."""
    for alternatives, found in zip(_template_alternatives(), occurring, strict=False):
        kept = tuple(source for _, source in _findable(alternatives, found))
        yield _alternation(kept) if kept else None


@lru_cache(maxsize=256)
def _alternation(sources: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(sources))


@startcache.derived("wording")  # kept between runs of the command line (start-up time)
def _word_lists_data() -> tuple[_WordListData, ...]:
    """The word lists of :func:`_word_lists` as plain data (≈ 0.1 ms of re.escape a process)."""
    wording = vocab.wording()
    t = wording["template"]

    def alt(words: list[str]) -> _Entries:
        return tuple((w, re.escape(w)) for w in sorted(words, key=len, reverse=True))

    placeholders = tuple((w, re.escape(w)) for w in t["placeholders"] if not w.isascii())
    # XX as a placeholder stands alone, not inside a Latin word or code.
    # (?<![A-Za-z]) is checked after the first character, so that every alternative starts
    # with a character and the pattern scans fast.
    placeholders += tuple(
        (w, rf"{re.escape(w[0])}(?<![A-Za-z]{re.escape(w[0])}){re.escape(w[1:])}(?![A-Za-z])")
        for w in t["placeholders"]
        if w.isascii()
    )
    plain = [
        wording["duplicates"]["redundant"] if key == "redundant" else list(wording[key])
        for key in _PLAIN_WORDS
    ]
    lists = (
        alt(t["alternatives"]),
        placeholders,
        alt(t["instructions"]),
        *(tuple((word, re.escape(word)) for word in words) for words in plain),
    )
    return tuple(map(_word_list_data, lists))


# ---------------------------------------------------------------- doubled words and marks


@cache
def _duplicate_pattern() -> re.Pattern[str]:
    d = vocab.wording()["duplicates"]
    words = sorted(d["words"], key=len, reverse=True)
    return re.compile("(" + "|".join(re.escape(w) for w in words) + r")\1")


@cache
def _punctuation_patterns() -> tuple[re.Pattern[str], ...]:
    """A mark written twice or more: ``。。+`` (= ``。{2,}``, but starting with the character
    itself, so the pattern scans fast), one pattern per mark: runs of different marks never
    overlap (a mark of more than one character would need the alternation)."""
    punct = vocab.wording()["duplicates"]["punctuation"]
    sources = [re.escape(p) + re.escape(p[-1]) + "+" for p in punct]
    if any(len(p) != 1 for p in punct):
        return (re.compile("|".join(sources)),)
    return tuple(re.compile(source) for source in sources)


# ---------------------------------------------------------------- brackets by paragraph


def _marks(text: str) -> list[tuple[int, str]]:
    """Every bracket and quotation mark with its offset, in text order. Each mark is looked
    for on its own: str.find scans for one character ≈ 10 times faster than the regex engine
    scans for a class of them."""
    out = []
    for mark in _MARKS:
        at = text.find(mark)
        while at >= 0:
            out.append((at, mark))
            at = text.find(mark, at + 1)
    out.sort()
    return out


def _bracket_runs(text: str) -> tuple[BracketRun, ...]:
    """The brackets and quotes of each paragraph that holds some (table rows are in none).

    A paragraph is a run of lines that are not table rows (blank lines between them are
    skipped): a line ending on closing punctuation ends it, a line that starts a new block
    (一、, （二）, 3、 …) starts a new one; so a paragraph cut by a page break continues on
    the next line. Only the paragraphs around marks matter, so they are found by walking out
    from a mark's line, not by walking all the lines of the text."""
    marks = _marks(text)
    if not marks:
        return ()
    split = lines_of(text)
    lines, starts, table = split.lines, split.starts, split.table
    at_marks = [i for i, _ in marks]
    # ')' after a digit, for the paragraphs' `numbered` (few texts have any)
    after_digit = [i for i, ch in marks if ch == ")" and i and text[i - 1].isdigit()]
    tail = text.rstrip()  # (once: the text's end does not change from paragraph to paragraph)
    out = []
    k = 0
    while k < len(marks):
        first = last = bisect_right(starts, at_marks[k]) - 1  # the mark's line
        if table[first]:
            k = bisect_left(at_marks, starts[first] + len(lines[first]), k)
            continue
        while not _BLOCK_START.match(lines[first]):
            above = _filled(lines, first, -1)
            if above < 0 or table[above] or lines[above].rstrip()[-1] in _PARAGRAPH_END:
                break
            first = above
        while lines[last].rstrip()[-1] not in _PARAGRAPH_END:
            below = _filled(lines, last, 1)
            if below == len(lines) or table[below] or _BLOCK_START.match(lines[below]):
                break
            last = below
        start, end = starts[first], starts[last] + len(lines[last])
        # The paragraph's marks: its lines follow each other but for blank ones, which hold
        # none, so they are those from its first line's start to its last line's end.
        j = bisect_left(at_marks, end, k)
        # A text that stops mid-sentence (a cut-off page) may stop inside brackets.
        cut_off = end >= len(tail) and tail[-1] not in _PARAGRAPH_END
        numbered = frozenset(i for i in after_digit if start < i < end) if after_digit else _NONE
        out.append(BracketRun(start, tuple(marks[k:j]), numbered, cut_off))
        k = j
    return tuple(out)


_NONE: frozenset[int] = frozenset()


def _filled(lines: tuple[str, ...], i: int, step: int) -> int:
    """The next line from line ``i`` in direction ``step`` that is not blank (-1 or
    len(lines) if none)."""
    i += step
    while 0 <= i < len(lines) and not lines[i].strip():
        i += step
    return i


# ---------------------------------------------------------------- garbled standard terms


def _garbled_terms(text: str) -> tuple[tuple[Wording, ...], tuple[Wording, ...]]:
    """Standard terms that lost their first character after a number ('三、出决算表'), and
    one-slip copies of standard terms elsewhere; expected: the term."""
    # Candidates first, without looking at the standard terms: most documents have none,
    # and marking where the terms stand is the costly part.
    cut_pattern, cut_terms = _term_cuts()
    cuts = []
    if _cut_after_head(text):  # (seldom: the heads are not looked for one by one)
        cuts = [(end, c.group()) for end in _head_ends(text) if (c := cut_pattern.match(text, end))]
    firsts = _variant_starts()
    tree = _variant_tree()
    size = len(text)
    # Every place that starts like a variant, with the ends of the variants starting there
    # and the terms they are copies of.
    starts: list[tuple[int, list[tuple[int, str]]]] = []
    for m in firsts.finditer(text):
        i = m.start()
        node: dict[str, Any] | None = tree[text[i]]
        ends: list[tuple[int, str]] = []
        j = i + 1
        while j < size and (node := node.get(text[j])) is not None:
            j += 1
            if "" in node:
                ends.append((j, node[""]))
        if ends:
            starts.append((i, ends))
    if not cuts and not starts:
        return (), ()
    covered = _Covered(text)
    # "三、出决算表": a title whose first character was lost right after its number.
    # (the cut alternatives are tried in the order of the terms)
    lost = tuple(
        Wording(at, at + len(cut), cut, cut_terms[cut])
        for at, cut in cuts
        if not covered.any(at, at + 1, cut_terms[cut])
    )
    garbled = []
    next_free = 0
    # The longest variant starting at a place and not inside a standard term is the finding.
    for i, ends in starts:
        if i < next_free:
            continue
        for end, term in reversed(ends):
            if not covered.any(i, end, term):
                garbled.append(Wording(i, end, text[i:end], term))
                next_free = end
                break
    return lost, tuple(garbled)


@cache  # (read only to build _variant_tree, which the start-up cache keeps)
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
    def rest(node: dict[str, Any]) -> str:
        if "" in node:  # a variant ends here: enough
            return ""
        alts = [re.escape(ch) + rest(child) for ch, child in sorted(node.items())]
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    tree = _variant_tree()
    return "|".join(f"{re.escape(ch)}(?={rest(tree[ch])})" for ch in sorted(tree))


@cache
@startcache.derived("wording")
def _variant_tree() -> dict[str, dict[str, Any]]:
    """The findable variants as a tree of characters; the key "" marks where a variant ends,
    with the term it is a copy of (so that a check need not load all the variants: ≈ 0.2 ms
    of a command's first audit).

    Equal subtrees are one shared dict (the variants of a term share their endings): the
    tree is only read, and marshal keeps the sharing, so the start-up cache holds and loads
    ≈ 340 dicts instead of ≈ 3 600 (0.6 → 0.15 ms of a command's first audit)."""
    variants = _garbled_variants()
    root: dict[str, Any] = {}
    for v in _findable_variants():
        node = root
        for ch in v:
            node = node.setdefault(ch, {})
        node[""] = variants[v]
    return _shared(root, {})


def _shared(node: dict[str, Any], seen: dict[tuple[tuple[str, object], ...], dict]) -> dict:
    """``node`` with equal subtrees replaced by one of them (bottom up: equal children are
    then the same object, so a node is told by its keys, its term and its children's ids)."""
    children = {ch: child if ch == "" else _shared(child, seen) for ch, child in node.items()}
    key = tuple((ch, child if ch == "" else id(child)) for ch, child in children.items())
    return seen.setdefault(key, children)


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


def _cut_after_head(text: str) -> bool:
    r"""Whether a head of ``_HEAD_CUT`` can be followed by a cut term: False when none of
    ``_head_ends`` is. Each of those ends a match at a line start s (0, or after a "\n"); the
    patterns below match there (at s - 1, from its "\n") the same way up to that end (\s*+ takes
    the same space), and then find the cut; they may find more (backtracking into the head)."""
    first, following = _cut_gates()
    return following.search(text) is not None or first.match(text) is not None


@cache
def _cut_gates() -> tuple[re.Pattern[str], re.Pattern[str]]:
    cuts = f"(?=(?:{_term_cuts()[0].pattern}))"
    return re.compile(r"\s*+" + _HEAD + cuts), re.compile(r"\n\s*+" + _HEAD + cuts)


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


# ---------------------------------------------------------------- phrasing


_XIANGBI_MISSING = re.compile(
    r"与(?:上年|去年|上一年|(?:19|20)\d{2}年)[^，,。；;相比较]{0,8}?(?:增加|减少|增长|下降|降低|上升)"
)
_DANGLING_LIST = re.compile(r"其中[:：]?[。；;]")
# (?:占|为|计|共)[，,、](?=\d), one pattern per word (split scans: a match that starts inside
# another would start with a mark)
_STRAY_BEFORE_FIGURE = tuple(re.compile(rf"{w}[，,、](?=\d)") for w in "占为计共")
# (?:增长|…|上升)了?N(?=…)|(?:预算|决算)数?为N(?=…), one alternative per word (a fast scan)
_MISSING_UNIT_BRANCHES = (
    *(rf"{w}了?\d+(?:\.\d+)?(?=[。，,；;])" for w in ("增长", "下降", "降低", "上升")),
    *(rf"{w}数?为\d+(?:\.\d+)?(?=[；;。])" for w in ("预算", "决算")),
)
_MISSING_UNIT = re.compile("|".join(_MISSING_UNIT_BRANCHES))
# ((?:19|20)\d{2})(?=[“"]?(?:三公|部门|单位)) not after a digit or '.', as one pattern per
# century: each starts with two literal characters, which the regex engine scans for far
# faster than for the class [12]. (?<![\d.]) is checked after those two.
_YEARS_WITHOUT_NIAN = tuple(
    re.compile(rf"({c}(?<![\d.]{c})\d{{2}})(?=[“\"]?(?:三公|部门|单位))") for c in ("19", "20")
)


# ---------------------------------------------------------------- phrasing scanned together


def _phrasing(text: str) -> tuple[list[list[re.Match[str]]], list[frozenset[str]]]:
    """The matches of each phrasing pattern of :func:`_joint_scan`, by slot, each slot's in
    text order: what ``finditer`` of each pattern finds (for the slot of the four
    _STRAY_BEFORE_FIGURE patterns, what _split_scan finds); and for each word list of
    :func:`_word_lists`, the first characters of its groups that match somewhere.

    Blank figures, doubled words, missing units and the word lists' groups start with a class
    of characters: scanned for one by one, each costs ≈ 3 ns a character of the text, most of it
    the class test (a literal first character scans ≈ 10 times faster, but the word lists have
    ≈ 30 of them). So one pattern scans for the places where any of them matches, and each is
    asked only there. That pattern is, for each first character c of any of their
    alternatives, ``c(?=rests)`` with the rests of all alternatives starting with c: it matches
    the one character at exactly the places where one of the patterns matches (a lookahead
    finds the rest where the alternative would), so going on from the next character it visits
    all of them. A pattern's ``finditer`` finds, from where its last match ended, the first
    place where it matches: among the places visited, the first one after that end where
    ``match`` succeeds (look-behinds see the text before a ``match``'s start as they do in
    ``finditer``). A group is asked until it matches once."""
    joint, asked, slots, patterns, groups = _joint_scan()
    out: list[list[re.Match[str]]] = [[] for _ in range(slots)]
    ends = [0] * patterns  # where each pattern's last match ended
    for place in joint.finditer(text):
        i = place.start()
        for k, slot, pattern in asked[text[i]]:
            if i >= ends[k] and (m := pattern.match(text, i)) is not None:
                out[slot].append(m)
                ends[k] = m.end() if slot < _PHRASING_SLOTS else len(text) + 1  # (groups: once)
    found = [frozenset(c for c, slot in word_list if out[slot]) for word_list in groups]
    return out[:_PHRASING_SLOTS], found


# blank, doubled, missing, empty reasons, comparisons, dangling, stray, dates, title marks, unit
_PHRASING_SLOTS = 10
_Asked = dict[str, list[tuple[int, int, re.Pattern[str]]]]


@cache
def _word_lists() -> tuple[_WordList, ...]:
    """The template alternatives, placeholders and instructions, the redundant words, the
    typos and the renamed subjects."""
    return tuple(
        _WordList(entries, tuple((c, re.compile(source)) for c, source in groups))
        for entries, groups in _word_lists_data()
    )


@cache
def _joint_scan() -> tuple[re.Pattern[str], _Asked, int, int, list[list[tuple[str, int]]]]:
    """The joint pattern of :func:`_phrasing`; for each first character, what to ask where it
    matches (the pattern's number, its slot, the pattern); the numbers of slots and of
    patterns; and for each word list, its groups' first characters and slots."""
    joint, asked, sources, slots, groups = _joint_scan_data()
    # (compiled from the sources they were compiled from: equal patterns, from re's cache)
    patterns = [re.compile(source) for source in sources]
    return (
        re.compile(joint),
        {c: [(k, slot, patterns[k]) for k, slot in entries] for c, entries in asked.items()},
        slots,
        len(patterns),
        groups,
    )


@startcache.derived("wording")  # kept between runs of the command line (start-up time)
def _joint_scan_data() -> tuple[
    str, dict[str, list[tuple[int, int]]], list[str], int, list[list[tuple[str, int]]]
]:
    """:func:`_joint_scan` as plain data: the joint pattern's source, for each first character
    the (number, slot) of the patterns to ask, the patterns' sources by number, the number of
    slots and the word lists' groups (building the joint source takes ≈ 0.3 ms)."""
    doubled = _duplicate_pattern()
    words = sorted(vocab.wording()["duplicates"]["words"], key=len, reverse=True)
    # (slot of the matches, the pattern, its alternatives: each one literal character and a
    # rest); stray punctuation, run-together dates and empty title marks: several patterns
    # whose matches never overlap (see each) in one slot, as _split_scan has them
    patterns: list[tuple[int, re.Pattern[str], list[tuple[str, str]]]] = [
        (0, _BLANK_FIGURE, [(b[0], b[1:]) for b in _BLANK_FIGURE_BRANCHES]),
        # (word)\1 matches where one of the words is written twice: word + word as a literal
        (1, doubled, [(w[0], re.escape(w[1:] + w)) for w in words]),
        (2, _MISSING_UNIT, [(b[0], b[1:]) for b in _MISSING_UNIT_BRANCHES]),
        *(
            (slot, p, [(p.pattern[0], p.pattern[1:])])
            for slot, p in ((3, _EMPTY_REASON), (4, _XIANGBI_MISSING), (5, _DANGLING_LIST))
        ),
        *((6, p, [(p.pattern[0], p.pattern[1:])]) for p in _STRAY_BEFORE_FIGURE),
        *((7, p, [(p.pattern[0], p.pattern[1:])]) for p in _RUN_TOGETHER_DATES),
        *((8, p, [(p.pattern[0], p.pattern[1:])]) for p in _EMPTY_TITLE_MARKS),
        (9, _UNIT_WORDING, [(b[0], b[1:]) for b in _UNIT_WORDING_BRANCHES]),
    ]
    for _, _, alternatives in patterns:
        # (a first character that is no literal would make the split wrong)
        assert all(first not in _SPECIAL for first, _ in alternatives)
    slots = _PHRASING_SLOTS
    groups: list[list[tuple[str, int]]] = []
    for word_list in _word_lists():
        groups.append([])
        for first, group in word_list.groups:
            # each entry's source starts with its escaped first character
            lead = re.escape(first)
            alternatives = [
                (first, e[1][len(lead) :]) for e in word_list.entries if e[0][0] == first
            ]
            assert all(e[1].startswith(lead) for e in word_list.entries if e[0][0] == first)
            patterns.append((slots, group, alternatives))
            groups[-1].append((first, slots))
            slots += 1
    # (the patterns are rebuilt from their sources alone: none has flags)
    assert all(p.flags == re.UNICODE for _, p, _ in patterns)
    rests: dict[str, list[str]] = {}
    asked: dict[str, list[tuple[int, int]]] = {}
    for k, (slot, _, alternatives) in enumerate(patterns):
        for first, rest in alternatives:
            # (a quantifier on the first character would make the split wrong)
            assert rest[:1] not in ("?", "*", "+", "{"), first + rest
            rests.setdefault(first, []).append(rest)
            if not any(entry[0] == k for entry in asked.get(first, ())):
                asked.setdefault(first, []).append((k, slot))
    joint = "|".join(f"{re.escape(c)}(?=(?:{'|'.join(r)}))" for c, r in rests.items())
    return joint, asked, [p.pattern for _, p, _ in patterns], slots, groups


# ---------------------------------------------------------------- names


def _renamed_subjects(text: str, found: frozenset[str]) -> tuple[Wording, ...]:
    """Where each renamed subject's old name first stands (its first occurrence is enough)."""
    out = []
    for old in _gated(_plain_words("renamed_subjects"), found):
        at = text.find(old)
        if at >= 0:
            out.append(Wording(at, at + len(old), old))
    return tuple(out)


_CONJUNCTIONS = "和与及"
_DISTRICT = re.compile(r"^(.{2,4}?[省市])(.{1,4}?[区县])(.{2,})$")


def _own_name_variants(text: str, name: str) -> tuple[Wording, ...]:
    """The document's own name written another way: '规划与自然资源局' for '规划和自然资源局',
    or '上海市规划和自然资源局' for '上海市普陀区规划和自然资源局' (the district left out)."""
    if len(name) < 6:
        return ()
    variants = {
        name[:i] + other + name[i + 1 :]
        for i, c in enumerate(name)
        if c in _CONJUNCTIONS
        for other in _CONJUNCTIONS
        if other != c
    }
    district = _DISTRICT.match(name)
    if district:
        variants.add(district.group(1) + district.group(3))
    return tuple(Wording(w.start, w.end, w.found, name) for w in _literals(variants, text))


_UNIT_WORDING_BRANCHES = ("部门预算安排", r"下属\d+家(?:机关|行政单位)")
_UNIT_WORDING = re.compile("|".join(_UNIT_WORDING_BRANCHES))


# ---------------------------------------------------------------- leaks


# [<＜《〈]\s*[>＞》〉], one pattern per opening mark (split scans: inside a match there is
# blank space and a closing mark, neither of which starts one)
_EMPTY_TITLE_MARKS = tuple(re.compile(rf"{re.escape(c)}\s*[>＞》〉]") for c in "<＜《〈")
# PAGEREF\s*_Toc\d+|HYPERLINK\s+\\l|\bTOC\s+\\[ohz]|MERGEFORMAT, one pattern per code (split
# scans: none of the four starts inside another; the T of MERGEFORMAT is no \bTOC), each
# with characters every match of it holds
_FIELD_CODES = tuple(
    (needs, re.compile(p))
    for needs, p in (
        ("PAGEREF_Toc", r"PAGEREF\s*_Toc\d+"),
        ("HYPERLINK\\", r"HYPERLINK\s+\\l"),
        ("TOC\\", r"T(?<!\wT)OC\s+\\[ohz]"),
        ("MERGEFORMAT", "MERGEFORMAT"),
    )
)
# (?:日期|时间)[:：]\s*(date)(?!…), one pattern per word (split scans: after the word come a
# colon, blank space and digits, none of which starts a word)
_RUN_TOGETHER_DATES = tuple(
    re.compile(rf"{w}[:：]\s*((?:19|20)\d{{2}}(?:0?[1-9]|1[0-2])\d{{1,2}})(?![\d年.\-/])")
    for w in ("日期", "时间")
)


def _field_codes(text: str) -> tuple[Wording, ...]:
    # (a test of one character is a fast scan, ≈ 30 times faster than the regex's; Chinese
    # texts seldom hold all the letters of a code)
    return _split_scan([p for needs, p in _FIELD_CODES if all(c in text for c in needs)], text)


# ---------------------------------------------------------------- paragraphs ending on a figure


_FIGURE_END = re.compile(r"\d(?:\.\d+)?\s*(?:万元|元|亿元|%)$")
_HEADING_START = re.compile(
    r"\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十]+[）)])"
)
# 元 or % ending a line but for blank space: the lines _FIGURE_END can match. One pattern per
# character: a pattern that starts with a character scans far faster than one with a class.
_LINE_ENDS = (re.compile(r"元[^\S\n]*\n"), re.compile(r"%[^\S\n]*\n"))


def _unterminated(text: str) -> tuple[Wording, ...]:
    """'…预算为464.64万元' followed straight by '三、政府采购预算情况': a sentence that ends its
    paragraph on a figure, with no full stop, before the next heading (the span: its last
    character)."""
    split = lines_of(text)
    lines, starts = split.lines, split.starts
    # Only a line whose end (but for blank space) is 元 or % can end on a figure, and one
    # that is followed by a filled line has a line break after it: visit those lines only.
    # (re's \s and str.strip agree on what is blank.)
    candidates = sorted(
        {bisect_left(starts, m.end()) - 1 for p in _LINE_ENDS for m in p.finditer(text)}
    )
    out = []
    for i in candidates:
        line = lines[i].rstrip()
        # (a table row with its trailing spaces stripped is still one: the gap ends on a cell)
        if len(line.strip()) < 20 or split.table[i] or _HEADING_START.match(line):
            continue
        following = next((j for j in range(i + 1, len(lines)) if lines[j].strip()), None)
        if following is None:
            continue
        # The next line's start is cheaper to look at than this line's end.
        if _HEADING_START.match(lines[following]) and _FIGURE_END.search(line):
            end = starts[i] + len(line)
            out.append(Wording(end - 1, end, line[-1]))
    return tuple(out)


# ---------------------------------------------------------------- misspellings


def _typos(text: str, found: frozenset[str]) -> tuple[Wording, ...]:
    """Known misspellings from rules/wording.toml ('社区事物受理' for 社区事务受理)."""
    typos: dict[str, str] = vocab.wording()["typos"]
    return tuple(
        Wording(w.start, w.end, w.found, typos[w.found])
        for w in _literals(_gated(_plain_words("typos"), found), text)
    )
