"""The demo report rendered to PDF and read back with pdftotext, pypdf and fontTools."""

import html as html_lib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fontTools.ttLib import TTCollection, TTFont

from disclosures.demo.loader import seed_tables
from disclosures.pdf import fonts
from disclosures.tables.grid import table_grid

from .conftest import pdftotext

pytestmark = pytest.mark.django_db

PARTS_IN_ORDER = (
    "2024年度武汉市蔡甸区城乡居民养老保险办公室部门决算公开",
    "目录",
    "第一部分武汉市蔡甸区城乡居民养老保险办公室概况",
    "第二部分武汉市蔡甸区城乡居民养老保险办公室2024年度部门决算表",
    "公开01表收入支出决算总表",
    "公开09表财政拨款“三公”经费支出决算表",
    "第三部分武汉市蔡甸区城乡居民养老保险办公室2024年度部门决算情况说明",
    "图1：收、支决算总计变动情况",
    "图2：收入决算结构",
    "图3：支出决算结构",
    "图4：财政拨款收、支决算总计变动情况",
    "第四部分2024年重点工作完成情况",
    "第五部分名词解释",
    "第六部分附件",
    "2024年度城乡居民基本养老保险管理经费项目自评表",
)
FONT_DIR = Path("/usr/share/fonts/opentype/noto")


def squeeze(text):
    return re.sub(r"\s+", "", text)


def body_text(pdf_text):
    """The text after the table of contents (whose entries repeat every title)."""
    start = squeeze(pdf_text).index("第一部分武汉市蔡甸区城乡居民养老保险办公室概况", 200)
    return squeeze(pdf_text)[start:]


class _VisibleText(HTMLParser):
    """The characters the PDF shows: element text outside <head>, <title> and hidden elements."""

    SKIP_TAGS = {"head", "style", "title", "script"}
    VOID = {"br", "meta", "img", "hr", "input", "link", "rect", "line", "circle", "path"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.parts = [], []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        classes = (dict(attrs).get("class") or "").split()
        hidden = tag in self.SKIP_TAGS or "visually-hidden" in classes or "chart-data" in classes
        self.stack.append((tag, hidden or bool(self.stack and self.stack[-1][1])))

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if not (self.stack and self.stack[-1][1]):  # outside any hidden element
            self.parts.append(data)


def visible_characters(source):
    parser = _VisibleText()
    parser.feed(source)
    return set(squeeze(html_lib.unescape("".join(parser.parts))))


def test_every_part_is_there_in_the_official_order(rendered_demo):
    text = squeeze(rendered_demo.text)
    position = 0
    for part in PARTS_IN_ORDER:
        found = text.find(part, position)
        assert found >= 0, f"{part} missing or out of order"
        position = found + len(part)


def test_every_non_zero_figure_of_the_nine_tables_is_in_the_pdf_in_wan(rendered_demo):
    text = body_text(rendered_demo.text)
    figures = {
        cell.text
        for number, data in seed_tables().items()
        for row in table_grid(data, year=2024).body
        for cell in row
        if cell.amount and cell.text
    }
    assert {"583.56", "202.14", "202.15", "165.78", "192.60", "390.96"} <= figures
    missing = sorted(f for f in figures if f not in text)
    assert not missing


def test_empty_tables_keep_their_sentence(rendered_demo):
    text = squeeze(rendered_demo.text)
    for sentence in (
        "本单位2024年度无政府性基金预算财政拨款收入支出。",
        "本单位2024年度无国有资本经营预算财政拨款支出。",
        "本单位2024年度无一般公共预算财政拨款“三公”经费支出。",
    ):
        assert sentence in text


def test_charts_carry_their_figures_and_shares(rendered_demo):
    text = body_text(rendered_demo.text)
    for figure in ("501.35", "500.84", "2023年度", "2024年度", "财政拨款收入583.56万元100%"):
        assert figure in text
    # 图3: 192.60 / 583.56 = 33.004…% → "33%", 390.96 / 583.56 = 66.996…% → "67%"
    assert "基本支出192.60万元33%" in text
    assert "项目支出390.96万元67%" in text


def test_the_contents_give_the_page_each_part_starts_on(rendered_demo):
    raw_pages = rendered_demo.text.split("\f")
    pages = [squeeze(page) for page in raw_pages]
    entries = dict(
        match.groups() for line in raw_pages[1].splitlines() if (match := re.match(r"^(.*?)\.{3,}(\d+)$", squeeze(line)))
    )
    assert len(entries) >= 30  # parts, tables, sections, attachments
    for title in (
        "第二部分武汉市蔡甸区城乡居民养老保险办公室2024年度部门决算表",
        "四、财政拨款收入支出决算总表（表4）",
        "十三、预算绩效情况说明",
        "第五部分名词解释",
        "第六部分附件",
    ):
        page = int(entries[title])
        heading = title.split("、", 1)[-1].replace("（表4）", "") if "、" in title else title
        assert heading in pages[page - 1], f"{title} not on page {page}"


def test_page_count_header_and_footer(rendered_demo):
    count = len(rendered_demo.reader.pages)
    assert 20 <= count <= 40
    pages = rendered_demo.text.split("\f")
    assert f"第 3 页 共 {count} 页" in pages[2]
    assert "武汉市蔡甸区城乡居民养老保险办公室 2024年度部门决算" in pages[2]
    assert "第 1 页" not in pages[0]  # the cover has neither


def test_wide_tables_are_on_landscape_pages(rendered_demo):
    pages = rendered_demo.text.split("\f")
    reader = rendered_demo.reader

    def orientation(code):
        index = next(i for i, page in enumerate(pages) if code in squeeze(page) and i > 2)
        box = reader.pages[index].mediabox
        return "landscape" if box.width > box.height else "portrait"

    assert orientation("公开01表收入支出决算总表") == "landscape"
    assert orientation("公开02表收入决算表") == "landscape"  # 7 amount columns
    assert orientation("公开04表财政拨款收入支出决算总表") == "landscape"
    assert orientation("公开09表") == "landscape"
    assert orientation("公开03表支出决算表") == "portrait"
    assert orientation("公开05表") == "portrait"


def test_fonts_are_embedded_and_only_the_chosen_faces_are_used(rendered_demo):
    families = set()
    for page in rendered_demo.reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]
            families.add(str(font["/BaseFont"]).split("+", 1)[1])
    # Serif body, sans headings, from the subsets of Noto CJK SC (disclosures/pdf/fonts.py): the
    # demo has no character outside them, so the full faces (the fallback) are not needed.
    assert families == {"Noto-Serif-CJK-SC-GB", "Noto-Sans-CJK-SC-GB", "Noto-Sans-CJK-SC-GB-Bold"}


