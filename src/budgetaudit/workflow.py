"""What happens to the findings between the checks and the report, for review workflows:
configuration (selection, severity, tolerance), suppressions and baselines (issue 5).

The checks never see any of this except the rounding tolerance; everything else filters or
re-grades the findings afterwards.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from budgetaudit import config
from budgetaudit.config import ConfigError, Overrides, Settings
from budgetaudit.model import FileReport

if TYPE_CHECKING:
    from budgetaudit.suppressions import Suppression


class WorkflowError(Exception):
    """A configuration, suppression or baseline file that cannot be used (one line)."""


@dataclass
class Workflow:
    """The configuration, suppressions and baseline of one run, each file read once."""

    resolver: config.Resolver
    suppressions_file: str | None = None
    baseline_file: str | None = None
    _known: Counter[tuple[str, str, str]] | None = None
    _suppressions: dict[Path | None, tuple[Suppression, ...]] = field(default_factory=dict)
    # Per run: where each path's suppression file is (looked up once per file, then once per
    # directory: a batch has thousands of files in a few directories).
    _found_for_path: dict[str, Path | None] = field(default_factory=dict)
    _found_in_dir: dict[Path, Path | None] = field(default_factory=dict)

    def settings_for(self, item: str | FileReport) -> Settings:
        """The settings for one checked path; also validates its suppression file."""
        path = item.path if isinstance(item, FileReport) else item
        try:
            settings = self.resolver.for_path(path)
            self._suppressions_for(path)
        except ConfigError as exc:
            raise WorkflowError(str(exc)) from None
        return settings

    def finish(
        self, reports: Sequence[FileReport], settings: Sequence[Settings]
    ) -> list[FileReport]:
        """Selection and severity, then suppressions (before any baseline is compared)."""
        result = []
        for report, s in zip(reports, settings, strict=True):
            report = config.apply(report, s)
            entries = self._suppressions_for(report.path)
            if entries:  # (none: suppressions.apply would return the report as it is)
                from budgetaudit import suppressions

                report = suppressions.apply(report, entries)
            result.append(report)
        return result

    def only_new(self, reports: Sequence[FileReport]) -> list[FileReport]:
        if self.baseline_file is None:
            return list(reports)
        assert self._known is not None
        from budgetaudit import baseline

        return baseline.only_new(reports, self._known, self.baseline_file)

    def _suppressions_for(self, path: str) -> tuple[Suppression, ...]:
        if self.suppressions_file is not None:
            found: Path | None = Path(self.suppressions_file)
        elif path != "-" and path in self._found_for_path:
            found = self._found_for_path[path]
        else:
            start = self.resolver.directories.of(path)
            if start not in self._found_in_dir:
                self._found_in_dir[start] = config.discover_suppressions(start)
            found = self._found_in_dir[start]
            if path != "-":
                self._found_for_path[path] = found
        if found not in self._suppressions:
            entries: tuple[Suppression, ...] = ()
            if found is not None:  # the module only when there is a file (start-up time)
                from budgetaudit import suppressions

                entries = suppressions.load(found)
            self._suppressions[found] = entries
        return self._suppressions[found]


def prepare(
    overrides: Overrides, suppressions_file: str | None, baseline_file: str | None
) -> Workflow:
    try:
        flow = Workflow(config.Resolver(overrides), suppressions_file, baseline_file)
        if suppressions_file is not None:
            flow._suppressions_for("-")
    except ConfigError as exc:
        raise WorkflowError(str(exc)) from None
    if baseline_file is not None:
        from budgetaudit import baseline  # (and its fingerprints) only when one is used

        try:
            flow._known = baseline.load(baseline_file)
        except (ConfigError, baseline.BaselineError) as exc:
            raise WorkflowError(str(exc)) from None
    return flow


def split_codes(values: Sequence[str] | None) -> tuple[str, ...] | None:
    """``--select C,W001 --select T`` → ("C", "W001", "T"); None when the option is absent."""
    if not values:
        return None
    return tuple(code.strip() for v in values for code in v.split(",") if code.strip())
