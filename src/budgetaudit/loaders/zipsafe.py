"""Open the zip container of a .docx/.xlsx without trusting it.

A zip directory states every member's compressed and uncompressed size before anything is
inflated, so a zip bomb (a few kB that expand to gigabytes) is refused by reading the directory
alone; the read itself is then capped too, because the stated size may lie.
"""

from __future__ import annotations

import io
import zipfile

from budgetaudit.load import InputError

MAX_MEMBER = 64 * 1024 * 1024  # bytes one XML part may expand to
MAX_TOTAL = 256 * 1024 * 1024  # bytes all members together may expand to
MAX_MEMBERS = 10_000
MAX_RATIO = 200  # XML compresses ~10×; far more is a bomb


class SafeZip:
    def __init__(self, data: bytes, kind: str) -> None:
        self.kind = kind
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
            raise InputError(f"not a readable {kind} file (damaged zip container)") from None
        if len(infos) > MAX_MEMBERS:
            raise InputError(f"{kind} file has too many parts ({len(infos)})")
        total = sum(i.file_size for i in infos)
        if total > MAX_TOTAL:
            raise InputError(
                f"{kind} file expands to {total // (1024 * 1024)} MiB (a zip bomb?); refused"
            )
        self._infos = {i.filename: i for i in infos}

    def names(self) -> list[str]:
        return list(self._infos)

    def has(self, name: str) -> bool:
        return name in self._infos

    def read(self, name: str) -> bytes:
        info = self._infos.get(name)
        if info is None:
            raise InputError(f"{self.kind} file has no {name}")
        if info.file_size > MAX_MEMBER or (
            info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(1, info.compress_size)
        ):
            raise InputError(f"{self.kind} part {name} expands too much (a zip bomb?); refused")
        try:
            with self._zip.open(info) as fh:
                data = fh.read(MAX_MEMBER + 1)
        except (
            zipfile.BadZipFile,
            OSError,
            ValueError,
            EOFError,
            RuntimeError,
            NotImplementedError,
        ) as exc:
            # RuntimeError: encrypted member; NotImplementedError: unknown compression.
            raise InputError(
                f"not a readable {self.kind} file ({type(exc).__name__} in {name})"
            ) from None
        if len(data) > MAX_MEMBER:
            raise InputError(f"{self.kind} part {name} expands too much (a zip bomb?); refused")
        return data


def parse_xml(data: bytes, kind: str):  # type: ignore[no-untyped-def]
    """Parse one XML part; a DOCTYPE (entity tricks) has no business in an Office file."""
    import xml.etree.ElementTree as ET

    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
        raise InputError(f"{kind} file contains a DOCTYPE/ENTITY declaration; refused")
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        raise InputError(f"not a readable {kind} file (bad XML: {exc})") from None
