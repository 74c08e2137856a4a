"""Facts and statements from normalised text: what each figure is, and what the text says of it.

The grammar covers DOMAIN.md §3: compositions (其中 …, nested in brackets, lists closed by 合计),
shares (占 p%), execution rates (完成年初预算的 p%), changes (比上年增加 X 万元，增长 p%),
reasons (主要原因是 …) and declared counts (内设科室3个，分别为：A、B、C). Concept names come
from ``rules/concepts.toml``; nothing here knows a particular document.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from itertools import accumulate

from budgetaudit import subject_items, vocab
from budgetaudit.averages import averages
from budgetaudit.model import (
    Change,
    Composition,
    CountList,
    DocMeta,
    Facts,
    Mention,
    Normalized,
    Quantity,
    Section,
    Sentence,
    Share,
    new_frozen,
)
from budgetaudit.net_changes import net_changes
from budgetaudit.quantities import find_quantities
from budgetaudit.structure import chinese_number

_SENTENCE_END = "。！？!?\n"
_LABEL_STOP = "，,。；;！？!?\n、"
_OPEN = "（("
_CLOSE = "）)"
_LABEL_MAX = 40

_YEAR_IN_LABEL = re.compile(r"((?:19|20)\d{2})年")
_PRIOR_WORDS = re.compile(r"上年|去年|上一年|上年度|前一年|上期")
_COMPARE = re.compile(
    r"与[^，,。；;]{0,12}?对比|对比|同比|相比|比|较|与(?=[^，,。；;]{0,14}?(?:持平|一致|相同|无变化|不变))"
)
_REASON = re.compile(r"(?:主要)?原因(?:主要)?(?:是|为|在于|有)?[:：]?")
# 预算 as a figure's kind (年初预算, 预算数), not as part of a fund's name (一般公共预算).
_BUDGET_FIGURE = re.compile(r"(?<!公共)(?<!基金)(?<!经营)(?<!资本)预算")
_BRACKETED = re.compile(r"[（(][^（()）]*[）)]")
_BREAKDOWN_INTRO = re.compile(r"其中|主要用于|包括|分别为|具体")
_CLAUSE_END = re.compile(r"[，,；;。]")
_COMPARED_BEFORE = re.compile(r"(?:与|和)[^，,。；;]{0,20}相比[，,]?[^，,。；;]{0,30}$")
_REASON_END = re.compile(r"[。；;]|[，,]主要用于")
_REASON_OPENING = re.compile(r"[^，,。；;\n]{0,20}?原因")
_EXECUTION = re.compile(
    r"完成(?:了)?(?:年初|全年|调整)?(?:预算|预算数)?的?|预算完成率为?|执行率为?|为(?:年初)?预算的"
)
# "其中", a bracket opening with 含/包括, or "…79.69亿元中，A…": a figure followed by 中.
_LIST_MARKER = re.compile(
    r"其中|(?<=[（(])(?:含|包括|其中)|(?<=[元])中(?=[，,:：])|分项(?:情况|来看|看)(?:是|为)?(?=[:：，,])"
    r"|(?<=元[（(])(?![含包其])"  # "…运行费500万元（购置费100万元；运行维护费400万元）"
)
# What every list marker holds where it matches: 中 (其中, 元中), a bracket opening with 含 or 包括
# (its 其中 holds 中), 分项, or 元 and a bracket (its look-behinds want those in the sentence: a
# sentence break stands before its start). Sentences without one have no marker (most
# bracketed ones: （一）, （类）).
_LIST_HINT = re.compile(r"中|[（(][含包]|分项|元[（(]")
_RESTATED_TOTAL = re.compile(r"合计|总计|共计|合共")
_TOTAL_WORD = re.compile(r"合计|总计|共计|合共|总额|共")
_OTHER_PART = re.compile(r"^(?:[:：]?)其他|^[^，,]{0,6}其他")


def _not_percent(m: Mention) -> bool:
    return m.quantity.measure != "percent"


@dataclass(frozen=True)
class _Dirs:
    """The direction words of rules/wording.toml and the patterns built from them."""

    increase: tuple[str, ...]
    decrease: tuple[str, ...]
    flat: tuple[str, ...]
    word: re.Pattern[str]
    undecided: re.Pattern[str]  # "增加（减少）": a template's choice never made
    rate: re.Pattern[str]  # "，增长p%" after a change amount
    delta_ends: tuple[str, ...]  # how a change amount's label ends
    cross_breaks: bool  # a word holds a sentence break (asked once a process, not a document)


@cache  # vocab.wording() is read once per process too
def _directions() -> _Dirs:
    d = vocab.wording()["direction"]
    inc = tuple(w for w in d["increase"] if len(w) > 1)
    dec = tuple(w for w in d["decrease"] if len(w) > 1)
    flat = tuple(d["flat"])
    words = sorted((*inc, *dec, *flat), key=len, reverse=True)
    word = "|".join(map(re.escape, words))
    return _Dirs(
        inc,
        dec,
        flat,
        re.compile(word),
        re.compile(rf"[（(/](?:{word})[）)]?"),
        re.compile(rf"[，,；;]?\s*({word})?了?(?:幅度|率|比例)?(?:为|达)?\s*(?=\d)"),
        (*inc, *dec, "增", "减"),
        any(c in w for w in (*inc, *dec, *flat) for c in _SENTENCE_END),
    )


def direction_of(word: str, dirs: _Dirs) -> int:
    if word in dirs.flat:
        return 0
    return 1 if word in dirs.increase else -1


# ---------------------------------------------------------------------------- sentences


# A sentence that str.strip() would not leave empty, from its first character (the text just
# after the previous break) to its break or the end of the text. A stretch ending in 。！？!? is
# never blank (those are no whitespace); one ending in a line break is kept only when a
# non-space character stands in it. A blank stretch matches nowhere (past its leading spaces
# only spaces and its \n follow), so every match starts right after a break, where the old
# split into stretches started its pieces. (re's \s and str.strip() agree on what is space.)
_SENTENCE = re.compile(r"[^\S\n]*(?:[^\s。！？!?][^。！？!?\n]*[。！？!?\n]?|[。！？!?])")
assert _SENTENCE_END == "。！？!?\n"  # the breaks spelt out in _SENTENCE


def split_sentences(text: str, sections: list[Section]) -> list[Sentence]:
    """Sentences end at 。！？ and at line ends; each knows the section it stands in."""
    out: list[Sentence] = []
    sec = 0
    # The next section's start (the sentence's section moves on when it is reached); past the
    # last section, a start no sentence reaches.
    later = [s.start for s in sections[1:]]
    later.append(len(text) + 1)
    following = later[0]
    for m in _SENTENCE.finditer(text):
        start, end = m.span()
        while following <= start:
            sec += 1
            following = later[sec]
        out.append(new_frozen(Sentence, start=start, end=end, section=sec))  # ≈ 110 a document
    return out


_BRACKET = re.compile(f"[{_OPEN}{_CLOSE}]")


def _depths(text: str, start: int, end: int) -> list[int]:
    """Bracket depth of every character of text[start:end] (the bracket itself counts outside)."""
    out: list[int] = []
    depth = 0
    pos = start
    for m in _BRACKET.finditer(text, start, end):  # the depth changes only at a bracket
        k = m.start()
        out += [depth] * (k - pos)
        if text[k] in _CLOSE:
            depth = max(0, depth - 1)
            out.append(depth)
        else:
            out.append(depth)
            depth += 1
        pos = k + 1
    out += [depth] * (end - pos)
    return out


# ---------------------------------------------------------------------------- mentions


# Up to the last clause break of the text it is given (.* runs to the end and backs off to it).
_LAST_LABEL_STOP = re.compile("(?s:.*)[" + re.escape(_LABEL_STOP) + "]")


def _label_before(text: str, q: Quantity, floor: int) -> str:
    """The words naming a figure: back to a clause break or the previous figure."""
    lo = max(floor, q.start - _LABEL_MAX)
    stop = _LAST_LABEL_STOP.match(text, lo, q.start)
    label = text[stop.end() if stop else lo : q.start]
    if "（" not in label and "(" not in label:
        return label.strip()  # no bracket opens in it (the scan below would find none)
    # An unclosed bracket starts the label ("（含商务接待费10万元）").
    depth = 0
    # (from the last bracket back: the depth changes only at one)
    for k in reversed([m.start() for m in _BRACKET.finditer(label)]):
        ch = label[k]
        if ch in _CLOSE:
            depth += 1
        elif ch in _OPEN:
            if depth == 0:
                label = label[k + 1 :]
                break
            depth -= 1
    return label.strip()


@lru_cache(maxsize=1 << 15)  # (what a label says of its period: asked of every figure)
def _period(label: str, final: bool, year: int | None) -> str:
    """prior (上年 …), budget (a final account's 年初预算 figure) or current (``final``: the
    document is a final account, ``year`` its year)."""
    if _PRIOR_WORDS.search(label):
        return "prior"
    if final and _BUDGET_FIGURE.search(label) and "决算" not in label:
        return "budget"
    if year and "年" in label:  # (every year in a label is followed by 年)
        for m in _YEAR_IN_LABEL.finditer(label):
            if int(m.group(1)) < year:
                return "prior"
    return "current"


def _is_final(meta: DocMeta) -> bool:
    return meta.kind == "决算" or (meta.kind == "三公" and "决算" in (meta.title or ""))


def _is_delta(label: str, dirs: _Dirs) -> bool:
    tail = label.rstrip("了为:：")
    return tail.endswith(dirs.delta_ends) or bool(
        _COMPARE.search(label) and dirs.word.search(label)
    )


@lru_cache(maxsize=1 << 15)
def _reading(label: str) -> tuple[str | None, bool]:
    """A figure's concept and whether it is a change amount, from its label alone (with the
    vocabulary, read once a process). Labels repeat within a document and across documents
    (支出决算为, 2024年预算安排, 比上年增加: of the corpus's labels, ≈ 55 % recur in documents
    not seen before), and each costs a bracket-stripping pass, the concept lookup and two
    searches; the cache is bounded, so a batch stays bounded too."""
    return vocab.concepts().match(label), _is_delta(label, _directions())


# ---------------------------------------------------------------------------- the extractor


class _Extractor:
    def __init__(self, norm: Normalized, sections: list[Section], meta: DocMeta) -> None:
        self.text = norm.text
        self.sections = sections
        self.meta = meta
        self.concepts = vocab.concepts()
        self.dirs = _directions()
        self.measures = frozenset(self.concepts.measure.values())  # what a concept measures
        self.final = _is_final(meta)  # (asked of every figure's period)
        self.fewest_components = min((len(c) for _, c in self.concepts.decompositions), default=0)
        self.facts = Facts()
        self.facts.sentences = split_sentences(self.text, sections)
        self.facts.quantities = find_quantities(self.text)
        self.delta: set[int] = set()  # ids of mentions that are change amounts

    def run(self) -> Facts:
        # Most sentences hold no figure, direction word, 其中 or 如下 and nothing is done with
        # them: the passes below visit only the sentences that hold one (found from where
        # those stand in the text, a sentence by bisecting the sentence ends), in text order.
        text = self.text
        sentences = self.facts.sentences
        self.ends = [s.end for s in sentences]
        by_sentence: dict[int, list[Quantity]] = {}
        for q in self.facts.quantities:
            si = bisect_right(self.ends, q.start)
            if si < len(sentences):
                by_sentence.setdefault(si, []).append(q)
        figured = sorted(by_sentence)
        # (one shared empty list for the sentences without figures: it is only read, and a
        # sentence's list is replaced, never appended to)
        self.sentence_mentions: list[list[Mention]] = [[]] * len(sentences)
        for idx in figured:
            mentions = self._mentions(idx, sentences[idx], by_sentence[idx])
            self.sentence_mentions[idx] = mentions
            self.facts.mentions.extend(mentions)
        self.mention_starts = [m.quantity.start for m in self.facts.mentions]
        self._value_lists: dict[int, list[Mention]] = {}
        for idx, found in self._direction_words().items():
            self._changes(idx, sentences[idx], by_sentence.get(idx, []), found)
        # Reasons are known now: a figure inside "主要原因是新增…50万元" is no list item.
        # (Asked of each list item: a figure stands in a reason when some span starting at or
        # before it reaches past it, i.e. the farthest end among the spans starting there.)
        spans = sorted(c.reason for c in self.facts.changes if c.reason)
        self.reason_starts = [a for a, _ in spans]
        self.reason_reach = list(accumulate((b for _, b in spans), max))
        # (A sentence without figures has no list, unless it opens with 其中 or announces one
        # with 如下; nor any share.)
        visit = set(figured)
        visit.update(self._sentences_with("其中"))
        visit.update(self._sentences_with("如下"))
        for idx in sorted(visit):
            sent = sentences[idx]
            if self.sentence_mentions[idx] or text.startswith("其中", sent.start):
                self._compositions(idx, sent)
            if self.sentence_mentions[idx]:
                self._scope_lists(idx, sent)
            self._announced_list(idx, sent)
        for idx in figured:
            self._shares(idx, sentences[idx], by_sentence[idx])
        self._count_lists()
        self.facts.averages = averages(self.text, self.facts)
        # A final account's per-subject paragraphs add up to the totals stated before them.
        self.facts.compositions.extend(
            subject_items.compositions(self.text, self.sections, self.facts)
        )
        self.facts.net_changes = net_changes(self.text, self.facts, self._sign)
        return self.facts

    def _in_reason(self, pos: int) -> bool:
        """Does ``pos`` stand inside the reason of a change (start <= pos < end)?"""
        k = bisect_right(self.reason_starts, pos)
        return k > 0 and self.reason_reach[k - 1] > pos

    def _sentences_with(self, word: str) -> set[int]:
        """The sentences ``word`` occurs in (it holds no sentence break nor space)."""
        out: set[int] = set()
        k = self.text.find(word)
        while k >= 0:
            si = bisect_right(self.ends, k)
            if si < len(self.ends):
                out.add(si)
            k = self.text.find(word, k + 1)
        return out

    def _sign(self, label: str) -> int | None:
        """+1 / -1 for a change amount's label (``…较上年增加``, ``政府性基金减少``), else None."""
        tail = label.rstrip("了为:：")
        for words, sign in ((self.dirs.increase, 1), (self.dirs.decrease, -1)):
            if any(tail.endswith(w) for w in words):
                return sign
        return None

    # -- mentions

    def _mentions(self, idx: int, sent: Sentence, qs: list[Quantity]) -> list[Mention]:
        out: list[Mention] = []
        floor = sent.start
        # "…“三公”经费支出年初预算为27080元，支出决算为26085.58元": a figure whose own words
        # name only a total (支出决算) belongs to the item the sentence opened with. (That
        # item is looked for only when a figure could take it.)
        head: str | None = None
        head_known = False
        text = self.text
        concepts = self.concepts
        measure_of = concepts.measure
        generic = concepts.generic
        final = self.final
        year = self.meta.year
        for q in qs:
            label = _label_before(text, q, floor)
            floor = q.end
            measure = q.measure
            if measure == "percent":
                concept = None
                delta = False  # (a rate is never a change amount)
            else:
                concept, delta = _reading(label)
            if (concept is None or concept in generic) and measure in self.measures:
                if not head_known:
                    head = concepts.match(text[sent.start : qs[0].start])
                    if head in generic:
                        head = None
                    head_known = True
                if head is not None and measure == measure_of.get(head) and not delta:
                    concept = head
            if concept and measure_of.get(concept) not in (measure, "either"):
                concept = None
            period = _period(label, final, year)
            m = new_frozen(
                Mention, quantity=q, label=label, concept=concept, period=period, sentence=idx
            )
            if delta:
                self.delta.add(id(m))
            out.append(m)
        return out

    def _values(self, idx: int) -> list[Mention]:
        """The amounts and counts of a sentence, change amounts aside (one list per sentence,
        made once: the callers only read it, and no mention is added to the changes after
        the mentions are read)."""
        values = self._value_lists.get(idx)
        if values is None:
            values = self._value_lists[idx] = [
                m
                for m in self.sentence_mentions[idx]
                if m.quantity.measure != "percent" and id(m) not in self.delta
            ]
        return values

    def _first_mention(self, lo: int, hi: int, wanted: Callable[[Mention], bool]) -> Mention | None:
        """The first mention whose figure starts in [lo, hi) and is ``wanted``."""
        mentions = self.facts.mentions  # in text order
        for k in range(bisect_left(self.mention_starts, lo), len(mentions)):
            m = mentions[k]
            if m.quantity.start >= hi:
                break
            if wanted(m):
                return m
        return None

    # -- compositions

    def _compositions(self, idx: int, sent: Sentence) -> None:
        values = self._values(idx)
        if not values and not self.text.startswith("其中", sent.start):
            return
        # (_LIST_HINT: what every list marker holds)
        if _LIST_HINT.search(self.text, sent.start, sent.end):
            markers = list(_LIST_MARKER.finditer(self.text, sent.start, sent.end))
        else:
            markers = []
        depth = _depths(self.text, sent.start, sent.end) if markers else []

        def d(pos: int) -> int:
            return depth[pos - sent.start] if sent.start <= pos < sent.end else 0

        for k, marker in enumerate(markers):
            md = d(marker.start())
            total = self._list_total(idx, sent, values, marker.start(), md, d)
            if total is None:
                if md == 0:
                    self._paragraph_total_list(idx, sent, marker.end())
                continue
            stop = sent.end
            for later in markers[k + 1 :]:
                if d(later.start()) == md:
                    stop = later.start()
                    # "…；实有52人，其中…": the next list's total is not a part of this one.
                    nxt = self._list_total(idx, sent, values, later.start(), md, d)
                    if (
                        nxt is not None
                        and nxt.quantity.start > marker.start()
                        and not self._component(nxt, total)
                    ):
                        stop = nxt.quantity.start
                    break
            parts: list[Mention] = []
            closer: Mention | None = None  # "…，合计1170万元": the list's own sum, restated
            skipped = False  # a figure inside the list that is not read as an item
            for m in self.sentence_mentions[idx]:
                qs = m.quantity.start
                if qs <= marker.start() or qs >= stop or d(qs) != md:
                    continue
                if m.quantity.measure == "percent":
                    continue
                if id(m) in self.delta or _COMPARE.search(m.label):
                    skipped = True
                    continue  # "A a，比上年增加x；B b …": each item may carry its own change
                if self._in_reason(qs):
                    skipped = True
                    continue
                if _RESTATED_TOTAL.search(m.label):
                    # only a list read without a gap is the one its 合计 sums up
                    same = m.quantity.measure == total.quantity.measure
                    if same and len(parts) >= 2 and not skipped:
                        closer = m
                    break  # "…，合计1170万元" closes the list by repeating its total
                if md > 0 and self._closes_before(marker.start(), qs):
                    break
                if parts and self._list_ended(parts[0], m):
                    break
                if parts and (
                    _SUBLIST.search(self.text, parts[-1].quantity.end, m.quantity.start)
                    or (
                        m.quantity.measure == "money"
                        and m.concept is not None
                        and m.concept in {p.concept for p in parts}
                    )
                ):
                    break  # "…接待费4895元，具体是国内接待费4895元": the last item's own breakdown
                if {m.period, total.period} == {"budget", "current"}:
                    continue  # a final account's budget figure beside its actual one
                if m.quantity.measure != total.quantity.measure or (
                    m.quantity.measure == "count" and m.quantity.unit != total.quantity.unit
                ):
                    continue
                parts.append(m)
            if not parts and md == 0 and self.text[marker.end() : sent.end].strip(" :：\n") == "":
                # "其中：" closing its line, the items on numbered lines below.
                parts = self._numbered_parts(sent.end, total)
            if parts and md == 0 and not self._complete(total, parts):
                # "其中：运行费8.1万元，…。该项经费…。购置费0万元，…": the list goes on in the
                # next sentences of the paragraph, one missing component each.
                parts = parts + self._later_sentences(idx, total, parts)
            if parts and md == 0 and not self._complete(total, parts):
                # "…4.02万元。其中：购置支出0万元，…。\n运行维护支出0万元，…": the list goes on
                # on the lines below, one component a line.
                line_end = self.text.find("\n", sent.end - 1)
                if line_end >= 0:
                    more = self._numbered_parts(line_end + 1, total, minimum=1)
                    if more and all(m.concept not in {p.concept for p in parts} for m in more):
                        parts = parts + more
            if parts and marker.group() == "" and not self._component(parts[0], total):
                continue  # a bracket after a figure lists its parts only if it names one
            if parts and not (len(parts) == 1 and parts[0].concept == total.concept):
                # A list its writer sums up (合计 after the items) names all of its total.
                complete = closer is not None or self._complete(total, parts)
                self.facts.compositions.append(Composition(total, tuple(parts), complete))
                if closer is not None and closer.quantity.value != total.quantity.value:
                    # the restated sum differs from the total: which of the two the parts
                    # make up decides which one is wrong (one finding, not two)
                    self.facts.compositions.append(Composition(closer, tuple(parts), True))
        # (Each pass below finds nothing in a sentence its gate rules out: a closed list needs
        # two parts before its total, a bare list a total and a figure for each of the fewest
        # components a decomposition has, an inline list a colon.)
        if len(values) >= 3:
            self._closed_lists(idx, values)
        if len(values) > self.fewest_components:
            self._bare_list(values)
        if (
            self.text.find("：", sent.start, sent.end) >= 0
            or self.text.find(":", sent.start, sent.end) >= 0
        ):
            self._inline_numbered(idx, sent, values)
        if idx > 0 and values:
            self._sibling_sentences(idx, values)  # (which reads the sentence before)

    def _scope_lists(self, idx: int, sent: Sentence) -> None:
        """'…收支总预算858016.06万元。收入…包括：A a、B b；支出包括：C c、D d…': a clause that
        opens with 收入 or 支出 and introduces a list (包括/其中) before any figure breaks down the
        收支 total stated earlier in the paragraph. The list may be partial (it can only be too
        large) unless it names every component of the total."""
        text = self.text
        if not _SCOPE_WORD.search(text, sent.start, sent.end) or (
            text.find("包括", sent.start, sent.end) < 0
            and text.find("其中", sent.start, sent.end) < 0
        ):
            return  # (every match of _SCOPE_LIST holds both; its search tries each position)
        line_start = text.rfind("\n", 0, sent.start) + 1
        for m in _SCOPE_LIST.finditer(text, sent.start, sent.end):
            scope = m.group(1)
            totals = [
                x
                for x in self.facts.mentions
                if line_start <= x.quantity.start < m.start()
                and x.quantity.measure == "money"
                and x.period == "current"
                and id(x) not in self.delta
                and _SCOPE_TOTAL.search(x.label)
                and ("收" in x.label if scope == "收入" else "支" in x.label)
            ]
            if not totals:
                continue
            total = totals[-1]
            end = m.end()
            stop = min(
                (p for p in (text.find(c, end, sent.end) for c in "；;。") if p >= 0),
                default=sent.end,
            )
            parts = [
                x
                for x in self.sentence_mentions[idx]
                if end <= x.quantity.start < stop
                and x.quantity.measure == "money"
                and id(x) not in self.delta
                and not _COMPARE.search(x.label)
            ]
            if len(parts) < 2 or any(
                c.total is total and c.parts == tuple(parts) for c in self.facts.compositions
            ):
                continue
            self.facts.compositions.append(
                Composition(total, tuple(parts), self._complete(total, parts))
            )

    def _paragraph_total_list(self, idx: int, sent: Sentence, after: int) -> None:
        """'3.公务接待费支出7.8万元，…。主要原因是…。其中：' closing its paragraph, a component on
        each line below: the list breaks down the latest figure of the paragraph whose
        decomposition those lines complete (the reason between them names no figure)."""
        if self.text[after : sent.end].strip(" :：。.，,\n") != "":
            return
        line_end = self.text.find("\n", after)
        if line_end < 0:
            return
        line_start = self.text.rfind("\n", 0, sent.start) + 1
        candidates = [
            m
            for m in self.facts.mentions
            if line_start <= m.quantity.start < sent.start
            and m.concept is not None
            and m.period == "current"
            and m.quantity.measure == "money"
            and id(m) not in self.delta
        ]
        for total in reversed(candidates):
            parts = self._numbered_parts(line_end + 1, total)
            if parts and self._complete(total, parts):
                if not any(c.total is total for c in self.facts.compositions):
                    self.facts.compositions.append(Composition(total, tuple(parts), True))
                return

    def _component(self, m: Mention, total: Mention) -> bool:
        """Is ``m`` one of the standard components of ``total`` (a sub-list's total may be)?"""
        if m.concept is None or total.concept is None:
            return False
        return any(m.concept in comps for comps in self.concepts.components_of(total.concept))

    def _later_sentences(self, idx: int, total: Mention, parts: list[Mention]) -> list[Mention]:
        """Components of ``total`` opening the following sentences of the same line.

        The first figure of each sentence (change amounts aside) is taken when it is a component
        that the parts started but did not finish (one decomposition of the total holds them all
        and the new one); the first sentence that opens with another figure ends the list."""
        if total.concept is None:
            return []
        decomps = self.concepts.components_of(total.concept)
        have = {p.concept for p in parts}
        if None in have:
            return []
        line_end = self.text.find("\n", self.facts.sentences[idx].start)
        line_end = len(self.text) if line_end < 0 else line_end
        more: list[Mention] = []
        for k in range(idx + 1, len(self.facts.sentences)):
            if self.facts.sentences[k].start >= line_end:
                break
            first = next(
                (
                    m
                    for m in self.sentence_mentions[k]
                    if m.quantity.measure == total.quantity.measure and id(m) not in self.delta
                ),
                None,
            )
            if first is None:
                continue
            names = have | {first.concept}
            if (
                first.concept is None
                or first.concept in have
                or first.period != total.period
                or not any(names <= comps for comps in decomps)
                or first.quantity.start - self.facts.sentences[k].start > _LABEL_MAX
            ):
                break
            more.append(first)
            have = names
        return more

    def _numbered_parts(self, pos: int, total: Mention, minimum: int = 2) -> list[Mention]:
        """The first figure of each numbered line that follows: （一）A a…\n（二）B b…"""
        parts: list[Mention] = []
        style = None
        expected = 1
        for line_start, line in _lines_from(self.text, pos):
            if not line.strip():
                continue
            m = _ITEM_MARKER.match(line)
            if m is None:
                if style is None and self._component_line(line_start, line, total):
                    style = "plain"  # "其中：\n公务用车购置支出0元…\n公务用车运行维护支出…"
                elif style != "plain" or not self._component_line(line_start, line, total):
                    break
            else:
                kind, number = _item_number(m)
                if (style is not None and kind != style) or number != expected:
                    break
                style = kind
                expected += 1
            first = self._first_mention(line_start, line_start + len(line), _not_percent)
            if (
                first is None
                or id(first) in self.delta
                or first.quantity.measure != total.quantity.measure
                # a final account's item opens with its budget, not a part of the actual total
                or {first.period, total.period} == {"budget", "current"}
            ):
                return []
            parts.append(first)
            if len(parts) > 30:
                return []
        return parts if len(parts) >= minimum else []

    def _announced_list(self, idx: int, sent: Sentence) -> None:
        """'财政拨款支出主要内容如下：\n1. …科目1202.95万元…\n2. …': items on numbered lines under a
        sentence that names their total without its figure; the figure is the latest one of that
        name in the section. The list may be partial ('主要'), so it can only be too large."""
        if self.sentence_mentions[idx] or self.text.find("如下", sent.start, sent.end) < 0:
            return  # every wording of _ANNOUNCED has 如下; a plain find is much cheaper
        intro = _ANNOUNCED.search(self.text, sent.start, sent.end)
        if intro is None:
            return
        concept = self.concepts.match(self.text[sent.start : intro.start()])
        if concept is None:
            self._announced_after_total(idx, sent)
            return
        earlier = [
            m
            for m in self.facts.mentions
            if m.concept == concept
            and m.sentence < idx
            and self.facts.sentences[m.sentence].section == sent.section
            and m.period == "current"
            and id(m) not in self.delta
        ]
        if not earlier:
            return
        total = earlier[-1]
        parts = self._numbered_parts(sent.end, total)
        if parts:
            self.facts.compositions.append(
                Composition(total, tuple(parts), self._complete(total, parts))
            )

    def _announced_after_total(self, idx: int, sent: Sentence) -> None:
        """'…“三公”经费支出合计13.78万元，比上年减少15万元。具体情况如下：\n1、A…\n2、B…': an
        intro that names nothing announces the breakdown of the figure the sentence before it
        stated. Taken only when the numbered items are every component of that figure."""
        if idx == 0:
            return
        prev = self.facts.sentences[idx - 1]
        values = self._values(idx - 1)
        if prev.section != sent.section or not values:
            return
        total = values[-1]
        parts = self._numbered_parts(sent.end, total)
        if (
            parts
            and total.concept is not None
            and self._complete(total, parts)
            and not any(c.total is total for c in self.facts.compositions)
        ):
            self.facts.compositions.append(Composition(total, tuple(parts), True))

    def _component_line(self, line_start: int, line: str, total: Mention) -> bool:
        """Does an unnumbered line open with a figure of one of the total's components?"""
        first = self._first_mention(line_start, line_start + len(line), _not_percent)
        if first is None or first.concept is None or total.concept is None:
            return False
        return any(first.concept in comps for comps in self.concepts.components_of(total.concept))

    def _inline_numbered(self, idx: int, sent: Sentence, values: list[Mention]) -> None:
        """'…520万元，与上年持平：一、因公出国（境）费170万元…二、…150万元…三、…': a list
        numbered inside one paragraph, after a colon."""
        for colon in _INLINE_LIST.finditer(self.text, sent.start, sent.end):
            before = [m for m in values if m.quantity.end <= colon.start()]
            if not before:
                continue
            total = before[-1]
            line_end = self.text.find("\n", colon.end())
            line_end = len(self.text) if line_end < 0 else line_end
            parts: list[Mention] = []
            pos = colon.end()
            measure = total.quantity.measure

            def item(m: Mention, measure: str = measure) -> bool:
                return m.quantity.measure == measure and id(m) not in self.delta

            for number in range(1, 30):
                marker = re.compile(
                    rf"(?:{_CN_ORDINALS[number]}|{number})[、.．]"
                    if number < len(_CN_ORDINALS)
                    else "$^"
                ).search(self.text, pos, line_end)
                if marker is None:
                    break
                nxt = re.compile(
                    rf"(?:{_CN_ORDINALS[number + 1]}|{number + 1})[、.．]"
                    if number + 1 < len(_CN_ORDINALS)
                    else "$^"
                ).search(self.text, marker.end(), line_end)
                stop = nxt.start() if nxt else line_end
                first = self._first_mention(marker.end(), stop, item)
                if first is None:
                    return
                parts.append(first)
                pos = stop
            if len(parts) >= 2 and self._complete(total, parts):
                self.facts.compositions.append(Composition(total, tuple(parts), True))

    def _sibling_sentences(self, idx: int, values: list[Mention]) -> None:
        """'A a；B b；C c。…三公经费总额为t': every component in the sentence before its total."""
        if idx == 0 or not values:
            return
        prev = self.facts.sentences[idx - 1]
        if prev.section != self.facts.sentences[idx].section:
            return
        previous: list[Mention] | None = None
        for total in values:
            # Only a figure that calls itself a total (总额, 合计 …) gathers the one before.
            if total.concept is None or total.period != "current":
                continue
            if not _SIBLING_TOTAL.search(total.label):
                continue
            if previous is None:
                previous = [m for m in self._values(idx - 1) if m.period == "current"]
            for comps in self.concepts.components_of(total.concept):
                parts = [
                    m
                    for m in previous
                    if m.concept in comps and m.quantity.unit == total.quantity.unit
                ]
                if len(parts) == len(comps) and {m.concept for m in parts} == comps:
                    if not any(c.total is total for c in self.facts.compositions):
                        self.facts.compositions.append(Composition(total, tuple(parts), True))
                    break

    def _list_ended(self, first: Mention, m: Mention) -> bool:
        """A list whose items are joined by 、 ends at the first ，or ；: 'A 29人、B 22人；C 12人'."""
        sep = self.text[first.quantity.end : first.quantity.end + 1]
        if sep != "、":
            return False
        between = _BRACKETED.sub("", self.text[first.quantity.end : m.quantity.start])
        return bool(re.search(r"[，,；;]", between))

    def _closes_before(self, open_pos: int, pos: int) -> bool:
        seg = self.text[open_pos:pos]
        return sum(seg.count(c) for c in _CLOSE) > sum(seg.count(c) for c in _OPEN)

    def _list_total(
        self, idx: int, sent: Sentence, values: list[Mention], pos: int, md: int, d
    ) -> Mention | None:  # type: ignore[no-untyped-def]
        if md > 0:
            # "（其中…" / "（含…": the figure just before the bracket.
            open_pos = self.text.rfind("（", sent.start, pos)
            open_pos = max(open_pos, self.text.rfind("(", sent.start, pos))
            before = [
                m for m in values if m.quantity.end <= open_pos and d(m.quantity.start) == md - 1
            ]
            if before and open_pos - before[-1].quantity.end <= 8:
                return before[-1]
            return None
        before = [m for m in values if m.quantity.end <= pos and d(m.quantity.start) == 0]
        if before:
            return before[-1]
        # A sentence that opens with 其中: its total ends the previous sentence.
        opens_list = self.text[sent.start : pos].strip(" :：，,") == ""
        if opens_list and idx > 0 and self.facts.sentences[idx - 1].section == sent.section:
            prev = self._values(idx - 1)
            # "…支出324970.32万元，比上年减少145261.52万元。其中：" – what follows the total
            # in its sentence may only be its change.
            tail = [
                m
                for m in self.sentence_mentions[idx - 1]
                if prev and m.quantity.start > prev[-1].quantity.start
            ]
            if prev and all(id(m) in self.delta or m.quantity.measure == "percent" for m in tail):
                return prev[-1]
        return None

    def _complete(self, total: Mention, parts: list[Mention]) -> bool:
        names = {p.concept for p in parts if p.concept}
        if total.concept:
            for comps in self.concepts.components_of(total.concept):
                if comps <= names:
                    return True
        if any(_OTHER_PART.search(p.label) for p in parts):
            return True
        # People and vehicles: a breakdown into two or more kinds is a full breakdown.
        return (
            total.quantity.measure == "count"
            and total.quantity.unit in ("人", "辆")
            and len(parts) >= 2
        )

    def _bare_list(self, values: list[Mention]) -> None:
        """'在职人员81人，专业技术人员57人、管理人员1人，工勤人员23人': a figure followed at once
        by a figure of every component of one of its decompositions, without 其中."""
        for i, total in enumerate(values):
            if total.concept is None:
                continue
            for comps in self.concepts.components_of(total.concept):
                parts = values[i + 1 : i + 1 + len(comps)]
                if (
                    len(parts) == len(comps)
                    and {p.concept for p in parts} == comps
                    and all(
                        p.quantity.unit == total.quantity.unit and p.period == total.period
                        for p in parts
                    )
                ):
                    # (asked only now: a figure already broken down is left as it is)
                    if not any(c.total is total for c in self.facts.compositions):
                        self.facts.compositions.append(Composition(total, tuple(parts), True))
                    break

    def _closed_lists(self, idx: int, values: list[Mention]) -> None:
        """'A a，B b，C c，合计 t': parts before a total that names itself a sum."""
        for i, m in enumerate(values):
            if i < 2 or not _TOTAL_WORD.search(m.label) or m.quantity.measure != "money":
                continue
            parts = [p for p in values[:i] if p.quantity.measure == "money"]
            names = {p.concept for p in parts}
            if None in names or len(parts) < 2:
                continue
            if any(
                names <= comps and len(names) == len(parts)
                for _, comps in self.concepts.decompositions
            ):
                if any(c.total is m for c in self.facts.compositions):
                    continue
                self.facts.compositions.append(Composition(m, tuple(parts), True))

    # -- shares and execution rates

    def _shares(self, idx: int, sent: Sentence, qs: list[Quantity]) -> None:
        mentions = self.sentence_mentions[idx]
        for j, m in enumerate(mentions):
            q = m.quantity
            if q.measure != "percent":
                continue
            prev = mentions[j - 1] if j > 0 else None
            gap_start = prev.quantity.end if prev else sent.start
            gap = self.text[gap_start : q.start]
            share_at = gap.rfind("占")
            if (
                share_at >= 0
                and prev is not None
                and prev.quantity.measure == "money"
                and id(prev) not in self.delta
                and not self.dirs.word.search(gap[share_at:])
            ):
                self.facts.shares.append(
                    Share(prev, q, self._share_bases(prev, gap[share_at + 1 :]))
                )
                continue
            if _EXECUTION.search(gap) and prev is not None and prev.quantity.measure == "money":
                budget = [
                    b
                    for b in mentions[: j - 1]
                    if b.quantity.measure == "money"
                    and "预算" in b.label
                    and "决算" not in b.label
                    and id(b) not in self.delta
                ]
                # "完成年初预算的p%" is against the 年初 figure when several budgets are printed.
                said = re.search(r"年初|全年|调整", gap)
                named = [b for b in budget if said and said.group() in b.label]
                if named or budget:
                    base = (named or budget)[-1]
                    bases = (base,)
                    if base.quantity.value == 0:
                        # "年初预算为0万元，全年预算为321.02万元，…完成年初预算的95.89%": the
                        # rate may have been taken of the budget that has a figure (checked
                        # after the zero base is reported).
                        bases += tuple(b for b in reversed(budget) if b.quantity.value)[:1]
                    self.facts.shares.append(Share(prev, q, bases, execution=True))

    def _share_bases(self, part: Mention, base_text: str) -> tuple[Mention, ...]:
        named = self.concepts.match(base_text) if base_text.strip() else None
        wanted: set[str] = set()
        if named and named != part.concept:
            wanted.add(named)
        elif part.concept:
            wanted |= self.concepts.parents.get(part.concept, frozenset())
        bases = [c.total for c in self.facts.compositions if any(p is part for p in c.parts)]
        if not bases and not named:
            # "支出2940.05万元，主要用于以下方面：A 2106.66万元，占71.73%": the figure the
            # breakdown opens with.
            opener = self._breakdown_opener(part)
            if opener is not None:
                bases.append(opener)
        if wanted:
            bases += [
                m
                for m in self.facts.mentions
                if m.concept in wanted
                and m.period == part.period
                and m.quantity.measure == "money"
                and id(m) not in self.delta
            ]
        return tuple(dict.fromkeys(bases))

    def _breakdown_opener(self, part: Mention) -> Mention | None:
        values = self._values(part.sentence)
        if not values or values[0] is part:
            return self._opener_before(part)
        first = values[0]
        intro = _BREAKDOWN_INTRO.search(self.text, first.quantity.end, part.quantity.start)
        if first.quantity.measure != part.quantity.measure:
            return None
        if intro is None:
            return self._opener_before(part)
        if first.quantity.value >= part.quantity.value:
            return first
        # A part larger than the opener: still its breakdown when the other items fit in it
        # (then this item, or its share, is what is wrong).
        others = [
            m
            for m in values[1:]
            if m is not part
            and m.quantity.start > intro.end()
            and m.quantity.measure == part.quantity.measure
        ]
        total = sum((m.quantity.value for m in others), first.quantity.value * 0)
        if len(others) >= 2 and total < first.quantity.value:
            return first
        return None

    def _opener_before(self, part: Mention) -> Mention | None:
        """'…主要用于以下方面：A a，占x%；B b，占y%；\nC c，占z%': a list broken into lines at
        its ；goes on; the figure that opened it stands in an earlier sentence."""
        sents = self.facts.sentences
        idx = part.sentence
        for k in range(idx - 1, max(idx - 6, -1), -1):
            if sents[k].section != sents[idx].section:
                return None
            if self.text[sents[k].start : sents[k].end].rstrip()[-1:] not in ("；", ";"):
                return None  # the list ended there
            values = self._values(k)
            if not values:
                return None
            first = values[0]
            if _BREAKDOWN_INTRO.search(self.text, first.quantity.end, sents[k].end):
                if (
                    first.quantity.measure == part.quantity.measure
                    and first.quantity.value >= part.quantity.value
                ):
                    return first
                return None
        return None

    # -- changes and reasons

    def _direction_words(self) -> dict[int, list[re.Match[str]]]:
        """The direction words (增加, 减少, 持平 …) of each sentence that has any, in text
        order, found in one scan of the text. No word holds a sentence break, so none runs
        from one sentence into the next and the matches are those a scan of each sentence
        alone would give."""
        sentences = self.facts.sentences
        out: dict[int, list[re.Match[str]]] = {}
        dirs = self.dirs
        if dirs.cross_breaks:
            for idx, sent in enumerate(sentences):  # (not so with this vocabulary)
                found = list(dirs.word.finditer(self.text, sent.start, sent.end))
                if found:
                    out[idx] = found
            return out
        for dm in dirs.word.finditer(self.text):
            si = bisect_right(self.ends, dm.start())
            if si < len(sentences) and sentences[si].start <= dm.start():
                out.setdefault(si, []).append(dm)
        return out

    def _changes(
        self, idx: int, sent: Sentence, qs: list[Quantity], found: list[re.Match[str]]
    ) -> None:
        text = self.text
        dirs = self.dirs
        mentions = self.sentence_mentions[idx]
        # A change ends at its figures, in its own sentence: only this sentence's changes
        # (those from here on) can overlap a direction word of it.
        first_here = len(self.facts.changes)
        for dm in found:
            cmp_window = text[max(sent.start, dm.start() - 30) : dm.start()]
            cmp = None
            # Searched up to the direction word itself: "与上年持平" is recognised by its 持平.
            for c in _COMPARE.finditer(text[max(sent.start, dm.start() - 30) : dm.end()]):
                if c.start() < len(cmp_window):
                    cmp = c
            inherited: Change | None = None
            if cmp is None or _CLAUSE_END.search(cmp_window, cmp.end()):
                # "与上年相比，支出增加…": the comparison may stand in the previous clause.
                if _COMPARED_BEFORE.search(cmp_window):
                    cmp_pos = dm.start() - len(cmp_window) + cmp_window.rfind("相比")
                else:
                    # "比上年减少X，下降p%。其中：A增加0元；B减少Y元，下降q%": the items of a
                    # list inherit the comparison of the change that opened it.
                    inherited = self._list_context(idx, dm.start())
                    if inherited is None:
                        continue
                    cmp_pos = _clause_start(text, sent.start, dm.start())
            else:
                cmp_pos = dm.start() - len(cmp_window) + cmp.start()
            if any(
                dm.start() < ch.end and ch.start < dm.end()
                for ch in self.facts.changes[first_here:]
            ):
                continue
            direction: int | None = direction_of(dm.group(), dirs)
            if dirs.undecided.match(text[dm.end() : dm.end() + 6]):
                direction = None  # "增加（减少）": the template's choice was never made
            words = [(dm.group(), dm.start(), dm.end())]
            pos = dm.end()
            if text.startswith("了", pos):
                pos += 1
            amount = None
            percent = None
            pct_dir = None
            nxt = next((q for q in qs if q.start >= pos), None)
            if nxt is not None and nxt.start == pos:
                if nxt.measure == "money":
                    amount = nxt
                    pos = nxt.end
                elif nxt.measure == "percent":
                    percent = nxt
                    pct_dir = direction
                    pos = nxt.end
            if percent is None:
                pm = dirs.rate.match(text, pos)
                if pm and (pm.group(1) or pm.end() - pos <= 1):
                    cand = next((q for q in qs if q.start == pm.end()), None)
                    if cand is not None and cand.measure == "percent":
                        percent = cand
                        if pm.group(1):
                            pct_dir = direction_of(pm.group(1), dirs)
                            words.append((pm.group(1), pm.start(1), pm.end(1)))
                        else:
                            pct_dir = direction
                        pos = cand.end
            if inherited is not None and amount is None and percent is None:
                continue  # a verb ("增加了工作量"), not a change figure
            before = (
                [
                    m
                    for m in mentions
                    if m.quantity.end <= cmp_pos
                    and m.quantity.measure == "money"
                    and id(m) not in self.delta
                ]
                if inherited is None
                else []
            )
            base_text = inherited.base if inherited is not None else text[cmp_pos : dm.start()]
            # "本年12.00万元，上年12.50万元，比上年减少…": the base may be printed before the
            # comparison; the subject is the last figure that is not the base.
            prior = self._prior_for(before, base_text)
            # "…运行费995万元（其中购置费38万元，运行费958万元），比上年下降26.24%": a figure in a
            # bracket closed before the comparison is a detail, not what changed.
            subject = next(
                (
                    m
                    for m in reversed(before)
                    if m is not prior and not self._closes_before(m.quantity.end, cmp_pos)
                ),
                None,
            )
            if subject is None and inherited is None and idx > 0:
                subject = self._subject_before(idx, cmp_pos)
            concept = self.concepts.match(
                text[_clause_start(text, sent.start, cmp_pos) : dm.start()]
            )
            if concept is None and subject is None:
                # "公务用车运行维护费支出决算比预算无增减变化，比去年增加…": the item is named
                # in an earlier clause of the same list item.
                item_start = max(text.rfind(c, sent.start, cmp_pos) for c in "；;：:") + 1
                concept = self.concepts.match(text[max(item_start, sent.start) : cmp_pos])
            if concept is None and subject is not None:
                concept = subject.concept
            candidates: tuple[Mention, ...] = ()
            if subject is None and concept is not None:
                # The figure may stand in another sentence: every current figure of the concept.
                candidates = tuple(
                    m
                    for m in self.facts.mentions
                    if m.concept == concept
                    and m.period == "current"
                    and m.quantity.measure == "money"
                    and id(m) not in self.delta
                )
                # "…收入支出总计307.82万元。与上年相比，收入支出总计增加…": the figure stated
                # just before in the same section is the one meant.
                near = [
                    m
                    for m in candidates
                    if idx - 2 <= m.sentence <= idx
                    and self.facts.sentences[m.sentence].section == sent.section
                    and m.quantity.start < dm.start()
                ]
                if near:
                    candidates = tuple(near)
            if self._adds_rate(idx, concept, amount, percent, direction, base_text, cmp_pos):
                # "A同口径比上年减少38万元，同口径比上年下降7.4%": one change stated twice.
                last = self.facts.changes[-1]
                self.facts.changes[-1] = replace(
                    last,
                    percent=percent,
                    percent_direction=pct_dir,
                    direction_words=last.direction_words + tuple(words),
                    end=pos,
                )
                continue
            reason = self._reason_after(pos, idx, direction)
            self.facts.changes.append(
                Change(
                    subject,
                    prior,
                    amount,
                    percent,
                    direction,
                    pct_dir,
                    tuple(words),
                    reason,
                    base_text,
                    cmp_pos,
                    pos,
                    concept=concept,
                    candidates=candidates,
                    inherited=inherited is not None,
                    parent=self._parent_of(idx, dm.start(), inherited, base_text, concept),
                )
            )

    def _subject_before(self, idx: int, cmp_pos: int) -> Mention | None:
        """The figure a change opening its sentence is about, stated in the sentence before.

        "公务接待费1.35万元。比上年预算持平": the figure ending the previous sentence. When that
        sentence is a 其中-list ("…预算为3328万元。其中，A 50万元，B 478万元。同口径比上年减少
        830万元"), the change is the list's total's, the figure ending the sentence before it."""
        sents = self.facts.sentences
        sent, prev = sents[idx], sents[idx - 1]
        opening = self.text[sent.start : cmp_pos]
        if prev.section != sent.section or len(opening) > 6:
            return None
        if len(opening) > 2 and (
            re.search(r"\d", opening) or self.concepts.match(opening) is not None
        ):
            return None  # only a qualifier (同口径, 总体) may stand before the comparison
        if self.text.startswith("其中", prev.start) and idx > 1:
            before = sents[idx - 2]
            values = self._values(idx - 2)
            if (
                values
                and before.section == sent.section
                and before.end - values[-1].quantity.end <= 2
            ):
                return values[-1]
            return None
        values = self._values(idx - 1)
        if values and prev.end - values[-1].quantity.end <= 2:
            return values[-1]
        return None

    def _adds_rate(
        self,
        idx: int,
        concept: str | None,
        amount: Quantity | None,
        percent: Quantity | None,
        direction: int | None,
        base: str,
        cmp_pos: int,
    ) -> bool:
        """Is this rate-only change the rate of the amount-only change just before it?"""
        if amount is not None or percent is None or not self.facts.changes:
            return False
        last = self.facts.changes[-1]
        sent = self.facts.sentences[idx]
        return (
            sent.start <= last.start
            and last.percent is None
            and last.amount is not None
            and last.direction == direction
            and concept in (None, last.concept)
            and _base_key(base, self.meta.year) == _base_key(last.base, self.meta.year)
            and not re.search(r"\d|[；;。]", self.text[last.end : cmp_pos])
        )

    def _parent_of(
        self,
        idx: int,
        pos: int,
        inherited: Change | None,
        base: str,
        concept: str | None = None,
    ) -> int | None:
        """The change whose 其中-list this one belongs to, measured against the same base."""
        opener = inherited or self._list_context(idx, pos) or self._sibling_context(idx, concept)
        year = self.meta.year
        if opener is None or (
            inherited is None and _base_key(base, year) != _base_key(opener.base, year)
        ):
            return None
        # (by identity: no two changes are equal, as no two have the same direction word)
        return next(i for i, c in enumerate(self.facts.changes) if c is opener)

    def _list_context(self, idx: int, pos: int) -> Change | None:
        """The change whose 其中-list the position stands in (same or previous sentence)."""
        sent = self.facts.sentences[idx]
        marker = self.text.rfind("其中", sent.start, pos)
        if marker >= 0:
            opener = [c for c in self.facts.changes if sent.start <= c.start < marker]
            if opener:
                return opener[-1]
        if idx > 0 and self.text.startswith("其中", sent.start):
            prev = self.facts.sentences[idx - 1]
            opener = [c for c in self.facts.changes if prev.start <= c.start < prev.end]
            if opener and prev.section == sent.section:
                return opener[-1]
        if idx > 1:
            # "…比上年减少15万元。具体情况如下：\n1、A…比上年减少15万元。\n2、B…": the first
            # item under an intro that announces the breakdown (its lines may be sections), or
            # under a 其中： that ends the total's line.
            intro = self.facts.sentences[idx - 1]
            if not self.sentence_mentions[idx - 1] and (
                self.text[intro.start : intro.end].strip() in ("其中:", "其中：")
                or (
                    # (every wording of _ANNOUNCED has 如下: a find first, its search tries
                    # each position)
                    self.text.find("如下", intro.start, intro.end) >= 0
                    and _ANNOUNCED.search(self.text, intro.start, intro.end)
                    and _ITEM_MARKER.match(self.text, sent.start)
                )
            ):
                before = self.facts.sentences[idx - 2]
                opener = [c for c in self.facts.changes if before.start <= c.start < before.end]
                if opener and before.section == intro.section:
                    return opener[-1]
        return None

    def _sibling_context(self, idx: int, concept: str | None) -> Change | None:
        """'其中：A比上年减少9万元。B比上年减少38万元；C…': a list of changes goes on in the next
        sentences while each names another component of the opening change's item."""
        if concept is None or not self.facts.changes or idx == 0:
            return None
        last = self.facts.changes[-1]
        sents = self.facts.sentences
        if last.parent is None or not (sents[idx - 1].start <= last.start):
            return None  # (numbered items may be sections of their own: adjacency suffices)
        opener = self.facts.changes[last.parent]
        if opener.concept is None or concept == last.concept:
            return None
        siblings = {c.concept for c in self.facts.changes if c.parent == last.parent}
        if concept in siblings:
            return None
        if any(
            concept in comps and siblings <= comps
            for comps in self.concepts.components_of(opener.concept)
        ):
            return opener
        return None

    def _prior_for(self, before: list[Mention], base_text: str) -> Mention | None:
        """The figure the change is measured against, when the sentence prints it."""
        if not before:
            return None  # (both searches below look among these figures only)
        matches = _base_matcher(base_text)
        for m in reversed(before):
            if matches(m.label):
                return m
        # "2016年预算8万元，2015年预算12.5万元；对比减少4.35万元": the figure of the year
        # before the document's, when the comparison names no other base.
        year = self.meta.year
        if year and _base_key(base_text, year) in ("prior", "对比", ""):
            prior_year = f"{year - 1}年"
            for m in reversed(before):
                if prior_year in m.label:
                    return m
        return None

    def _reason_after(self, pos: int, idx: int, direction: int | None) -> tuple[int, int] | None:
        sents = self.facts.sentences
        sent = sents[idx]
        window_end = sent.end
        if idx + 1 < len(sents) and sents[idx + 1].section == sent.section:
            nxt = sents[idx + 1]
            opening = _REASON_OPENING.match(self.text, nxt.start)
            # "增加的主要原因是…" in the next sentence explains an increase, not this change
            # unless this change is one.
            said = self.dirs.word.search(opening.group()) if opening else None
            if opening and (said is None or direction_of(said.group(), self.dirs) == direction):
                window_end = nxt.end
        if self.text.find("原因", pos, window_end) < 0:
            return None  # (every match of _REASON holds 原因; the search tries each position)
        m = _REASON.search(self.text, pos, window_end)
        if m is None:
            return None
        # The reason belongs to this change only if no other change statement stands in between.
        between = self.text[pos : m.start()]
        if self.dirs.word.search(between) and _COMPARE.search(between):
            return None
        end = _REASON_END.search(self.text, m.end(), window_end)
        span = (m.end(), end.start() if end else window_end)
        if not self.text[span[0] : span[1]].strip():
            # "主要原因：" closing a line, the reason on the next one.
            nxt = next((s for s in sents[idx + 1 :] if s.start >= span[1]), None)
            if nxt is not None and nxt.section == sent.section and nxt.start - span[1] <= 4:
                return (nxt.start, nxt.end)
        return span

    # -- declared counts

    def _count_lists(self) -> None:
        text = self.text
        for m in _before_anchor(_COUNT_AFTER, text, "个", 3):
            items = _split_items(m.group(2))
            n = _count_value(m.group(1))
            if items is not None and n is not None:
                self.facts.count_lists.append(
                    CountList(_count_quantity(m, 1, n), tuple(items), m.start(), m.end())
                )
            elif n is not None and m.group(2).strip() == "" and text.startswith("\n", m.end()):
                lines = _numbered_lines(text, m.end() + 1)
                if lines:
                    self.facts.count_lists.append(
                        CountList(_count_quantity(m, 1, n), tuple(lines), m.start(), m.end())
                    )
        # "共设置6个科室(组织人事科、安全科、…)": the names in brackets right after the count.
        for m in _before_anchor(_COUNT_BRACKETED, text, "个", 3):
            items = _split_items(m.group(2))
            n = _count_value(m.group(1))
            if items is not None and n is not None and len(items) >= 2:
                self.facts.count_lists.append(
                    CountList(_count_quantity(m, 1, n), tuple(items), m.start(), m.end())
                )
        # No part of _COUNT_BEFORE crosses 。；or a line end, so its matches are those of the
        # clauses between them, and only a clause with 个 can hold one.
        for start, end in _clauses_with(text, "个"):
            for m in _COUNT_BEFORE.finditer(text, start, end):
                items = _split_items(m.group(1))
                n = _count_value(m.group(2))
                if items is not None and n is not None and len(items) >= 2:
                    self.facts.count_lists.append(
                        CountList(_count_quantity(m, 2, n), tuple(items), m.start(), m.end())
                    )


