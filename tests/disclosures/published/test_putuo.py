"""A real published PDF from outside seed 001's region: 中共上海市普陀区委社会工作部 2024年度部门决算
(tests/fixtures/published/, made by WPS on the Shanghai template: no 行次 or 栏次, 三公 seventh,
06 in two blocks with 310 under 302, 0.00 printed in 06 and blank cells elsewhere, 02 and 03 run
over a second page without their header, 04 with one year-end line by fund).

Its nine tables were typed by hand from the same PDF (tests/fixtures/regions/shanghai/): reading
the PDF must give exactly the figures and code lines of that transcription.
"""

import io
import re
from pathlib import Path

import pypdf
import pytest
from pypdf import Transformation
from pypdf.generic import RectangleObject

from disclosures.excel.reader import workbook_read
from disclosures.narrative.text_file import split_sections
from disclosures.published.document import published_read
from disclosures.regions import region_profile

FIXTURES = Path(__file__).parents[2] / "fixtures"
PDF = FIXTURES / "published" / "putuo-shegongbu-2024.pdf"
TRANSCRIPTION = FIXTURES / "regions" / "shanghai" / "putuo-shegongbu-2024.xlsx"
LAYOUT_TEXT = FIXTURES / "corpus" / "shanghai-putuo-social-work-2024" / "document.txt"
SHANGHAI = region_profile(name_or_code="上海市")
HUBEI = region_profile(name_or_code="湖北省")


@pytest.fixture(scope="module")
def putuo():
    return published_read(data=PDF.read_bytes(), profile=SHANGHAI)


def transcription(profile):
    with TRANSCRIPTION.open("rb") as fh:
        return workbook_read(fileobj=fh, filename=TRANSCRIPTION.name, profile=profile)


def assert_same_tables(document, typed):
    for number in range(1, 10):
        assert document.tables[number].cells == typed.tables[number].cells, number
        assert document.tables[number].code_rows == typed.tables[number].code_rows, number


@pytest.mark.parametrize("profile", [SHANGHAI, HUBEI], ids=["shanghai", "hubei"])
def test_the_pdf_reads_to_the_figures_typed_from_it(profile):
    document = published_read(data=PDF.read_bytes(), profile=profile)
    typed = transcription(profile)
    assert document.problems == []
    assert_same_tables(document, typed)
    assert (document.department_name, document.year, document.unit) == (typed.department_name, typed.year, typed.unit)
    assert document.department_name == "中共上海市普陀区委社会工作部" and document.year == 2024


def test_its_slip_is_read_as_printed(putuo):
    t6 = putuo.tables[6]
    # 公用经费合计 10.23 over parts adding to 10.22, as printed
    assert t6.get("public_total", "amount") == t6.get("302", "amount") == 102300
    assert ("310", "资本性支出") in t6.code_rows and ("31007", "信息网络及软件购置更新") in t6.code_rows


def test_its_parts_and_tables_are_found_on_their_pages(putuo):
    # no 第二部分 heading: the tables part runs from the first table's title (and the document's
    # title above it) to 第三部分
    assert {part.key: part.pages for part in putuo.parts} == {
        "cover": [1],
        "contents": [2, 3],
        "overview": [4],
        "tables": list(range(5, 17)),
        "explanation": list(range(17, 23)),
        "glossary": [23, 24],
    }
    assert {n: putuo.table_pages(n) for n in range(1, 10)} == {
        1: [5], 2: [6, 7], 3: [8, 9], 4: [10, 11], 5: [12], 6: [13], 9: [14], 7: [15], 8: [16]
    }  # fmt: skip
    assert [putuo.printed[n].sheet for n in (1, 9, 7, 8)] == ["表1", "表7", "表8", "表9"]
    notes = [str(n) for n in putuo.notes]
    assert "第5页：公开01表（收入支出决算总表）：表中没有年度：年度取自标题（2024年度）" in notes


def test_its_text_reads_as_the_layout_text_of_the_same_pdf(putuo):
    # The sections read from the characters' positions hold the same words as those of
    # `pdftotext -layout` (the corpus' document.txt) reflowed by the text reader.
    layout = split_sections(LAYOUT_TEXT.read_text(encoding="utf-8"), year=2024, profile=SHANGHAI)
    explanation = {k: v for k, v in putuo.sections.items() if k.startswith("explanation.")}
    assert set(explanation) == set(layout)
    for key, body in layout.items():
        assert squeeze(explanation[key]) == squeeze(body), key
    # paragraphs stay paragraphs
    assert putuo.sections["explanation.general_budget"].startswith("（一）一般公共预算财政拨款支出决算总体情况\n\n一般公共预算")


def squeeze(text):
    return re.sub(r"\s+", "", text)


def rotated(data):
    """The same PDF with its landscape pages stored as portrait pages turned by /Rotate 90."""
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(data))
    for page in writer.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        if width > height:
            page.add_transformation(Transformation().rotate(90).translate(height, 0))
            page.mediabox = page.cropbox = RectangleObject([0, 0, height, width])
            page.rotation = 90
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_landscape_pages_turned_by_rotate_read_the_same():
    data = rotated(PDF.read_bytes())
    assert pypdf.PdfReader(io.BytesIO(data)).pages[5].rotation == 90
    document = published_read(data=data, profile=SHANGHAI)
    assert document.problems == []
    assert_same_tables(document, transcription(SHANGHAI))
