"""The ``budgetaudit`` console script (and ``python -m budgetaudit``): the command line, started
and stopped for speed (issue 6).

- The start-up cache (:mod:`budgetaudit.startcache`) is installed before the pipeline's modules
  are imported, since they compile their patterns and dataclasses as they load.
- No garbage collection while the modules load (they make no garbage worth the passes over
  every object, ≈ 4 ms); what they built is then frozen, so later collections skip it.
- At the end, when no other thread runs, the process leaves without tearing the interpreter
  down object by object (≈ 7 ms): standard output and error are flushed and the exit
  handlers run first, as at a normal exit. Files are written whole and closed before that
  (``cli.write_atomic``).
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import os
import sys


def main() -> None:
    gc.disable()
    try:
        from budgetaudit import startcache

        startcache.install()
        from budgetaudit.cli import main as cli_main
    finally:
        gc.freeze()
        gc.enable()
    try:
        cli_main()
    except SystemExit as exc:
        _leave(exc.code)
    _leave(0)


def _leave(code: object) -> None:
    """Exit with ``code``: quickly when that is safe, else the usual way."""
    if code is None:
        code = 0
    threading = sys.modules.get("threading")
    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)
    if (
        not isinstance(code, int)
        or run_exit_handlers is None
        or (threading is not None and threading.active_count() > 1)
    ):
        raise SystemExit(code)
    try:
        _flush()
    except Exception:  # a closed pipe …: the usual exit deals with it, as before
        raise SystemExit(code) from None
    run_exit_handlers()
    with contextlib.suppress(Exception):
        _flush()
    os._exit(code)


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()
