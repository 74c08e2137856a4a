"""Files we write are written whole or not at all: a temp file beside the target, then rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable


def write_whole(path: str, write_to: Callable[[str], object]) -> None:
    """Let ``write_to`` write a temp file beside ``path``, then rename it over ``path``.

    The temp file keeps ``path``'s suffix (some writers choose their format by it) and gets
    the permissions a new file would; on any failure it is removed and ``path`` is untouched.
    """
    directory = os.path.dirname(os.path.abspath(path))
    suffix = os.path.splitext(path)[1]
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".budgetaudit-", suffix=suffix)
    os.close(fd)
    try:
        write_to(tmp)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
