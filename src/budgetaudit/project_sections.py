"""A project's '年度预算安排' and '实施主体' sections (项目支出说明) and what their text says:
whether the budget section gives an amount, whether the body section opens with work instead of
a name. Read by the structure checks (S007, S008)."""

from __future__ import annotations

import re

from budgetaudit.model import Heading, Normalized, ProjectSection
from budgetaudit.structure import heading_key

_BUDGET_SECTION = re.compile(r"^(?:项目)?(?:年度)?预算(?:安排|金额)$")
_BODY_SECTION = re.compile(r"^实施(?:主体|单位)$")
_NOT_A_BODY = re.compile(r"^(?:主要|完成|负责|推进|开展|结合|根据|用于|按照|做好)")
_MONEY = re.compile(r"\d(?:\.\d+)?\s*(?:万元|元|亿元|万)")


def find_project_sections(norm: Normalized, headings: list[Heading]) -> tuple[ProjectSection, ...]:
    text = norm.text
    heads = [h for h in headings if not h.inline]
    out = []
    for k, h in enumerate(heads):
        title = h.title
        # The key (the title without noise) holds none but the title's characters: without
        # 预 and 排/额 it is no 预算安排/金额, without 实 and 施 no 实施主体/单位 (most titles).
        if not ("预" in title and ("排" in title or "额" in title)) and not (
            "实" in title and "施" in title
        ):
            continue
        title = heading_key(title)
        is_budget, is_body = bool(_BUDGET_SECTION.match(title)), bool(_BODY_SECTION.match(title))
        if not (is_budget or is_body):
            continue
        body_start = text.find("\n", h.start)
        if body_start < 0:
            continue
        body_end = heads[k + 1].line_start if k + 1 < len(heads) else len(text)
        body = text[body_start:body_end]
        stripped = body.strip()
        if not stripped:
            continue
        at = body_start + body.find(stripped[0])
        line_end = text.find("\n", at)
        line_end = body_end if line_end < 0 else min(line_end, body_end)
        out.append(
            ProjectSection(
                "budget" if is_budget else "body",
                at,
                line_end,
                has_amount=is_budget and _MONEY.search(body) is not None,
                describes_work=is_body and _NOT_A_BODY.match(stripped) is not None,
            )
        )
    return tuple(out)
