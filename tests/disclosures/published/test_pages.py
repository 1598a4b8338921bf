"""What a PDF's pages give, and the files that are refused: scans without a text layer, encrypted
files, damaged files and files that are not PDFs."""

import io
import time
from datetime import date
from pathlib import Path

import pypdf
import pytest
from PIL import Image

from disclosures.published.pages import NoTextLayer, PdfError, pdf_date, pdf_pages

PUTUO = Path(__file__).parents[2] / "fixtures" / "published" / "putuo-shegongbu-2024.pdf"


def scan_of(*sizes):
    out = io.BytesIO()
    pages = [Image.new("RGB", size, "white") for size in sizes]
    pages[0].save(out, format="PDF", save_all=True, append_images=pages[1:])
    return out.getvalue()


def test_a_scan_is_refused_saying_it_has_no_text_layer_and_naming_ocr():
    with pytest.raises(NoTextLayer) as exc:
        pdf_pages(scan_of((200, 280), (280, 200)))
    assert "扫描件" in str(exc.value) and "没有文字层" in str(exc.value) and "文字识别（OCR）" in str(exc.value)


def test_an_encrypted_pdf_is_refused_and_one_only_protected_from_editing_is_read():
    writer = pypdf.PdfWriter(clone_from=PUTUO)
    writer.encrypt("secret")
    locked = io.BytesIO()
    writer.write(locked)
    with pytest.raises(PdfError, match="已加密"):
        pdf_pages(locked.getvalue())
    writer = pypdf.PdfWriter(clone_from=PUTUO)
    writer.encrypt("", owner_password="owner")
    open_to_read = io.BytesIO()
    writer.write(open_to_read)
    assert len(pdf_pages(open_to_read.getvalue())) == 24


@pytest.mark.parametrize("data", [b"PK\x03\x04 a workbook", PUTUO.read_bytes()[:3000]], ids=["not-a-pdf", "truncated"])
def test_what_is_not_a_whole_pdf_is_refused(data):
    with pytest.raises(PdfError, match="不是PDF文件，或文件已损坏"):
        pdf_pages(data)


def test_a_page_gives_its_lines_outside_tables_and_its_tables_as_grids():
    pages = pdf_pages(PUTUO.read_bytes())
    page = pages[4]  # 收入支出决算总表
    assert page.number == 5 and not page.landscape
    assert [line.text for line in page.lines[:3]] == ["中共上海市普陀区委社会工作部2024年度部门决算表", "收入支出决算总表", "单位：万元"]
    (grid,) = page.grids
    assert grid.rows[0] == ["收入", None, "支出", None]  # merged cells as a worksheet gives them
    assert grid.rows[2] == ["一、一般公共预算财政拨款收入", "307.82", "一、一般公共服务支出", "264.87"]
    assert pages[5].landscape


def test_more_pages_than_allowed_are_refused_before_any_is_read():
    with pytest.raises(PdfError, match="PDF有24页，超过10页的上限"):
        pdf_pages(PUTUO.read_bytes(), max_pages=10)


def test_a_reading_past_its_deadline_stops_saying_where():
    with pytest.raises(PdfError, match="读取到第1页（共24页）时超过时限"):
        pdf_pages(PUTUO.read_bytes(), deadline=time.monotonic() - 1)


def test_the_date_of_a_pdf_is_the_one_its_document_information_gives():
    assert pdf_date(PUTUO.read_bytes()) == date(2025, 9, 16)
    writer = pypdf.PdfWriter(clone_from=PUTUO)
    writer.add_metadata({"/ModDate": "D:20250928120000+08'00'"})
    changed = io.BytesIO()
    writer.write(changed)
    assert pdf_date(changed.getvalue()) == date(2025, 9, 28)
    blank = pypdf.PdfWriter()
    blank.add_blank_page(width=200, height=280)
    undated = io.BytesIO()
    blank.write(undated)  # pypdf names itself as producer and gives no date
    assert pdf_date(undated.getvalue()) is None
    assert pdf_date(b"not a pdf") is None