_COUNT_NAMES = (
    r"(?:内设)?(?:机构|科室|处室|职能科室|部门|股室|内设机构|单位|二级单位|下属单位|事业单位|中心)"
)
_COUNT = r"(\d{1,3}|[一二两三四五六七八九十]{1,3})"
_COUNT_AFTER = re.compile(
    rf"{_COUNT}个(?:{_COUNT_NAMES})?(?:[^。；;\n]{{0,12}}?(?:分别为|分别是|包括|具体为|具体是|即|有)|[，,]?为)[:：]?([^。\n]*)"
)
_COUNT_BEFORE = re.compile(
    rf"(?:包括|内设|设有|下设|设)[:：]?([^。\n；;]*?)(?<!等){_COUNT}个{_COUNT_NAMES}"
)
_COUNT_BRACKETED = re.compile(rf"{_COUNT}个{_COUNT_NAMES}[（(]([^（()）]+)[）)]")
_COUNT_CLAUSE_END = "。；;\n"


def _clauses_with(text: str, word: str) -> list[tuple[int, int]]:
    """The spans between 。；or line ends (exclusive) that hold ``word``, in order."""
    out: list[tuple[int, int]] = []
    k = text.find(word)
    while k >= 0:
        # Line ends are clause ends too: the other ends are looked for in the line only (not
        # over the whole text, where a missing 。 or ； would be searched for to its ends).
        line_start = text.rfind("\n", 0, k) + 1
        line_end = text.find("\n", k)
        line_end = len(text) if line_end < 0 else line_end
        start = max(text.rfind(c, line_start, k) for c in _COUNT_CLAUSE_END) + 1
        start = max(start, line_start)
        ends = [p for p in (text.find(c, k, line_end) for c in _COUNT_CLAUSE_END) if p >= 0]
        end = min(ends, default=line_end)
        out.append((start, end))
        k = text.find(word, end)
    return out


