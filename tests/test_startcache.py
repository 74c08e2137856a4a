"""The console script's start-up cache (startcache.py), the lazy package and the plain report.

None of them may change a byte of output: each test compares with the work done without them.
The cache changes ``re`` and ``dataclasses`` for the rest of a process, so it is exercised in
child processes only.
"""

from __future__ import annotations

import io
import marshal
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from budgetaudit import audit_path, report_rich, vocab
from budgetaudit.model import FileReport
from budgetaudit.startcache import FILE_NAME

REPO = Path(__file__).resolve().parent.parent
SAMPLES = sorted((REPO / "samples").glob("*.txt"))
SAMPLE = REPO / "samples" / "zhuzhou-beijing-office-2024-budget.txt"  # six warnings
CORPUS = REPO.parent / "shared" / "corpus"


def _run(
    args: list[str], cache: Path | None, extra_env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    env.pop("BUDGETAUDIT_NO_CACHE", None)
    if cache is None:
        env["BUDGETAUDIT_NO_CACHE"] = "1"
    else:
        env["BUDGETAUDIT_CACHE_DIR"] = str(cache)
    env.update(extra_env or {})
    return subprocess.run(
        [sys.executable, "-m", "budgetaudit", *args],
        capture_output=True,
        stdin=subprocess.DEVNULL,
        env=env,
        timeout=300,
    )


def _python(code: str, cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BUDGETAUDIT_CACHE_DIR": str(cache)}
    env.pop("BUDGETAUDIT_NO_CACHE", None)
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )


# ---------------------------------------------------------------- the cache changes nothing


@pytest.mark.parametrize("fmt", ["rich", "json"])
def test_cold_warm_and_uncached_runs_print_the_same(tmp_path: Path, fmt: str) -> None:
    paths = [str(p) for p in SAMPLES]
    if fmt == "json" and CORPUS.is_dir():
        paths += [str(p) for p in sorted(CORPUS.glob("*.txt"))[:40]]
    args = ["check", "--format", fmt, "--jobs", "1", *paths]
    cache = tmp_path / "cache"
    plain = _run(args, None)
    cold = _run(args, cache)
    assert (cache / FILE_NAME).is_file()
    warm = _run(args, cache)
    assert plain.returncode == cold.returncode == warm.returncode == 1, plain.stderr
    assert plain.stdout == cold.stdout == warm.stdout
    assert plain.stderr == cold.stderr == warm.stderr == b""


def test_a_corrupt_or_stale_cache_is_rebuilt(tmp_path: Path) -> None:
    args = ["check", str(SAMPLE)]
    expected = _run(args, None)
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / FILE_NAME).write_bytes(b"\x00not marshal at all")
    broken = _run(args, cache)
    assert (broken.returncode, broken.stdout, broken.stderr) == (
        expected.returncode,
        expected.stdout,
        b"",
    )
    data = marshal.loads((cache / FILE_NAME).read_bytes())
    assert data["re"] and data["code"] and data["toml"]
    # Another Python build or package version: its entries are not used, and are replaced.
    data["key"] = ("another python",)
    (cache / FILE_NAME).write_bytes(marshal.dumps(data))
    stale = _run(args, cache)
    assert stale.stdout == expected.stdout
    assert marshal.loads((cache / FILE_NAME).read_bytes())["key"] != ("another python",)


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="root writes anywhere")
def test_an_unwritable_cache_directory_is_ignored_silently(tmp_path: Path) -> None:
    cache = tmp_path / "ro"
    cache.mkdir()
    cache.chmod(0o500)
    try:
        proc = _run(["check", str(SAMPLE)], cache)
    finally:
        cache.chmod(0o700)
    assert proc.returncode == 1 and proc.stderr == b""
    assert not (cache / FILE_NAME).exists()


