"""Read an input file (or standard input) and decode it into a :class:`SourceText`.

The text is kept exactly as decoded: line ends and form feeds stay, because every finding's
line and column refer to this text. Anything that is not readable text raises
:class:`InputError` with a one-line reason, never another exception.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import sys

from budgetaudit.model import SourceText

# The file types a directory or a glob expands to: the one list of what the loaders read
# (add a suffix here when a loader for it lands).
SUPPORTED_SUFFIXES: tuple[str, ...] = (".txt", ".pdf", ".docx", ".doc", ".html", ".htm")

# Refuse anything bigger: a budget explanation is a few hundred kB at most, and reading a
# device or a huge dump whole would hang or exhaust memory.
MAX_BYTES = 64 * 1024 * 1024

# A byte order mark settles the encoding. UTF-32 first: its LE mark starts with UTF-16's.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Control characters a text document may legitimately contain (tab, line ends, form feed from
# PDF page breaks, vertical tab).
# C0 and C1 control characters but \t \n \v \f \r (0x09-0x0D), which text may contain.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


class InputError(Exception):
    """The input cannot be read as text; ``str(exc)`` is a one-line reason for the user."""


def load_path(path: str) -> SourceText:
    """Read ``path`` (``"-"`` for standard input) and decode it.

    PDF, Word, Excel and web pages are recognised by their content (and the name where the
    content is ambiguous) and read by :mod:`budgetaudit.loaders`; everything else is text.
    """
    data = _read_stdin() if path == "-" else _read_file(path)
    from budgetaudit.loaders.dispatch import load_document

    return load_document(data, path)


def load_bytes(data: bytes, path: str) -> SourceText:
    """Decode ``data`` read from ``path``; raise :class:`InputError` if it is not text."""
    if not data.strip():
        raise InputError("empty file")
    text, encoding = _decode(data)
    if not text.strip():
        raise InputError("empty file (only whitespace)")
    if _looks_binary(text):
        raise InputError("binary file (control characters in the text)")
    return SourceText(path=path, text=text, encoding=encoding)


# ---------------------------------------------------------------- reading


def _read_stdin() -> bytes:
    stream = sys.stdin
    if stream is None or stream.closed:
        raise InputError("standard input is not available")
    try:
        buffer = getattr(stream, "buffer", None)
        if buffer is not None:
            data = buffer.read(MAX_BYTES + 1)
        else:  # a text stream without bytes underneath (rare: some embedders)
            data = stream.read(MAX_BYTES + 1).encode("utf-8")
    except OSError as exc:
        raise InputError(f"cannot read standard input: {_reason(exc)}") from None
    if len(data) > MAX_BYTES:
        raise InputError(f"input too large (more than {MAX_BYTES // (1024 * 1024)} MiB)")
    return data


def _read_file(path: str) -> bytes:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputError("no such file") from None
    except OSError as exc:
        raise InputError(f"cannot read: {_reason(exc)}") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError("is a directory")
    if st.st_size > MAX_BYTES:
        raise InputError(f"file too large (more than {MAX_BYTES // (1024 * 1024)} MiB)")
    try:
        with open(path, "rb") as fh:  # read-only: inputs are never modified
            data = fh.read(MAX_BYTES + 1)
    except IsADirectoryError:
        raise InputError("is a directory") from None
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as exc:
        raise InputError(f"cannot read: {_reason(exc)}") from None
    if len(data) > MAX_BYTES:  # a device or pipe that stat could not size
        raise InputError(f"file too large (more than {MAX_BYTES // (1024 * 1024)} MiB)")
    return data


def _reason(exc: OSError) -> str:
    return (exc.strerror or type(exc).__name__).splitlines()[0]


# ---------------------------------------------------------------- decoding


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode text bytes as :func:`load_bytes` does: ``(text, encoding)``."""
    return _decode(data)


def _decode(data: bytes) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                raise InputError(f"not decodable as {_label(encoding)} despite its BOM") from None
            # utf-16/utf-32 codecs drop the BOM themselves; utf-8-sig does too.
            return text, encoding
    if b"\x00" in data:
        raise InputError("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    else:
        if _looks_simplified_chinese(text):
            return text, "gb18030"
    return _detect(data)


def _detect(data: bytes) -> tuple[str, str]:
    # Imported here: charset-normalizer is only needed for the rare file that is neither
    # UTF-8 nor GB18030, and its import is not free.
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError("cannot decode the text (not UTF-8, UTF-16 or GB18030)")
    return str(best), best.encoding


def _label(encoding: str) -> str:
    return {"utf-8-sig": "UTF-8", "utf-16": "UTF-16", "utf-32": "UTF-32"}.get(encoding, encoding)


def _looks_simplified_chinese(text: str) -> bool:
    """Whether GB18030-decoded text reads as Chinese rather than mojibake of another encoding.

    GB18030 accepts almost any byte pair, so a successful decode proves little. Real GBK text
    consists overwhelmingly of GB2312 characters (common hanzi and CJK punctuation); Big5 or
    Latin bytes read as GBK land on rare hanzi, kana and symbols instead.
    """
    non_ascii = [ch for ch in text if ord(ch) > 0x7F]
    if not non_ascii:
        return False
    common = sum(1 for ch in non_ascii if _is_common_gb2312(ch))
    return common >= 0.8 * len(non_ascii)


def _is_common_gb2312(ch: str) -> bool:
    try:
        encoded = ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    lead = encoded[0]
    # Row 1-3: punctuation, full-width forms; rows 16-87: level-1 and level-2 hanzi.
    return 0xA1 <= lead <= 0xA3 or 0xB0 <= lead <= 0xF7


def _looks_binary(text: str) -> bool:
    controls = len(_CONTROLS.findall(text))  # a regex counts in C, not char by char
    return controls > max(2, len(text) // 100)