# A clause opening with 收入/支出 (after a sentence start or ；) whose list begins before any figure.
_SCOPE_LIST = re.compile(
    r"(?:(?<=[。；;\n])|^)(收入|支出)[^。；;\d]{0,30}?(?:包括|其中)[:：]", re.M
)
_SCOPE_WORD = re.compile("收入|支出")
# 收支总预算, 收支总计, 收入支出预算总计, 收、支总计: one total for both sides of a budget.
_SCOPE_TOTAL = re.compile(r"收[、和与及]?支[^，,。；;\d]{0,4}(?:总预算|总计|合计|总额)")
_SUBLIST = re.compile(r"具体是|具体为|具体包括|分别是|分别为")
_ANNOUNCED = re.compile(r"(?:主要)?(?:内容|情况|构成)?(?:如下|具体如下|具体安排如下)[:：]\s*$")
_SIBLING_TOTAL = re.compile(r"总额|合计|总计|共计")
_INLINE_LIST = re.compile(r"[:：]\s*(?=(?:一|1)[、.．])")
_CN_ORDINALS = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
_ITEM_MARKER = re.compile(
    r"\s*(?:[（(]([一二三四五六七八九十]{1,3})[）)]|(\d{1,2})[.、．](?!\d)|[（(](\d{1,2})[）)])"
)


