"""PDF, Word and web pages: the same content gives the same findings whatever its format."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from budgetaudit.cli import main
from budgetaudit.load import InputError, load_path
from budgetaudit.pipeline import analyse, audit_path
from formats_support import write_docx, write_html, write_pdf

pytest.importorskip("pypdfium2")
pytest.importorskip("docx")
pytest.importorskip("reportlab")

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "zhuzhou-beijing-office-2024-budget.txt"

# A budget explanation of ours with a table by function that does not foot, and a text that
# disagrees with it: 住房公积金 33.00 in the text, 30.00 in the table; 合计 190 ≠ 150 + 30.
TABLE_DOC = """\
青禾区司法局2025年部门预算说明
一、一般公共预算支出情况
公共安全支出（204类）司法（06款）行政运行（01项）120.00万元。2025年预算安排120.00万元。
住房保障支出（221类）住房改革支出（02款）住房公积金（01项）30.00万元，2025年预算安排33.00万元。
二、预算表
2025年部门支出预算总表
单位：万元
科目编码   科目名称   合计   基本支出   项目支出
204   公共安全支出   150.00   100.00   50.00
204   06   司法   150.00   100.00   50.00
204   06   01   行政运行   120.00   100.00   20.00
204   06   04   基层司法业务   30.00   0.00   30.00
221   住房保障支出   30.00   30.00   0.00
221   02   住房改革支出   30.00   30.00   0.00
221   02   01   住房公积金   30.00   30.00   0.00
合计   190.00   130.00   50.00
"""


def _render(text: str, tmp_path: Path, name: str) -> dict[str, Path]:
    txt = tmp_path / f"{name}.txt"
    txt.write_text(text, encoding="utf-8")
    return {
        "txt": txt,
        "docx": write_docx(text, tmp_path / f"{name}.docx"),
        "html": write_html(text, tmp_path / f"{name}.html"),
        "pdf": write_pdf(text, tmp_path / f"{name}.pdf"),
    }


def _counted(path: Path) -> list[tuple[str, int, str]]:
    report = audit_path(str(path))
    assert report.error is None, report.error
    return sorted((f.code, f.line, f.message) for f in report.findings)


@pytest.mark.parametrize("text_of", [lambda: SAMPLE.read_text(encoding="utf-8"), lambda: TABLE_DOC])
def test_same_findings_in_every_format(tmp_path: Path, text_of) -> None:  # type: ignore[no-untyped-def]
    files = _render(text_of(), tmp_path, "doc")
    reference = _counted(files["txt"])
    assert reference, "the document should have findings to compare"
    # Word and HTML keep one paragraph or row per line: same codes on the same lines.
    assert _counted(files["docx"]) == reference
    assert _counted(files["html"]) == reference
    # PDF wraps paragraphs: same codes and messages, each with its page.
    pdf = audit_path(str(files["pdf"]))
    assert pdf.error is None
    assert Counter((f.code, f.message) for f in pdf.findings) == Counter(
        (code, message) for code, _, message in reference
    )
    assert all(
        f.page is not None and f.location.startswith(f"page {f.page}, line") for f in pdf.findings
    )


def test_table_rules_fire_on_the_table_document(tmp_path: Path) -> None:
    files = _render(TABLE_DOC, tmp_path, "t")
    codes = Counter(code for code, _, _ in _counted(files["txt"]))
    assert codes["B004"] == 1  # 33.00 vs the table's 30.00
    assert codes["B002"] == 1  # 合计 190 vs 150 + 30
    assert codes["B003"] == 1  # 合计 row: 190 ≠ 130 + 50
    assert set(codes) <= {"B002", "B003", "B004"}


def test_tables_become_dataframes(tmp_path: Path) -> None:
    pytest.importorskip("pandas")
    for path in _render(TABLE_DOC, tmp_path, "t").values():
        doc = analyse(load_path(str(path)))
        assert len(doc.tables) == 1
        table = doc.tables[0]
        assert table.title == "2025年部门支出预算总表" and table.unit == "万元"
        frame = table.frame()
        assert list(frame.columns) == ["code", "label", "total", "合计", "基本支出", "项目支出"]
        assert list(frame["code"][:3]) == ["204", "20406", "2040601"]
        assert str(frame.loc[frame["code"] == "2040601", "项目支出"].iloc[0]) == "20.00"


def test_word_and_html_findings_name_their_place(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    files = _render(TABLE_DOC, tmp_path, "t")
    for kind in ("docx", "html"):
        report = audit_path(str(files[kind]))
        places = {f.code: f.location for f in report.findings}
        assert places["B004"] == "paragraph 4"
        assert places["B002"] == "table 1, row 9, cell 2"
    with pytest.raises(SystemExit):
        main(["check", str(files["docx"])])
    assert "[table 1, row 9, cell 2]" in capsys.readouterr().out


def test_html_drops_navigation_and_scripts(tmp_path: Path) -> None:
    source = load_path(str(write_html("第一段。\n第二段。", tmp_path / "a.htm")))
    assert source.text == "第一段。\n第二段。\n"


# ---------------------------------------------------------------- untrusted files


def _check_json(paths: list[str], capsys) -> tuple[int, dict]:  # type: ignore[no-untyped-def,type-arg]
    with pytest.raises(SystemExit) as exc:
        main(["check", "--format", "json", *paths])
    return int(exc.value.code or 0), json.loads(capsys.readouterr().out)


def test_bad_files_get_one_line_errors_and_the_rest_is_checked(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    import zipfile

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    good = write_docx(TABLE_DOC, tmp_path / "good.docx")
    html_pdf = tmp_path / "download.pdf"
    html_pdf.write_text("<!DOCTYPE html><html><body>404 页面不存在</body></html>", encoding="utf-8")
    doc = tmp_path / "old.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    bomb = tmp_path / "bomb.docx"
    with (
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z,
        z.open("word/document.xml", "w") as fh,
    ):
        chunk = b"\0" * (1 << 20)
        for _ in range(70):  # 70 MiB of zeros: about 70 kB in the zip
            fh.write(chunk)
    scan = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(scan), pagesize=A4)
    c.rect(50, 50, 300, 300, fill=1)  # an "image", no text
    c.showPage()
    c.save()
    locked = tmp_path / "locked.pdf"
    c = canvas.Canvas(str(locked), pagesize=A4, encrypt=StandardEncryption("secret", canPrint=0))
    c.drawString(72, 720, "text")
    c.save()
    corrupt = tmp_path / "corrupt.pdf"
    corrupt.write_bytes(b"%PDF-1.7\n" + b"garbage " * 100)
    paths = [good, html_pdf, doc, bomb, scan, locked, corrupt]
    code, report = _check_json([str(p) for p in paths], capsys)
    assert code == 2
    errors = {Path(f["path"]).name: f["error"] for f in report["files"]}
    assert errors["good.docx"] is None
    assert report["files"][0]["findings"], "the good file is still checked"
    assert "HTML" in errors["download.pdf"]
    assert "save it as .docx" in errors["old.doc"]
    assert "zip bomb" in errors["bomb.docx"]
    assert "no text layer" in errors["scan.pdf"]
    assert "encrypted" in errors["locked.pdf"]
    assert "PDF" in errors["corrupt.pdf"]
    for error in errors.values():
        assert error is None or "\n" not in error


def test_too_many_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reportlab.pdfgen import canvas

    from budgetaudit.loaders import pdf

    path = tmp_path / "long.pdf"
    c = canvas.Canvas(str(path))
    for _ in range(30):
        c.drawString(72, 720, "page")
        c.showPage()
    c.save()
    monkeypatch.setattr(pdf, "MAX_PAGES", 20)
    with pytest.raises(InputError, match="too many pages"):
        load_path(str(path))


def test_directory_search_takes_the_new_formats(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "d").mkdir()
    write_html("第一段。", tmp_path / "d" / "a.html")
    write_docx("第一段。", tmp_path / "d" / "b.docx")
    (tmp_path / "d" / "c.xlsx").write_bytes(b"PK")  # not searched: a companion, name it to check it
    _, report = _check_json([str(tmp_path / "d")], capsys)
    assert [Path(f["path"]).name for f in report["files"]] == ["a.html", "b.docx"]


def _write_xlsx(path: Path, rows: list[list[str]]) -> Path:
    """A minimal workbook by hand: one sheet, inline strings and numbers."""
    import zipfile

    def cell(ref: str, value: str) -> str:
        try:
            float(value)
        except ValueError:
            return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'
        return f'<c r="{ref}"><v>{value}</v></c>'

    sheet_rows = "".join(
        f'<row r="{r}">'
        + "".join(cell(f"{chr(65 + c)}{r}", v) for c, v in enumerate(row) if v)
        + "</row>"
        for r, row in enumerate(rows, 1)
    )
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(
            "xl/workbook.xml",
            f'<workbook {ns} {rel}><sheets><sheet name="支出" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        z.writestr(
            "xl/worksheets/sheet1.xml",
            f"<worksheet {ns}><sheetData>{sheet_rows}</sheetData></worksheet>",
        )
    return path


def test_xlsx_tables_are_read_and_footed(tmp_path: Path) -> None:
    rows = [
        ["2025年部门支出预算总表"],
        ["单位：万元"],
        ["科目编码", "", "", "科目名称", "合计", "基本支出", "项目支出"],
        ["204", "", "", "公共安全支出", "150.00", "100.00", "50.00"],
        ["204", "06", "", "司法", "140.00", "100.00", "40.00"],
        ["204", "06", "01", "行政运行", "140.00", "100.00", "40.00"],
    ]
    report = audit_path(str(_write_xlsx(tmp_path / "t.xlsx", rows)))
    assert report.error is None
    hits = [(f.code, f.location) for f in report.findings]
    assert ("B001", "sheet 支出, row 4, cell 5") in hits  # 150 ≠ 140
