"""Changes against the prior figure (C001–C013) and the reasons given for them (R001–R004).

Reads the changes and their reasons as extracted (extract.py, change_reasons.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from budgetaudit import vocab
from budgetaudit.checks.arithmetic import side_key
from budgetaudit.checks.hit import Hit
from budgetaudit.intervals import ZERO, Interval, fmt, of, printed_percent, ratio_percent
from budgetaudit.model import Change, ChangeReason, Document, Quantity

_WORD = {1: "an increase", -1: "a decrease", 0: "no change"}


def _pct(num: Interval, den: Interval, ch: Change) -> Hit | None:
    assert ch.percent is not None
    r = ratio_percent(num.abs(), den)
    if r is None or r.meets(printed_percent(ch.percent)):
        return None
    mid = (r.lo + r.hi) / 2
    exp = fmt(mid, max(ch.percent.decimals, 0)) + "%"
    return _on_statement(
        "C001",
        ch,
        f"change percentage does not match the figures: expected about {exp} "
        f"(change / prior figure), the text gives {ch.percent.raw}",
        expected=exp,
    )


def _on_statement(code: str, ch: Change, message: str, expected: str | None = None) -> Hit:
    """A hit on the change as stated, from its direction word to its percentage (which a
    wrapped line may have pushed further down)."""
    assert ch.percent is not None
    start = ch.direction_words[0][1] if ch.direction_words else ch.percent.start
    return Hit(code, start, ch.percent.end, message, expected, ch.percent.raw)


def _zero_base(ch: Change, prior_value: object) -> Hit | None:
    if ch.percent is None or ch.percent.value == 0:
        return None
    return _on_statement(
        "C007",
        ch,
        f"a percentage change from a prior figure of {prior_value} is undefined "
        f"(the text gives {ch.percent.raw})",
    )


def _check_one(ch: Change) -> Iterator[Hit]:
    d, pd = ch.direction, ch.percent_direction
    if d in (1, -1) and pd in (1, -1) and d != pd:
        w0, w1 = ch.direction_words[0], ch.direction_words[-1]
        yield Hit(
            "C004",
            w0[1],
            w1[2],
            f"'{w0[0]}' and '{w1[0]}' describe one change in opposite directions",
        )
    if d == 0:
        nonzero = [q for q in (ch.amount, ch.percent) if q is not None and q.value != 0]
        if nonzero:
            yield Hit.at(
                "C005",
                nonzero[0],
                f"'{ch.direction_words[0][0]}' (unchanged) with a change of {nonzero[0].raw}",
                expected="0",
            )
        elif ch.subject and ch.prior and not of(ch.subject.quantity).meets(of(ch.prior.quantity)):
            yield Hit.at(
                "C005",
                ch.subject.quantity,
                f"said to be unchanged, but {ch.prior.quantity.raw} → {ch.subject.quantity.raw}",
                expected=ch.prior.quantity.raw,
            )
        return
    if (
        d in (1, -1)
        and ch.amount is not None
        and ch.amount.value == 0
        and (ch.percent is None or ch.percent.value == 0)
    ):
        yield Hit.at(
            "C006",
            ch.amount,
            f"a zero change is described as {_WORD[d]} ('{ch.direction_words[0][0]}')",
            expected="持平",
        )
        return
    if (
        d == 1
        and ch.subject is not None
        and ch.amount is not None
        and of(ch.amount).lo > of(ch.subject.quantity).hi
    ):
        yield Hit.at(
            "C009",
            ch.amount,
            f"an increase of {ch.amount.raw} is larger than the figure itself "
            f"({ch.subject.quantity.raw}): the prior figure would be negative",
        )
        return
    if ch.subject is not None and ch.prior is not None:
        cur, prev = of(ch.subject.quantity), of(ch.prior.quantity)
        delta = cur - prev
        if (d == 1 and delta.hi < 0) or (d == -1 and delta.lo > 0):
            yield Hit(
                "C003",
                ch.direction_words[0][1],
                ch.direction_words[0][2],
                f"'{ch.direction_words[0][0]}' but the figures go the other way: "
                f"{ch.prior.quantity.raw} → {ch.subject.quantity.raw}",
                expected=_WORD[-d],
                found=ch.direction_words[0][0],
            )
            return
        if ch.amount is not None and not delta.abs().meets(of(ch.amount)):
            diff = abs(ch.subject.quantity.value - ch.prior.quantity.value)
            yield Hit.at(
                "C002",
                ch.amount,
                f"{ch.subject.quantity.raw} − {ch.prior.quantity.raw} = "
                f"{diff}, the text gives a change of {ch.amount.raw}",
                expected=str(diff),
            )
        if ch.percent is not None:
            if ch.prior.quantity.value == 0:
                hit = _zero_base(ch, ch.prior.quantity.raw)
            else:
                hit = _pct(delta, prev, ch)
                if hit is None and ch.amount is not None and delta.abs().meets(of(ch.amount)):
                    # The printed change amount is usually more precise than the difference
                    # of two rounded figures: p must also be amount / prior.
                    hit = _pct(of(ch.amount), prev, ch)
            if hit:
                yield hit
        return
    if ch.amount is None or ch.percent is None or d not in (1, -1):
        return
    subjects = (ch.subject,) if ch.subject is not None else ch.candidates
    hits = [_amount_vs_percent(ch, s.quantity, d) for s in subjects]
    # With candidates from elsewhere in the text, one consistent reading is enough.
    if hits and all(h is not None for h in hits):
        yield hits[0]  # type: ignore[misc]


def _amount_vs_percent(ch: Change, current: Quantity, d: int) -> Hit | None:
    """'X万元 … 增加A万元，增长p%': p must be A / (X − A) (or A / (X + A) for a decrease)."""
    assert ch.amount is not None
    prior = of(current) - of(ch.amount) if d == 1 else of(current) + of(ch.amount)
    if current.value - d * ch.amount.value == 0:
        return _zero_base(ch, "0")
    if prior.hi <= 0:
        return None
    return _pct(of(ch.amount), prior, ch)


def check_change_parts(doc: Document) -> Iterator[Hit]:
    """'比上年减少X。其中：A增加a，B减少b …': the items' changes add up to the total change."""
    concepts = vocab.concepts()
    children: dict[int, list[Change]] = {}
    for ch in doc.facts.changes:
        if ch.parent is not None:
            children.setdefault(ch.parent, []).append(ch)
    for index, parts in children.items():
        total = doc.facts.changes[index]
        if total.amount is None or total.direction not in (1, -1) or total.concept is None:
            continue
        if any(p.direction is None or (p.direction != 0 and p.amount is None) for p in parts):
            continue
        names = {p.concept for p in parts}
        if len(names) != len(parts) or not any(
            comps == names for comps in concepts.components_of(total.concept)
        ):
            continue  # only a full breakdown must add up
        acc = Interval(ZERO, ZERO)
        for p in parts:
            if p.amount is not None:
                acc = acc + of(p.amount).scale(Decimal(p.direction or 0))
        stated = of(total.amount).scale(Decimal(total.direction))
        if not acc.meets(stated):
            listing = " ".join(
                f"{'+' if (p.direction or 0) >= 0 else '−'}{p.amount.raw if p.amount else '0'}"
                for p in parts
            )
            yield Hit.at(
                "C010",
                total.amount,
                f"the items' changes ({listing}) do not add up to the total change "
                f"({'+' if total.direction > 0 else '−'}{total.amount.raw})",
                expected=fmt((acc.lo + acc.hi) / 2, max(total.amount.decimals, 0)),
            )


