"""The start-up cache of the command line: work every run would repeat, kept between runs.

Starting ``budgetaudit check`` used to spend more time preparing than auditing: compiling
≈ 300 regular expressions (≈ 35 ms), generating the methods of ≈ 40 dataclasses (≈ 15 ms) and
parsing ``rules/*.toml`` (≈ 10 ms). All three are pure functions of their input, so the
launcher (:mod:`budgetaudit.launch`) keeps their results in one marshal file in the user's
cache directory and reuses them:

- regular expressions: for each ``(pattern, flags)`` the compiled program that ``re`` hands to
  ``_sre.compile``; :func:`install` puts the patterns back in ``re``'s own cache, so
  ``re.compile`` finds them there. An entry is stored only after a pattern built from it
  compared equal (``==`` compares flags, program and pattern) to the one ``re`` compiled;
- dataclasses: the code objects of the methods ``dataclasses`` generates, by their source text
  (``dataclasses`` compiles that text with ``exec``; here it is compiled once);
- rule files: the parsed TOML, by path, size, CRC-32 and modification time (:func:`toml_data`);
- data computed from them (:func:`derived`), while the rule files and the module that computes
  it are unchanged.

The file is keyed by the Python build and the package version and is never needed for
correctness: a missing, stale, corrupt or unwritable cache means the work is done as before.
It is written (temp file + rename) only at the end of a run that found something new.
``BUDGETAUDIT_NO_CACHE=1`` turns it off; ``BUDGETAUDIT_CACHE_DIR`` moves it. Only the command
line installs it: importing budgetaudit as a library changes nothing in ``re`` or
``dataclasses``.
"""

from __future__ import annotations

import builtins
import contextlib
import marshal
import os
import re
import sys
from collections.abc import Callable
from typing import Any, TypeVar

from budgetaudit import __version__

try:
    import _sre
except ImportError:  # not CPython: no cache
    _sre = None  # type: ignore[assignment]

# Bounds, so that patterns built from changing data cannot grow the file without end.
# No more patterns than fit in ``re``'s own cache beside the few compiled before the file is
# read: those past it would be compiled anew on every run (and push earlier ones out). The ones
# a run needed and did not find come first.
MAX_PATTERNS = getattr(re, "_MAXCACHE", 512) - 32
MAX_CODE = 3000
MAX_TOML = 100  # rule files, and the configuration files (pyproject.toml …) of checked folders
# One file per Python (its build is in the key too): two Pythons do not overwrite each other's.
FILE_NAME = f"startup-{sys.implementation.cache_tag}.marshal"

_state: _Cache | None = None
T = TypeVar("T")


class _Cache:
    def __init__(self, path: str, data: dict[str, Any]) -> None:
        self.path = path
        self.patterns: dict[tuple[str | bytes, int], tuple[Any, ...]] = data.get("re", {})
        self.code: dict[str, Any] = data.get("code", {})
        self.toml: dict[str, tuple[tuple[int, int, int], bytes]] = data.get("toml", {})
        self.toml_used: set[str] = set()
        # ``re``'s cache keys of the patterns put there from the file (no need to look again)
        self.filled: set[tuple[type, str | bytes, int]] = set()
        self.derived: dict[str, tuple[tuple[tuple[int, int], ...], bytes]] = data.get("derived", {})
        self.dirty = False


def _build_key() -> tuple[Any, ...]:
    return (
        sys.version,
        sys.implementation.cache_tag,
        getattr(_sre, "MAGIC", None),
        getattr(_sre, "CODESIZE", None),
        __version__,
    )


def cache_dir() -> str | None:
    """Where the cache lives: ``BUDGETAUDIT_CACHE_DIR``, else the platform's user cache."""
    explicit = os.environ.get("BUDGETAUDIT_CACHE_DIR")
    if explicit:
        return explicit
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
    elif sys.platform == "darwin":
        base = os.path.expanduser("~/Library/Caches")
    else:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    if not base or base.startswith("~"):
        return None
    return os.path.join(base, "budgetaudit")


