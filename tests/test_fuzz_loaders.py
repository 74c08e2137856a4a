"""Never crash on damaged files: truncated and bit-flipped copies of our own renderings.

Every reader must either return text or raise InputError (a one-line reason); nothing else may
escape, and nothing may take long.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgetaudit.load import InputError
from budgetaudit.loaders.dispatch import load_document
from budgetaudit.pipeline import audit_source
from formats_support import write_docx, write_html, write_pdf

pytest.importorskip("pypdfium2")
pytest.importorskip("docx")
pytest.importorskip("reportlab")

TEXT = """\
青禾县农业农村局2025年部门预算说明
一、收支总体情况
2025年部门收入预算1286.40万元，比上年增加（减少）5万元。
2025年部门支出预算总表
单位：万元
213   农林水支出   100.00   60.00   40.00
213   01   农业农村   100.00   60.00   40.00
合计   100.00   60.00   40.00
"""


@pytest.fixture(scope="module")
def originals(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    d = tmp_path_factory.mktemp("fuzz")
    out = {}
    for name, writer in (("a.docx", write_docx), ("a.html", write_html), ("a.pdf", write_pdf)):
        out[name] = writer(TEXT, d / name).read_bytes()
    return out


def _survives(data: bytes, name: str) -> None:
    try:
        source = load_document(data, name)
    except InputError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    audit_source(source)  # and the rest of the pipeline copes with whatever came out


@pytest.mark.parametrize("name", ["a.docx", "a.html", "a.pdf"])
def test_originals_read(originals: dict[str, bytes], name: str) -> None:
    assert "农林水支出" in load_document(originals[name], name).text


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=st.sampled_from(["a.docx", "a.html", "a.pdf"]),
    cut=st.floats(min_value=0.0, max_value=1.0),
    flips=st.lists(st.tuples(st.floats(0.0, 1.0), st.integers(0, 7)), max_size=8),
)
def test_damaged_copies_never_crash(
    originals: dict[str, bytes], name: str, cut: float, flips: list[tuple[float, int]]
) -> None:
    data = bytearray(originals[name])
    for where, bit in flips:
        data[int(where * (len(data) - 1))] ^= 1 << bit
    data = data[: max(1, int(len(data) * cut))] if cut < 1.0 else data
    _survives(bytes(data), name)


@settings(max_examples=60, deadline=None)
@given(
    data=st.binary(max_size=2000),
    name=st.sampled_from(["x.pdf", "x.docx", "x.html", "x.xlsx", "x"]),
)
def test_arbitrary_bytes_never_crash(data: bytes, name: str) -> None:
    for prefix in (b"", b"%PDF-1.4\n", b"PK\x03\x04", b"<html><body>"):
        _survives(prefix + data, name)


def test_a_bomb_in_an_xlsx_is_refused(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        with z.open("xl/sharedStrings.xml", "w") as fh:
            for _ in range(70):
                fh.write(b" " * (1 << 20))
    with pytest.raises(InputError, match="zip bomb"):
        load_document(path.read_bytes(), "bomb.xlsx")