def _reason_cues(text: str, weak: bool = False) -> tuple[bool, bool]:
    r = vocab.wording()["reason"]
    if any(w in text for w in r["contrast"]):
        return True, True  # "新增…，但…": a weighed reason points both ways
    decrease = r["decrease"] + (r["decrease_weak"] if weak else [])
    return any(w in text for w in r["increase"]), any(w in text for w in decrease)


def _said_direction(lead: str) -> int | None:
    """The direction a reason's lead-in names ('下降的原因是' → -1)."""
    d = vocab.wording()["direction"]
    words = [(w, 1) for w in d["increase"] if len(w) > 1] + [
        (w, -1) for w in d["decrease"] if len(w) > 1
    ]
    found = {sign for w, sign in words if w in lead}
    return found.pop() if len(found) == 1 else None


def _reason_content(why: ChangeReason) -> Iterator[Hit]:
    """A reason that only says what the money is for (R003), or explains an expenditure change
    with an income item (R004)."""
    if why.use_only:
        yield Hit(
            "R003",
            why.start,
            why.end,
            "the reason only says what the money is used for, not why it changed",
            found=why.text[:40],
        )
    subject_words = why.subject_words
    if why.income and "支出" in subject_words and "收入" not in subject_words:
        item, start, end = why.income
        yield Hit(
            "R004",
            start,
            end,
            f"an expenditure change explained by an income item ('{item}')",
            found=item,
        )