def install() -> bool:
    """Load the cache and use it for the rest of this process; True when it is in use."""
    global _state
    if _state is not None:
        return True
    if os.environ.get("BUDGETAUDIT_NO_CACHE") or _sre is None:
        return False
    if not isinstance(getattr(re, "_cache", None), dict):
        return False
    directory = cache_dir()
    if directory is None:
        return False
    path = os.path.join(directory, FILE_NAME)
    data: dict[str, Any] = {}
    try:
        with open(path, "rb") as fh:
            loaded = marshal.loads(fh.read())
        if isinstance(loaded, dict) and loaded.get("key") == _build_key():
            data = loaded
    except Exception:  # missing, unreadable or corrupt: start afresh
        data = {}
    state = _Cache(path, data)
    try:
        _fill_re_cache(state)
    except Exception:
        state.patterns = {}
    import dataclasses

    dataclasses.exec = _exec_with_cache  # type: ignore[attr-defined]
    _state = state
    import atexit

    atexit.register(save)
    return True


# ---------------------------------------------------------------- regular expressions


def _fill_re_cache(state: _Cache) -> None:
    cache = re._cache  # type: ignore[attr-defined]
    room = max(0, getattr(re, "_MAXCACHE", 512) - len(cache))
    for (pattern, flags), args in list(state.patterns.items())[:room]:
        key = (type(pattern), pattern, flags)
        if key not in cache:
            cache[key] = _sre.compile(pattern, *args)
        state.filled.add(key)