def test_a_cache_file_that_cannot_be_written_is_ignored_silently(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    proc = _run(["check", str(SAMPLE)], blocker / "cache")
    expected = _run(["check", str(SAMPLE)], None)
    assert (proc.returncode, proc.stdout, proc.stderr) == (
        expected.returncode,
        expected.stdout,
        b"",
    )


def test_cached_patterns_equal_what_re_compiles(tmp_path: Path) -> None:
    """Every pattern the cache puts into ``re``'s cache is the one ``re`` itself compiles
    (``==`` on patterns compares flags, program and pattern), group names included."""
    code = """
import re, sys
from re import _compiler
from budgetaudit import startcache
assert startcache.install()
import budgetaudit.cli  # every pattern the check command compiles on import
state = startcache._state
assert len(state.patterns) > 100, len(state.patterns)
for (pattern, flags), args in state.patterns.items():
    cached = re._cache[type(pattern), pattern, flags]
    fresh = _compiler.compile(pattern, flags)
    assert cached == fresh and cached is not fresh, pattern
    assert cached.groupindex == fresh.groupindex and cached.groups == fresh.groups, pattern
print(len(state.patterns))
"""
    cache = tmp_path / "cache"
    assert _run(["check", str(SAMPLE)], cache).returncode == 1  # fills the cache
    proc = _python(code, cache)
    assert proc.returncode == 0, proc.stderr
    assert int(proc.stdout) > 100


def test_dataclasses_made_with_cached_code_behave_the_same(tmp_path: Path) -> None:
    code = """
from dataclasses import dataclass, FrozenInstanceError, field
from budgetaudit import startcache
assert startcache.install()

def make():
    @dataclass(frozen=True, order=True)
    class Point:
        x: int
        y: "int" = 2
        tags: tuple = field(default=())
    return Point

A, B = make(), make()  # the second from the in-memory cache
for P in (A, B):
    p = P(1)
    assert repr(p).endswith("Point(x=1, y=2, tags=())") and p == P(1, 2) and p < P(2)
    assert hash(p) == hash(P(1, 2, ()))
    try:
        p.x = 3
    except FrozenInstanceError:
        pass
    else:
        raise AssertionError("not frozen")
    assert P.__init__.__annotations__ == {"x": int, "y": "int", "tags": tuple, "return": None}
assert A.__init__.__code__ == B.__init__.__code__
print("ok")
"""
    proc = _python(code, tmp_path / "cache")
    assert proc.stdout.strip() == "ok", proc.stderr


def test_the_rule_file_cache_matches_the_toml(tmp_path: Path) -> None:
    """What the cache returns for each rules/*.toml is what tomllib parses, and an edited file
    is parsed again."""
    rules = vocab.rules_dir()
    copy = tmp_path / "catalog.toml"
    copy.write_bytes((rules / "catalog.toml").read_bytes())
    code = f"""
import os, tomllib, pathlib, marshal
from budgetaudit import startcache
assert startcache.install()
for path in sorted(pathlib.Path({str(rules)!r}).glob("*.toml")) + [pathlib.Path({str(copy)!r})]:
    with open(path, "rb") as fh:
        assert startcache.toml_data(str(path)) == tomllib.load(fh), path
startcache.save()
"""
    cache = tmp_path / "cache"
    for _ in range(2):  # parsed and stored, then read from the cache
        proc = _python(code, cache)
        assert proc.returncode == 0, proc.stderr
    stored = marshal.loads((cache / FILE_NAME).read_bytes())["toml"]
    assert str(copy) in stored and str(rules / "catalog.toml") in stored
    # Same size, same modification time, other contents: still noticed.
    edited = copy.read_text(encoding="utf-8").replace('severity = "error"', 'severity = "ERROR"')
    assert len(edited) == len(copy.read_text(encoding="utf-8"))
    copy.write_text(edited, encoding="utf-8")
    os.utime(copy, ns=(stored[str(copy)][0][0],) * 2)
    proc = _python(code, cache)  # asserts the cache's answer equals tomllib's
    assert proc.returncode == 0, proc.stderr


def test_without_the_launcher_nothing_is_installed() -> None:
    code = """
import dataclasses, re, sys
import budgetaudit
from budgetaudit import audit_text, startcache
audit_text("一、部门职责\\n")
assert startcache._state is None and "exec" not in vars(dataclasses)
print("ok")
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.stdout.strip() == "ok", proc.stderr


# ---------------------------------------------------------------- the lazy package


def test_import_budgetaudit_is_light_and_extract_stays_the_function() -> None:
    code = """
import sys
import budgetaudit
assert "budgetaudit.pipeline" not in sys.modules, "import budgetaudit loaded the pipeline"
import budgetaudit.pipeline  # binds the submodule budgetaudit.extract on the package
from budgetaudit.figures import extract
assert budgetaudit.extract is extract
from budgetaudit import extract as e, audit_text, Figure, FileReport
assert e is extract and callable(audit_text) and Figure.__name__ == "Figure"
assert sys.modules["budgetaudit.extract"].__name__ == "budgetaudit.extract"
try:
    budgetaudit.no_such_name
except AttributeError:
    pass
else:
    raise AssertionError
print("ok")
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.stdout.strip() == "ok", proc.stderr


# ---------------------------------------------------------------- the plain report


def _reports() -> list[FileReport]:
    reports = [audit_path(str(p)) for p in SAMPLES]
    if CORPUS.is_dir():
        reports += [audit_path(str(p)) for p in sorted(CORPUS.glob("*.txt"))]
    odd = replace(reports[0], path="tab\there\r.txt", department="部门\x0c  ")
    trailing = replace(reports[0], path="trailing space.txt ")
    failed = FileReport(path="gone.txt", error="no such file")
    return [*reports, odd, trailing, failed]


def _rich_output(reports: list[FileReport]) -> str:
    buffer = io.StringIO()
    report_rich.render(reports, report_rich._rich_console(buffer, colour=False))
    return buffer.getvalue()


def test_the_plain_report_is_byte_identical_to_rich() -> None:
    reports = _reports()
    for batch in [[r] for r in reports] + [reports]:
        for colour in (False, True):  # a file, and a console that is not a terminal
            buffer = io.StringIO()
            console = report_rich.make_console(buffer, colour=colour)
            assert isinstance(console, report_rich.PlainConsole)
            report_rich.render(batch, console)
            assert buffer.getvalue() == _rich_output(batch), batch[0].path


def test_lines_rich_would_change_go_to_rich() -> None:
    odd = replace(audit_path(str(SAMPLE)), path="a\tb.txt")
    buffer = io.StringIO()
    console = report_rich.make_console(buffer, colour=False)
    report_rich.render([odd], console)
    assert console._rich is not None  # the header went through Rich (tab expanded)
    assert "a       b.txt" in buffer.getvalue()


def test_the_cli_report_is_the_same_with_rich_forced(tmp_path: Path) -> None:
    """FORCE_COLOR="" (no colour, but set) makes the report go through Rich's console."""
    args = ["check", *[str(p) for p in SAMPLES[:3]]]
    plain = _run(args, tmp_path)
    through_rich = _run(args, tmp_path, {"FORCE_COLOR": ""})
    assert plain.stdout == through_rich.stdout and b"\x1b[" not in plain.stdout
    single = _run(["check", str(SAMPLE)], tmp_path)
    single_rich = _run(["check", str(SAMPLE)], tmp_path, {"FORCE_COLOR": ""})
    assert single.stdout == single_rich.stdout


def test_cell_len_agrees_with_rich() -> None:
    from rich.cells import cell_len as rich_cell_len

    for lo, hi in report_rich._NARROW + report_rich._WIDE:
        for code in range(lo, hi + 1):
            assert report_rich.cell_len(chr(code)) == rich_cell_len(chr(code)), hex(code)
    for text in [
        "",
        "abc",
        "支出决算表…（万元）",
        "“三公”经费 ５０％",
        "é\u0301x",
        "🙂表",
        "\u200b",
    ]:
        assert report_rich.cell_len(text) == rich_cell_len(text), text


def test_derived_data_is_recomputed_when_its_module_changes(tmp_path: Path) -> None:
    module = tmp_path / "derivedmod.py"
    code = f"""
import sys
sys.path.insert(0, {str(tmp_path)!r})
from budgetaudit import startcache
assert startcache.install()
import derivedmod
print(derivedmod.table(), derivedmod.calls)
startcache.save()
"""
    source = """
from budgetaudit import startcache
calls = []

@startcache.derived("wording")
def table():
    calls.append(1)
    return {{"value": {value}, "words": frozenset(["a"])}}
"""
    cache = tmp_path / "cache"
    module.write_text(source.format(value=1))
    outputs = [_python(code, cache).stdout.strip() for _ in range(2)]
    assert outputs == [
        "{'value': 1, 'words': frozenset({'a'})} [1]",
        "{'value': 1, 'words': frozenset({'a'})} []",  # from the cache: not computed
    ]
    module.write_text(source.format(value=22))
    assert _python(code, cache).stdout.strip() == "{'value': 22, 'words': frozenset({'a'})} [1]"


def test_the_compact_catalogue_matches_catalog_toml(tmp_path: Path) -> None:
    """``vocab.rule_classes`` (what a check reads of the catalogue, kept in the cache) is the
    severity and category of every entry of rules/catalog.toml, from the cache too."""
    code = """
import tomllib
from budgetaudit import startcache, vocab
assert startcache.install()
with open(vocab.rules_dir() / "catalog.toml", "rb") as fh:
    expected = {c: (r["severity"], r["category"]) for c, r in tomllib.load(fh).items()}
assert vocab.rule_classes() == expected
startcache.save()
print(len(expected))
"""
    cache = tmp_path / "cache"
    first, second = (_python(code, cache) for _ in range(2))
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert int(second.stdout) > 100
    stored = marshal.loads((cache / FILE_NAME).read_bytes())["derived"]
    assert "budgetaudit.vocab.rule_classes" in stored


def test_patterns_that_did_not_fit_come_first_next_time(tmp_path: Path) -> None:
    """A cache holding more patterns than ``re``'s own cache has room for (other commands'
    patterns first) does not make a command compile its own anew on every run: the run that
    had to compile them stores them in front, and from then on they are loaded."""
    cache = tmp_path / "cache"
    assert _run(["check", str(SAMPLE)], cache).returncode == 1  # fills the cache
    path = cache / FILE_NAME
    data = marshal.loads(path.read_bytes())
    from budgetaudit import startcache

    others = {(f"budgetaudit-test-{i}[a-z]+", 0): None for i in range(600)}
    filler = {key: startcache._compiled_args(*key) for key in others}
    data["re"] = {**filler, **data["re"]}
    path.write_bytes(marshal.dumps(data))
    assert _run(["check", str(SAMPLE)], cache).returncode == 1  # compiles its own anew
    stored = list(marshal.loads(path.read_bytes())["re"])
    assert len(stored) <= startcache.MAX_PATTERNS
    code = """
from budgetaudit import startcache
assert startcache.install()
import re
import budgetaudit.cli, budgetaudit.pipeline
print(sum(1 for key in re._cache if key not in startcache._state.filled))
"""
    proc = _python(code, cache)
    assert proc.returncode == 0, proc.stderr
    assert int(proc.stdout) == 0  # nothing this import needs is compiled anew
