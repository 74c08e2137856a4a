"""Reading inputs: encodings, line ends kept, and one-line errors for what is not text."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from budgetaudit import load
from budgetaudit.load import InputError, load_bytes, load_path

TEXT = (
    "湘潭市某局2024年部门预算说明\r\n一、收支总体情况\r\n"
    "收入预算257.5万元，较上年增加18.26万元。\r\n"
)


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16"),  # Python writes a BOM in native order
        ("utf-16-le", None),  # with a BOM added by the test below
        ("utf-16-be", None),
        ("gb18030", "gb18030"),
        ("gbk", "gb18030"),
    ],
)
def test_encodings_decode_to_the_same_text(
    write: Callable[..., str], encoding: str, expected: str | None
) -> None:
    data = TEXT.encode(encoding)
    if encoding == "utf-16-le":
        data = b"\xff\xfe" + data
    elif encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    source = load_path(write("in.txt", data))
    assert source.text == TEXT  # line ends kept exactly, BOM gone
    if expected is not None:
        assert source.encoding == expected


def test_traditional_chinese_in_gb18030(write: Callable[..., str]) -> None:
    text = "二零二三年部門決算說明\n一般公共預算財政撥款支出502.4萬元。\n"
    assert load_path(write("trad.txt", text, "gb18030")).text == text


def test_big5_is_not_misread_as_gbk(write: Callable[..., str]) -> None:
    # Big5 bytes decode "successfully" as GBK into nonsense; the fallback must catch that.
    text = "部門預算說明：一般公共預算撥款支出，機關運行經費，政府採購，國有資產佔用情況。\n" * 3
    source = load_path(write("big5.txt", text, "big5"))
    assert source.text == text


def test_cr_and_form_feed_are_kept(write: Callable[..., str]) -> None:
    text = "第一页\r内容\f第二页\n"
    assert load_path(write("cr.txt", text)).text == text


def test_input_file_is_not_modified(write: Callable[..., str]) -> None:
    path = write("keep.txt", TEXT, "gb18030")
    before = (Path(path).read_bytes(), os.stat(path).st_mtime_ns)
    load_path(path)
    assert (Path(path).read_bytes(), os.stat(path).st_mtime_ns) == before


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(TEXT.encode("gb18030"))))
    source = load_path("-")
    assert source.path == "-"
    assert source.text == TEXT


def test_stdin_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", None)
    with pytest.raises(InputError, match="standard input"):
        load_path("-")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"  \r\n\t\n", "empty file"),
        ("\u3000\u3000\n".encode(), "only whitespace"),
        (b"\xef\xbb\xbf", "only whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (bytes(range(1, 32)) * 20, "binary file"),
        (b"\xff\xfe\x00\xd8", "not decodable"),  # UTF-16 BOM then a lone surrogate
    ],
)
def test_unreadable_content(write: Callable[..., str], content: bytes, reason: str) -> None:
    with pytest.raises(InputError, match=reason) as info:
        load_path(write("bad.txt", content))
    assert "\n" not in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"^no such file$"):
        load_path(str(tmp_path / "nope.txt"))


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"^is a directory$"):
        load_path(str(tmp_path))


def test_permission_denied_reported(
    write: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Patched rather than chmod-ed: as root (CI containers) chmod 000 does not stop reading.
    path = write("secret.txt", TEXT)

    def denied(*args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(load, "open", denied, raising=False)
    with pytest.raises(InputError, match=r"^permission denied$"):
        load_path(path)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads anything")
def test_permission_denied_real(write: Callable[..., str]) -> None:
    path = write("secret.txt", TEXT)
    os.chmod(path, 0)
    try:
        with pytest.raises(InputError, match="permission denied"):
            load_path(path)
    finally:
        os.chmod(path, 0o644)


@given(st.binary(max_size=2000))
def test_any_bytes_give_text_or_input_error(data: bytes) -> None:
    try:
        source = load_bytes(data, "x.txt")
    except InputError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert source.text.strip()


@given(
    st.text(
        alphabet=st.characters(codec="gb18030", categories=["Lo", "Nd", "Po", "Zs"]),
        min_size=1,
        max_size=200,
    )
)
def test_utf8_round_trip(text: str) -> None:
    if text.strip():
        assert load_bytes(text.encode("utf-8"), "x.txt").text == text
