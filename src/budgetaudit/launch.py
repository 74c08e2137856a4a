"""The ``budgetaudit`` console script: the start-up cache first, then the command line.

The cache (:mod:`budgetaudit.startcache`) must be in place before the pipeline's modules are
imported, since they compile their patterns and dataclasses as they load.
"""

from __future__ import annotations


def main() -> None:
    from budgetaudit import startcache

    startcache.install()
    from budgetaudit.cli import main as cli_main

    cli_main()