def _before_anchor(
    pattern: re.Pattern[str], text: str, anchor: str, width: int
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern whose matches start 1…``width`` characters
    before ``anchor`` (a count of up to three characters, then 个): only those starts are tried,
    in order, instead of every position of the text."""
    pos = 0
    k = text.find(anchor, 1)
    while k >= 0:
        for start in range(max(pos, k - width), k):
            m = pattern.match(text, start)
            if m is not None:
                yield m
                pos = m.end()
                break
        k = text.find(anchor, max(k + 1, pos + 1))


def _item_number(m: re.Match[str]) -> tuple[str, int]:
    if m.group(1):
        return "paren_cn", chinese_number(m.group(1)) or 0
    if m.group(2):
        return "arabic", int(m.group(2))
    return "paren_ar", int(m.group(3))


def _lines_from(text: str, pos: int) -> Iterator[tuple[int, str]]:
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        yield pos, text[pos:end]
        pos = end + 1


_YEAR = re.compile(r"(?:19|20)\d{2}")
# Up to the end of the last ，；： or 其中 of the text it is given: .* runs to the end and backs
# off to the last place one starts (no two of them overlap, so that one also ends last).
_LAST_CLAUSE_BREAK = re.compile(r"(?s:.*)(?:[，,；;：:]|其中)")


def _clause_start(text: str, floor: int, pos: int) -> int:
    """Start of the clause that holds pos: after the last ，；： or 其中 before it."""
    m = _LAST_CLAUSE_BREAK.match(text, floor, pos)
    return m.end() if m else floor


@lru_cache(maxsize=4096)  # a few bases (比上年, 与2023年相比 …) asked of each change again
def _base_key(base: str, doc_year: int | None) -> str:
    """What a comparison is against: a year, the prior year, or the budget."""
    years = _YEAR.findall(base)
    if years:
        return "prior" if doc_year and int(years[-1]) == doc_year - 1 else years[-1]
    if _PRIOR_WORDS.search(base) or "同比" in base:
        return "prior"
    return "budget" if "预算" in base else base.strip()


@lru_cache(maxsize=4096)  # (the matcher only reads its base: one for all changes on it)
def _base_matcher(base_text: str) -> Callable[[str], bool]:
    """Does a figure's label name the base of a comparison ('比2023年预算' ↔ '2023年预算数为')?
    (What the base says is read once for all the labels tried.)"""
    years = [y + "年" for y in _YEAR.findall(base_text)]
    if years:
        return lambda label: any(y in label for y in years)
    if _PRIOR_WORDS.search(base_text):
        return lambda label: (
            bool(_PRIOR_WORDS.search(label)) or ("执行数" in base_text and "执行数" in label)
        )
    if "执行数" in base_text:
        return lambda label: "执行数" in label
    return lambda label: False


def _count_value(raw: str) -> int | None:
    return int(raw) if raw.isdigit() else chinese_number(raw.replace("两", "二"))


def _count_quantity(m: re.Match[str], group: int, n: int) -> Quantity:
    from decimal import Decimal

    return Quantity(Decimal(n), 0, "count", "个", m.start(group), m.end(group), m.group(group))


def _split_items(raw: str) -> list[str] | None:
    raw = raw.strip().rstrip("。；;，,")
    if not raw or raw.endswith("等") or "等" in raw[-3:]:
        return None
    # Brackets hold remarks, not items: drop them before splitting.
    flat = re.sub(r"[（(][^（()）]*[）)]", "", raw)
    items = [s.strip() for s in re.split(r"[、，,；;]", flat) if s.strip()]
    if not items or any(len(s) > 25 or re.search(r"\d+(?:万元|元|人|%)", s) for s in items):
        return None
    return items


def _numbered_lines(text: str, pos: int) -> list[str]:
    """The items of a list written one numbered line each (1. / 1、 / （一） / (1)), in order."""
    out = []
    style = None
    for line in text[pos:].split("\n"):
        m = _ITEM_MARKER.match(line)
        if not m:
            break
        kind, number = _item_number(m)
        if (style is not None and kind != style) or number != len(out) + 1:
            break
        style = kind
        out.append(line[m.end() :].strip())
    return out


def extract(norm: Normalized, sections: list[Section], meta: DocMeta) -> Facts:
    return _Extractor(norm, sections, meta).run()
