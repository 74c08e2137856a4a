"""Fixtures shared by the tests; plain helpers live in support.py."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from budgetaudit import pipeline
from support import marker_audit

# No per-example deadline in any property test: CI machines are shared and a slow example is
# not a failure (speed targets live in benchmarks/, not in tests).
settings.register_profile("budgetaudit", deadline=None)
settings.load_profile("budgetaudit")


@pytest.fixture
def fake_rules(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Replace the pipeline's rules with :func:`marker_audit` (the CLI's only seam)."""
    monkeypatch.setattr(pipeline, "audit_source", marker_audit)
    yield


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., str]:
    """Write a test input file and return its path as a string."""

    def _write(name: str, content: str | bytes, encoding: str = "utf-8") -> str:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode(encoding)
        path.write_bytes(content)
        return str(path)

    return _write


@pytest.fixture(autouse=True, scope="session")
def _startup_cache_in_a_temp_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Commands run by the tests keep their start-up cache (startcache.py) out of ~/.cache."""
    import os

    saved = os.environ.get("BUDGETAUDIT_CACHE_DIR")
    os.environ["BUDGETAUDIT_CACHE_DIR"] = str(tmp_path_factory.mktemp("startcache"))
    yield
    if saved is None:
        os.environ.pop("BUDGETAUDIT_CACHE_DIR", None)
    else:
        os.environ["BUDGETAUDIT_CACHE_DIR"] = saved
