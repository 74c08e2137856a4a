"""Suppressions: known findings accepted on purpose, each with the reason written down.

``budgetaudit-suppressions.toml`` (the nearest one walking up from the checked file, or the
file given with ``--suppressions``) holds ``[[suppress]]`` entries::

    [[suppress]]
    code = "K001"                      # required: a rule code or prefix
    reason = "…why this is accepted"   # required, non-empty
    path = "drafts/*.txt"              # optional: glob, relative to this file's directory
    text = "机关运行经费"               # optional: the finding's sentence contains this
    fingerprint = "…"                  # optional: exactly this finding (from a baseline)

An entry without a reason, or with an unknown key, is an error (exit 2).
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, replace
from pathlib import Path

from budgetaudit.config import ConfigError, check_codes, path_forms
from budgetaudit.fingerprint import fingerprint, statement
from budgetaudit.model import FileReport, Finding

KEYS = {"code", "reason", "path", "text", "fingerprint"}


@dataclass(frozen=True)
class Suppression:
    """One entry of a suppression file: a rule code, why, and where it applies."""

    code: str
    reason: str
    path: str | None
    text: str | None
    fingerprint: str | None
    root: Path

    def covers(self, report: FileReport, finding: Finding) -> bool:
        if not finding.code.startswith(self.code):
            return False
        if self.path is not None and not any(
            fnmatch.fnmatchcase(form, self.path) for form in path_forms(report.path, self.root)
        ):
            return False
        if self.text is not None and self.text not in statement(finding, report.lines):
            return False
        return self.fingerprint is None or self.fingerprint == fingerprint(finding, report.lines)


def load(path: Path) -> tuple[Suppression, ...]:
    import tomllib  # only when there is a suppression file (start-up time)

    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    extra = sorted(set(data) - {"suppress"})
    if extra:
        raise ConfigError(f"{path}: unknown key '{extra[0]}' (entries are [[suppress]] tables)")
    entries = data.get("suppress", [])
    if not isinstance(entries, list):
        raise ConfigError(f"{path}: 'suppress' must be an array of tables ([[suppress]])")
    root = path.resolve().parent
    result = []
    for n, entry in enumerate(entries, 1):
        where = f"{path}: suppression #{n}"
        if not isinstance(entry, dict):
            raise ConfigError(f"{where} is not a table")
        unknown = sorted(set(entry) - KEYS)
        if unknown:
            raise ConfigError(f"{where}: unknown key '{unknown[0]}'")
        code, reason = entry.get("code"), entry.get("reason")
        if not isinstance(code, str) or not code:
            raise ConfigError(f"{where} has no code")
        check_codes([code], where)
        if not isinstance(reason, str) or not reason.strip():
            raise ConfigError(f"{where} ({code}) has no reason: every suppression must say why")
        for key in ("path", "text", "fingerprint"):
            if key in entry and not isinstance(entry[key], str):
                raise ConfigError(f"{where}: {key} must be a string")
        result.append(
            Suppression(
                code=code,
                reason=reason.strip(),
                path=entry.get("path"),
                text=entry.get("text"),
                fingerprint=entry.get("fingerprint"),
                root=root,
            )
        )
    return tuple(result)


def apply(report: FileReport, entries: tuple[Suppression, ...]) -> FileReport:
    if not entries:
        return report
    kept = [f for f in report.findings if not any(s.covers(report, f) for s in entries)]
    return replace(report, findings=kept)
