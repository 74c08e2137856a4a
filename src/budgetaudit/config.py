"""Project configuration: which rules run, at what severity, with which tolerances.

Read from ``[tool.budgetaudit]`` in ``pyproject.toml`` or from a ``budgetaudit.toml`` (keys at
the top level), whichever is met first walking up from the checked file; ``--config FILE``
overrides the search. Selection and severity are applied to the findings *after* the checks
ran (:func:`apply`), so the checks themselves never see the configuration; only the rounding
tolerance reaches them, through :func:`budgetaudit.intervals.tolerance`.
"""

from __future__ import annotations

import contextlib
import fnmatch
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from budgetaudit import startcache, vocab
from budgetaudit.model import FileReport, Severity

CONFIG_NAMES = ("budgetaudit.toml", "pyproject.toml")  # in this order within one directory
SUPPRESSIONS_NAME = "budgetaudit-suppressions.toml"  # see budgetaudit.suppressions
FAIL_ON_VALUES = ("error", "warning", "info", "never")
KNOWN_KEYS = {
    "select",
    "ignore",
    "extend-select",
    "fail-on",
    "severity",
    "tolerance",
    "per-file-ignores",
}
TOLERANCE_KEYS = {"accept-truncated-percent"}
ALL = "ALL"


class ConfigError(Exception):
    """A configuration that cannot be used; the message is one line, fit for the user."""


@dataclass(frozen=True)
class Settings:
    """The effective configuration for one checked file."""

    select: tuple[str, ...] = (ALL,)
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: str | None = None  # None: the command line's default
    severity: Mapping[str, Severity] = field(default_factory=dict)
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    accept_truncated_percent: bool = True
    root: Path | None = None  # directory of the configuration file: per-file globs are relative
    source: str | None = None  # the configuration file, for messages

    def enabled(self, code: str, path: str | None = None) -> bool:
        """ruff's rule: the most specific matching prefix decides; on a tie, ignore wins."""
        on = _longest(code, (*self.select, *self.extend_select))
        off = _longest(code, (*self.ignore, *self._file_ignores(path)))
        if on is None:
            return False
        return off is None or on > off

    def severity_of(self, code: str, default: Severity) -> Severity:
        best: tuple[int, Severity] | None = None
        for prefix, severity in self.severity.items():
            n = _match_len(code, prefix)
            if n is not None and (best is None or n > best[0]):
                best = (n, severity)
        return best[1] if best else default

    def _file_ignores(self, path: str | None) -> list[str]:
        if path is None or path == "-" or not self.per_file_ignores:
            return []
        names = path_forms(path, self.root)
        return [
            code
            for pattern, codes in self.per_file_ignores
            if any(fnmatch.fnmatchcase(name, pattern) for name in names)
            for code in codes
        ]


@dataclass(frozen=True)
class Overrides:
    """What the command line says; it wins over any configuration file."""

    config: str | None = None
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: str | None = None


class Directories:
    """The directory of each checked file with symlinks followed — what
    ``Path(path).resolve().parent`` gives — resolved once per directory: a batch names
    thousands of files in a few directories, and resolving stats every component."""

    def __init__(self) -> None:
        self._resolved: dict[str, Path] = {}

    def of(self, path: str) -> Path:
        """The directory of ``path`` (the current one for standard input, ``-``)."""
        if path == "-":
            return Path.cwd()
        head, name = os.path.split(path)
        if name in ("", ".", "..") or os.path.islink(path):
            return Path(path).resolve().parent  # the name itself moves the directory
        if head not in self._resolved:
            self._resolved[head] = Path(head or ".").resolve()
        return self._resolved[head]


class Resolver:
    """The settings for each checked path; each configuration file is read once."""

    def __init__(self, overrides: Overrides) -> None:
        self.overrides = overrides
        for where, codes in (
            ("--select", overrides.select or ()),
            ("--extend-select", overrides.extend_select),
            ("--ignore", overrides.ignore),
        ):
            check_codes(codes, where)
        self._fixed: Settings | None = None
        if overrides.config is not None:
            self._fixed = self._with_overrides(load_file(Path(overrides.config)))
        self._cache: dict[Path | None, Settings] = {}
        self._found: dict[Path, Path | None] = {}
        self.directories = Directories()

    def for_path(self, path: str) -> Settings:
        if self._fixed is not None:
            return self._fixed
        start = self.directories.of(path)
        if start not in self._found:  # many files share a directory: search once per run
            self._found[start] = discover(start)
        found = self._found[start]
        if found not in self._cache:
            base = load_file(found) if found is not None else Settings()
            self._cache[found] = self._with_overrides(base)
        return self._cache[found]

    def _with_overrides(self, settings: Settings) -> Settings:
        o = self.overrides
        return replace(
            settings,
            select=o.select if o.select is not None else settings.select,
            extend_select=settings.extend_select + o.extend_select,
            ignore=settings.ignore + o.ignore,
            fail_on=o.fail_on if o.fail_on is not None else settings.fail_on,
        )


# ---------------------------------------------------------------- finding and reading files


def discover(start: Path) -> Path | None:
    """The nearest configuration file at or above ``start`` (a pyproject without our table
    does not count)."""
    for directory in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = directory / name
            if not candidate.is_file():
                continue
            if (
                name == "pyproject.toml"
                and _read_toml(candidate).get("tool", {}).get("budgetaudit") is None
            ):
                continue
            return candidate
    return None


