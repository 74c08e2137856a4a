from __future__ import annotations

from dataclasses import dataclass

from budgetaudit.model import Quantity


@dataclass(frozen=True)
class Hit:
    """One rule firing on a span of the normalised text."""

    code: str
    start: int
    end: int
    message: str
    expected: str | None = None
    found: str | None = None

    @classmethod
    def at(
        cls,
        code: str,
        q: Quantity,
        message: str,
        expected: str | None = None,
        found: str | None = None,
    ) -> Hit:
        return cls(code, q.start, q.end, message, expected, found if found is not None else q.raw)