def check_changes(doc: Document) -> Iterator[Hit]:
    reasons = {why.change: why for why in doc.facts.change_reasons}
    for i, ch in enumerate(doc.facts.changes):
        yield from _check_one(ch)
        why = reasons.get(i)
        if why is None or ch.direction is None:
            continue
        if any(q is not None and q.value == 0 for q in (ch.amount, ch.percent)):
            # "减少0万元，下降0%。下降的原因是…": a reason for a change that did not happen.
            lead = why.lead
            if ch.direction in (1, -1) and _said_direction(lead) == ch.direction:
                yield Hit(
                    "C011",
                    ch.end + lead.find("原因") if "原因" in lead else why.start,
                    why.end,
                    "a reason is given for a change of zero",
                    found=why.text[:40],
                )
            continue  # otherwise a zero change described as a change is C006's business
        reason = why.text
        yield from _reason_content(why)
        up, down = _reason_cues(reason)
        if (ch.direction == 1 and down and not up) or (ch.direction == -1 and up and not down):
            yield Hit(
                "R001",
                why.start,
                why.end,
                f"the reason points the other way from the change ({_WORD[ch.direction]})",
                expected=f"a reason for {_WORD[ch.direction]}",
                found=reason[:40],
            )
        elif (
            ch.direction == 0
            and any(_reason_cues(reason, weak=True))
            and ch.amount is None
            and ch.percent is None
        ):
            word = ch.direction_words[0]
            yield Hit(
                "C008",
                word[1],
                word[2],
                "an unchanged figure is explained with a reason for a change",
                found=reason[:40],
            )


def check_mixed_bases(doc: Document) -> Iterator[Hit]:
    """'财政拨款收入X，比上年预算执行数增加…；财政拨款支出X，比上年预算增加…': one budget's two
    sides measured against different bases."""
    dept = doc.meta.department or ""
    sides: dict[tuple[int, str], dict[str, list[Change]]] = {}
    for ch in doc.facts.changes:
        if ch.subject is None or ch.inherited:
            continue
        key = side_key(ch.subject.label, dept)
        if key is None or not key[0]:
            continue
        section = doc.facts.sentences[ch.subject.sentence].section
        sides.setdefault((section, key[0]), {}).setdefault(key[1], []).append(ch)
    for (_, scope), by_side in sides.items():
        for income in by_side.get("收入", []):
            for spending in by_side.get("支出", []):
                if income.subject is None or spending.subject is None:
                    continue
                if income.subject.quantity.value != spending.subject.quantity.value:
                    continue
                a, b = _base_kind(income.base), _base_kind(spending.base)
                if a and b and a != b:
                    yield Hit(
                        "C012",
                        income.start,
                        income.end,
                        f"{scope}收入 is compared with the {a} and {scope}支出 with the {b}: "
                        "one budget's two sides need one base",
                        found=income.base,
                    )


def _base_kind(base: str) -> str | None:
    if "执行" in base:
        return "预算执行数"
    if "决算" in base:
        return "决算数"
    if "预算" in base:
        return "预算数"
    return None
