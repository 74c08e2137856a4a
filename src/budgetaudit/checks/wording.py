"""Template leftovers (T001–T004), duplicated words and punctuation (W001, W004), unpaired
brackets and quotes (W002, W003), reasons announced but not given (R002), garbled terms,
phrasing slips, leaks and misspellings. The wording is found by wording_facts.py
(``doc.facts.wording``); these checks decide and word the findings."""

from __future__ import annotations

from collections.abc import Iterator

from budgetaudit import vocab
from budgetaudit.checks.hit import Hit
from budgetaudit.model import Document, Wording

_PAIRS = {"（": "）", "(": ")", "《": "》", "〈": "〉"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}


def _as_found(kinds: tuple[tuple[str, tuple[Wording, ...], str], ...]) -> Iterator[Hit]:
    """A hit for every wording of each (code, wordings, message about '{}') kind, as found."""
    for code, found, message in kinds:
        for f in found:
            yield Hit(code, f.start, f.end, message.format(f.found), found=f.found)


def check_templates(doc: Document) -> Iterator[Hit]:
    w = doc.facts.wording
    yield from _as_found(
        (
            ("T001", w.alternatives, "template alternatives left unresolved: '{}'"),
            ("T003", w.placeholders, "template placeholder left in: '{}'"),
            ("T004", w.instructions, "an instruction to the filer was published: '{}'"),
            ("T002", w.blank_figures, "a figure is left blank: '{}'"),
        )
    )


def check_duplicates(doc: Document) -> Iterator[Hit]:
    w = doc.facts.wording
    for f in w.doubled_words:
        yield Hit(
            "W001",
            f.start,
            f.end,
            f"'{f.expected}' is written twice: '{f.found}'",
            expected=f.expected,
            found=f.found,
        )
    for f in w.redundant:
        yield Hit("W001", f.start, f.end, f"redundant wording: '{f.found}'", found=f.found)
    for f in w.doubled_punctuation:
        yield Hit(
            "W004",
            f.start,
            f.end,
            f"punctuation written twice: '{f.found}'",
            expected=f.expected,
            found=f.found,
        )


def check_pairs(doc: Document) -> Iterator[Hit]:
    """Brackets must close with their own kind, and “ ” alternate, within a paragraph."""
    for run in doc.facts.wording.brackets:
        stack: list[tuple[str, int]] = []
        quote_open: int | None = None
        for i, ch in run.marks:
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
                elif not stack and i in run.numbered:
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
        # A text that stops mid-sentence (a cut-off page) may stop inside brackets.
        if run.cut_off:
            continue
        if quote_open is not None:
            yield Hit("W003", quote_open, quote_open + 1, "'“' is never closed", expected="”")
        for opener, at in stack:
            yield Hit("W002", at, at + 1, f"'{opener}' is never closed", expected=_PAIRS[opener])


def check_empty_reasons(doc: Document) -> Iterator[Hit]:
    for f in doc.facts.wording.empty_reasons:
        yield Hit("R002", f.start, f.end, "a reason is announced but not given", found=f.found)


def check_garbled_terms(doc: Document) -> Iterator[Hit]:
    w = doc.facts.wording
    for f in w.lost_first_chars:
        yield Hit(
            "W005",
            f.start,
            f.end,
            f"'{f.found}' looks like '{f.expected}' with its first character lost",
            expected=f.expected,
            found=f.found,
        )
    for f in w.garbled_terms:
        yield Hit(
            "W005",
            f.start,
            f.end,
            f"'{f.found}' looks like a garbled '{f.expected}'",
            expected=f.expected,
            found=f.found,
        )


def check_phrasing(doc: Document) -> Iterator[Hit]:
    w = doc.facts.wording
    yield from _as_found(
        (
            ("W006", w.comparisons, "a comparison with 与 lacks 相比: '{}'"),
            ("W007", w.dangling_lists, "'其中' introduces a list that never comes: '{}'"),
            ("W008", w.stray_punctuation, "punctuation between a word and its figure: '{}'"),
            ("W009", w.missing_units, "a figure without its unit: '{}'"),
            ("W010", w.years_without_nian, "a year written without 年: '{}'"),
        )
    )


def check_renamed_subjects(doc: Document) -> Iterator[Hit]:
    if doc.meta.year is None:
        return
    renamed = vocab.wording()["renamed_subjects"]
    for f in doc.facts.wording.renamed_subjects:  # the first occurrence: the name is the finding
        since, new = renamed[f.found]
        if doc.meta.year >= since:
            yield Hit(
                "D002",
                f.start,
                f.end,
                f"'{f.found}' has been called '{new}' since {since}",
                expected=new,
                found=f.found,
            )


def check_own_name(doc: Document) -> Iterator[Hit]:
    """The document's own name written another way: '规划与自然资源局' for '规划和自然资源局'."""
    for f in doc.facts.wording.own_name_variants:
        yield Hit(
            "D003",
            f.start,
            f.end,
            f"the department's name is written '{f.found}', elsewhere '{f.expected}'",
            expected=f.expected,
            found=f.found,
        )


def check_unit_wording(doc: Document) -> Iterator[Hit]:
    """A 单位预算 that speaks of its 部门预算: wording kept from the department's template."""
    if "单位预算" not in (doc.meta.title or ""):
        return
    for f in doc.facts.wording.unit_wording:
        yield Hit(
            "D004",
            f.start,
            f.end,
            f"a unit budget says '{f.found}', wording of the department's budget",
            found=f.found,
        )


def check_leaks(doc: Document) -> Iterator[Hit]:
    """Word field codes published as text (once per document), dates that lost their separators."""
    w = doc.facts.wording
    if w.field_codes:
        f = w.field_codes[0]
        yield Hit(
            "T005",
            f.start,
            f.end,
            f"Word field codes published as text ('{f.found}', {len(w.field_codes)} in all)",
            found=f.found,
        )
    for f in w.empty_title_marks:
        yield Hit(
            "W002",
            f.start,
            f.end,
            f"empty title marks '{f.found}': a title lost its name",
            found=f.found,
        )
    for f in w.run_together_dates:
        yield Hit(
            "W012", f.start, f.end, f"a date without its separators: '{f.found}'", found=f.found
        )


def check_unterminated(doc: Document) -> Iterator[Hit]:
    """'…预算为464.64万元' followed straight by '三、政府采购预算情况': a sentence that ends its
    paragraph on a figure, with no full stop, before the next heading."""
    for f in doc.facts.wording.unterminated:
        yield Hit("W013", f.start, f.end, "a sentence ends without its full stop", expected="。")


def check_typos(doc: Document) -> Iterator[Hit]:
    """Known misspellings from rules/wording.toml ('社区事物受理' for 社区事务受理)."""
    for f in doc.facts.wording.typos:
        yield Hit(
            "W014",
            f.start,
            f.end,
            f"'{f.found}' is a misspelling of '{f.expected}'",
            expected=f.expected,
            found=f.found,
        )