def discover_suppressions(start: Path) -> Path | None:
    """The nearest suppression file at or above ``start``. Looked for here, not in
    :mod:`budgetaudit.suppressions`: a run without one need not import that (start-up time)."""
    for directory in (start, *start.parents):
        if (directory / SUPPRESSIONS_NAME).is_file():
            return directory / SUPPRESSIONS_NAME
    return None


def load_file(path: Path) -> Settings:
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("budgetaudit")
        if table is None:
            raise ConfigError(f"{path}: no [tool.budgetaudit] table")
        where = f"{path}: [tool.budgetaudit]"
    else:
        table, where = data, str(path)
    return parse(table, where, root=path.resolve().parent, source=str(path))


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        # Parsed once per change of the file when the command line's start-up cache is on.
        return startcache.toml_data(str(path))
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from None
    except ValueError as exc:
        import tomllib

        if isinstance(exc, tomllib.TOMLDecodeError):
            raise ConfigError(f"{path}: not valid TOML: {exc}") from None
        raise


def parse(table: Mapping[str, Any], where: str, *, root: Path, source: str) -> Settings:
    """Validate a configuration table; every mistake is a :class:`ConfigError`."""
    unknown = sorted(set(table) - KNOWN_KEYS)
    if unknown:
        known = ", ".join(sorted(KNOWN_KEYS))
        raise ConfigError(f"{where}: unknown key '{unknown[0]}' (known: {known})")
    select = _codes(table, "select", where) if "select" in table else (ALL,)
    fail_on = table.get("fail-on")
    if fail_on is not None and fail_on not in FAIL_ON_VALUES:
        raise ConfigError(
            f"{where}: fail-on must be one of {', '.join(FAIL_ON_VALUES)}, not {fail_on!r}"
        )
    return Settings(
        select=select,
        extend_select=_codes(table, "extend-select", where),
        ignore=_codes(table, "ignore", where),
        fail_on=fail_on,
        severity=_severity(table.get("severity", {}), where),
        per_file_ignores=_per_file(table.get("per-file-ignores", {}), where),
        accept_truncated_percent=_tolerance(table.get("tolerance", {}), where),
        root=root,
        source=source,
    )


def _codes(table: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: {key} must be a list of rule codes or prefixes")
    check_codes(value, f"{where}: {key}")
    return tuple(value)


def _severity(value: Any, where: str) -> dict[str, Severity]:
    if not isinstance(value, dict):
        raise ConfigError(f'{where}: severity must be a table of CODE = "error|warning|info"')
    result: dict[str, Severity] = {}
    for code, level in value.items():
        check_codes([code], f"{where}: severity")
        if level not in {s.value for s in Severity}:
            raise ConfigError(
                f"{where}: severity of {code} must be error, warning or info, not {level!r}"
            )
        result[code] = Severity(level)
    return result


def _per_file(value: Any, where: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, dict):
        raise ConfigError(f'{where}: per-file-ignores must be a table of "glob" = [codes]')
    result = []
    for pattern, codes in value.items():
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            raise ConfigError(f'{where}: per-file-ignores."{pattern}" must be a list of codes')
        check_codes(codes, f"{where}: per-file-ignores")
        result.append((pattern, tuple(codes)))
    return tuple(result)


def _tolerance(value: Any, where: str) -> bool:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: tolerance must be a table")
    unknown = sorted(set(value) - TOLERANCE_KEYS)
    if unknown:
        raise ConfigError(f"{where}: unknown key 'tolerance.{unknown[0]}'")
    accept = value.get("accept-truncated-percent", True)
    if not isinstance(accept, bool):
        raise ConfigError(f"{where}: tolerance.accept-truncated-percent must be true or false")
    return accept


# ---------------------------------------------------------------- codes and prefixes


def check_codes(codes: Iterable[str], where: str) -> None:
    """Every entry must be ALL, a rule code or the prefix of one (``C``, ``C00``, ``C001``)."""
    known = vocab.rule_classes().keys()
    for code in codes:
        if code == ALL:
            continue
        if not code or not any(k.startswith(code) for k in known):
            raise ConfigError(f"{where}: unknown rule code or prefix '{code}'")


def _match_len(code: str, prefix: str) -> int | None:
    if prefix == ALL:
        return 0
    return len(prefix) if code.startswith(prefix) else None


def _longest(code: str, prefixes: Sequence[str]) -> int | None:
    lengths = [n for p in prefixes if (n := _match_len(code, p)) is not None]
    return max(lengths, default=None)


def path_forms(path: str, root: Path | None) -> list[str]:
    """The path as given, relative to the configuration's directory, and its file name."""
    forms = [path.replace(os.sep, "/"), os.path.basename(path)]
    if root is not None:
        with contextlib.suppress(ValueError):
            forms.append(Path(path).resolve().relative_to(root).as_posix())
    return forms


# ---------------------------------------------------------------- applying it


def apply(report: FileReport, settings: Settings) -> FileReport:
    """The report with unselected rules dropped and severities as configured."""
    findings = []
    for finding in report.findings:
        if not settings.enabled(finding.code, report.path):
            continue
        severity = settings.severity_of(finding.code, finding.severity)
        findings.append(
            finding if severity is finding.severity else replace(finding, severity=severity)
        )
    return replace(report, findings=findings)