def _compiled_args(pattern: str | bytes, flags: int) -> tuple[Any, ...]:
    """What ``re._compiler.compile`` passes to ``_sre.compile`` after the pattern."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    code = [int(op) for op in code]  # opcodes are int subclasses, which marshal refuses
    return (
        flags | parsed.state.flags,
        code,
        parsed.state.groups - 1,
        groupindex,
        tuple(indexgroup),
    )


def _new_patterns(state: _Cache) -> dict[tuple[str | bytes, int], tuple[Any, ...]]:
    """Patterns compiled in this run that the cache does not have, each verified (patterns
    compiled under re.LOCALE depend on the locale: never stored)."""
    found: dict[tuple[str | bytes, int], tuple[Any, ...]] = {}
    cache = re._cache  # type: ignore[attr-defined]
    # Those filled from the file are in it: one set look-up each (≈ 0.5 ms less at every exit).
    for key in [key for key in cache if key not in state.filled]:
        compiled = cache[key]
        kind, pattern, flags = key
        if kind not in (str, bytes) or not isinstance(flags, int) or flags & (re.DEBUG | re.LOCALE):
            continue
        # (A stored pattern that did not fit in ``re``'s cache was compiled anew: it counts
        # as new, so that the file brings it to the front.)
        if not isinstance(compiled, re.Pattern):
            continue
        try:
            args = _compiled_args(pattern, flags)
            rebuilt = _sre.compile(pattern, *args)
        except Exception:
            continue
        if (
            rebuilt == compiled
            and rebuilt.groups == compiled.groups
            and rebuilt.groupindex == compiled.groupindex
        ):
            found[(pattern, flags)] = args
    return found


# ---------------------------------------------------------------- dataclasses


def _exec_with_cache(source: Any, globals: Any = None, locals: Any = None, /) -> None:
    """``exec`` for dataclasses: the same code object, compiled once per source text."""
    state = _state
    if state is None or not isinstance(source, str):
        return builtins.exec(source, globals, locals)
    code = state.code.get(source)
    if code is None:
        # dont_inherit: compiled as exec() compiles it for dataclasses, whose module has no
        # __future__ imports (this one has).
        code = compile(source, "<string>", "exec", dont_inherit=True)
        state.code[source] = code
        state.dirty = True
    return builtins.exec(code, globals, locals)


# ---------------------------------------------------------------- rule files


def toml_data(path: str) -> Any:
    """The parsed TOML file at ``path``: from the cache while the file is unchanged (same
    size, CRC-32 and modification time), else parsed (and remembered when the cache is in
    use)."""
    with open(path, "rb") as fh:
        raw = fh.read()
        mtime = os.fstat(fh.fileno()).st_mtime_ns
    state = _state
    if state is None:
        return _parse_toml(raw)
    import zlib

    path = os.path.abspath(path)
    state.toml_used.add(path)
    stamp = (mtime, len(raw), zlib.crc32(raw))
    entry = state.toml.get(path)
    if entry is not None and entry[0] == stamp:
        return marshal.loads(entry[1])  # a fresh copy: the caller may change it
    data = _parse_toml(raw)
    try:
        blob = marshal.dumps(data)
    except ValueError:  # dates and times cannot be stored: such a file is parsed each time
        return data
    state.toml[path] = (stamp, blob)
    state.dirty = True
    return data


def _parse_toml(raw: bytes) -> Any:
    import tomllib  # ≈ 1 ms of start-up, so only when a file is parsed

    return tomllib.loads(raw.decode())


def derived(*rule_files: str) -> Callable[[Callable[[], T]], Callable[[], T]]:
    """Decorator for a function without arguments that computes plain data (what marshal
    stores) from the named rule files (``"wording"`` for rules/wording.toml): with the cache in
    use, its result is kept while those files and the module defining the function are
    unchanged (size and modification time, as Python judges its .pyc files)."""

    def wrap(build: Callable[[], T]) -> Callable[[], T]:
        name = f"{build.__module__}.{build.__qualname__}"

        def cached() -> T:
            state = _state
            if state is None:
                return build()
            from budgetaudit import vocab

            files = [sys.modules[build.__module__].__file__ or ""]
            files += [vocab.rule_file(rule) for rule in rule_files]
            try:
                stamp = tuple((st.st_mtime_ns, st.st_size) for st in map(os.stat, files))
            except OSError:
                return build()
            entry = state.derived.get(name)
            if entry is not None and entry[0] == stamp:
                return marshal.loads(entry[1])  # type: ignore[no-any-return]
            value = build()
            try:
                state.derived[name] = (stamp, marshal.dumps(value))
            except ValueError:  # not plain data: computed each time
                return value
            state.dirty = True
            return value

        cached.__doc__, cached.__name__, cached.__qualname__ = (
            build.__doc__,
            build.__name__,
            build.__qualname__,
        )
        cached.__wrapped__ = build  # type: ignore[attr-defined]
        return cached

    return wrap


# ---------------------------------------------------------------- writing


def save() -> None:
    """Write the cache if this run added to it (whole or not at all; errors are ignored)."""
    state = _state
    if state is None:
        return
    try:
        new = _new_patterns(state)
        if not new and not state.dirty:
            return
        # This run's new patterns (or stored ones that did not fit in ``re``'s cache) first:
        # the next run loads from the front as many as ``re``'s cache has room for.
        patterns = {**new, **{k: v for k, v in state.patterns.items() if k not in new}}
        if len(patterns) > MAX_PATTERNS:
            patterns = dict(list(patterns.items())[:MAX_PATTERNS])
        code = state.code if len(state.code) <= MAX_CODE else {}
        toml = state.toml
        if len(toml) > MAX_TOML:
            toml = {path: entry for path, entry in toml.items() if path in state.toml_used}
        blob = marshal.dumps(
            {
                "key": _build_key(),
                "re": patterns,
                "code": code,
                "toml": toml,
                "derived": state.derived,
            }
        )
        directory = os.path.dirname(state.path)
        os.makedirs(directory, exist_ok=True)
        tmp = f"{state.path}.{os.getpid()}.tmp"
        try:
            with open(tmp, "wb") as fh:
                fh.write(blob)
            os.replace(tmp, state.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        state.patterns, state.dirty = patterns, False
    except Exception:
        pass  # a read-only home, a full disk: the next run does the work again