def test_no_missing_glyph_anywhere(rendered_demo):
    shown = visible_characters(rendered_demo.html)
    for title, body in rendered_demo.sections.values():
        assert set(squeeze(title + body)) <= shown  # the source texts all reach the page
    extracted_layout = set(squeeze(rendered_demo.text))
    extracted_raw = set(squeeze(pdftotext(rendered_demo.pdf, layout=False)))
    extracted_pypdf = set(squeeze("".join(page.extract_text() for page in rendered_demo.reader.pages)))
    assert not shown - extracted_layout
    assert not shown - extracted_raw
    assert not shown - extracted_pypdf
    for text in (extracted_layout, extracted_pypdf):
        assert "\ufffd" not in text  # no replacement character
    cmaps = {}
    for name in ("NotoSerifCJK-Regular.ttc", "NotoSansCJK-Regular.ttc"):
        collection = TTCollection(FONT_DIR / name, lazy=True)
        font = next(f for f in collection.fonts if "CJK SC" in f["name"].getDebugName(1))
        cmaps[name] = set(font.getBestCmap())
    for face, path in fonts.built_faces().items():  # the subsets the PDF embeds
        cmaps[face.subset_file] = set(TTFont(path).getBestCmap())
    assert len(cmaps) == 5
    for name, cmap in cmaps.items():
        missing = sorted(c for c in shown if ord(c) not in cmap)
        assert not missing, f"{name} has no glyph for {missing}"


def test_pdf_a_3b_metadata(rendered_demo):
    metadata = rendered_demo.reader.xmp_metadata
    description = metadata.rdf_root.toxml()
    assert 'pdfaid:part="3"' in description
    assert 'pdfaid:conformance="B"' in description
    assert "/OutputIntents" in rendered_demo.reader.trailer["/Root"]
    assert rendered_demo.reader.metadata.title == "2024年度武汉市蔡甸区城乡居民养老保险办公室部门决算公开"
