"""What a warm renderer keeps between renders (disclosures/pdf/engine.py): text layouts and
computed styles. Each is checked against WeasyPrint's own functions, on the demo report and on
another report rendered in the same thread after it, pages read back and rasterised."""

import importlib
import io
import re

import pypdf
import pytest
import weasyprint.css
import weasyprint.draw
import weasyprint.layout.inline
import weasyprint.layout.preferred
import weasyprint.text.line_break
from PIL import ImageChops

from disclosures.pdf import engine
from disclosures.pdf.render import PDF_VARIANT

from .conftest import pdftotext
from .test_engine import page, raster

pytestmark = pytest.mark.django_db


def without_warm_state(patch):
    """WeasyPrint's own line breaking, drawing of text, used lengths and computed styles
    (engine.py's other changes stay: they are tested in test_engine.py)."""
    for module in (weasyprint.text.line_break, weasyprint.layout.inline, weasyprint.layout.preferred):
        patch.setattr(module, "split_first_line", engine._weasyprint_split_first_line)
    patch.setattr(weasyprint.text.line_break.Layout, "reactivate", engine._weasyprint_reactivate)
    patch.setattr(weasyprint.draw, "draw_text", engine._weasyprint_draw_text)
    for name in engine._PERCENT_USERS:
        patch.setattr(importlib.import_module(f"weasyprint.layout.{name}"), "resolve_percentages", engine._weasyprint_resolve_percentages)
    patch.setattr(weasyprint.css, "ComputedStyle", engine._WeasyPrintComputedStyle)
    patch.setattr(weasyprint.css, "AnonymousStyle", engine._WeasyPrintAnonymousStyle)


def weasyprint_pdf(monkeypatch, html):
    with monkeypatch.context() as patch:
        without_warm_state(patch)
        return engine.pdf_bytes(html, variant=PDF_VARIANT)


def other_report(html):
    """The demo's HTML as another department's report: other figures (every digit of the text
    replaced by another) and another name."""
    digits = str.maketrans("0123456789", "7350918264")

    def text(match):
        return match.group(0).translate(digits).replace("蔡甸区", "江夏区").replace("城乡居民养老保险办公室", "社会保险服务中心")

    head, body = html.split("<body", 1)
    return head + "<body" + re.sub(r">[^<]+<", text, body)


def font_names(pdf):
    return {
        str(font.get_object()["/BaseFont"]).split("+", 1)[-1]
        for pdf_page in pypdf.PdfReader(io.BytesIO(pdf)).pages
        for font in pdf_page["/Resources"]["/Font"].values()
    }


def assert_same_document(ours, theirs, directory):
    assert pdftotext(ours) == pdftotext(theirs)
    assert font_names(ours) == font_names(theirs)
    our_pages, their_pages = raster(ours, directory), raster(theirs, directory)
    assert len(our_pages) == len(their_pages)
    for number, (our_page, their_page) in enumerate(zip(our_pages, their_pages), start=1):
        assert ImageChops.difference(our_page, their_page).getbbox() is None, f"page {number}"


def test_reports_rendered_warm_one_after_the_other_are_those_weasyprint_renders(rendered_demo, monkeypatch, tmp_path):
    demo, other = rendered_demo.html, other_report(rendered_demo.html)
    assert pdftotext(weasyprint_pdf(monkeypatch, other)).count("江夏区") > 5
    engine.reset()
    engine.pdf_bytes(demo, variant=PDF_VARIANT)
    warm_other = engine.pdf_bytes(other, variant=PDF_VARIANT)  # new figures and names, shared headings
    warm_demo = engine.pdf_bytes(demo, variant=PDF_VARIANT)  # after another report
    assert engine._text_layouts().lines and engine._local.styles.ids
    assert_same_document(warm_other, weasyprint_pdf(monkeypatch, other), tmp_path)
    assert_same_document(warm_demo, weasyprint_pdf(monkeypatch, demo), tmp_path)


class ReadStyle(dict):
    """A style that notes which properties are read from it."""

    def __init__(self, style, read):
        super().__init__()
        self.style, self.read, self.font_config = style, read, style.font_config

    def __getitem__(self, name):
        self.read.add(name)
        return self.style[name]


VARIED = page(
    """<p style="letter-spacing: 0.5pt; word-spacing: 2pt">Word spacing and letter spacing, 两端对齐的段落，"""
    + "足够长以便断行。" * 12
    + """</p><p lang="en" style="hyphens: auto; width: 30mm; text-align: justify">Hyphenation of
    extraordinarily long administrative expressions</p>
    <p style="text-decoration: underline; white-space: pre">preformatted\tand underlined</p>
    <p style="font-variant-numeric: tabular-nums; font-feature-settings: 'kern' 0; overflow-wrap: anywhere;
    width: 20mm">1234567890123456789012345</p>
    <p style="width: 25mm; word-break: break-all; font-style: italic; font-weight: bold">断行断行断行断行断行断行断行</p>
    <div style="width: calc(50% - 10mm); box-sizing: border-box; padding: 2%; border: 1pt solid; min-height: 5%;
    max-width: 80mm"><p style="width: 50%; margin: 0 auto">居中的文字</p></div>
    <svg width="100" height="30"><text x="0" y="20" font-size="10">图表 12%</text></svg>"""
)


def test_the_layouts_kept_depend_on_no_style_property_outside_their_keys(monkeypatch):
    split, drawn = set(), set()
    split_first_line, reactivate = engine._weasyprint_split_first_line, engine._weasyprint_reactivate
    monkeypatch.setattr(
        engine, "_weasyprint_split_first_line", lambda text, style, *args: split_first_line(text, ReadStyle(style, split), *args)
    )
    monkeypatch.setattr(engine, "_weasyprint_reactivate", lambda layout, style: reactivate(layout, ReadStyle(style, drawn)))
    engine.reset()
    engine.pdf_bytes(VARIED, variant=PDF_VARIANT)
    assert {"font_family", "font_size", "white_space", "hyphens", "word_spacing", "tab_size"} <= split
    assert split <= set(engine.SPLIT_STYLE)
    assert {"font_family", "font_size", "text_decoration_line"} <= drawn
    assert drawn <= set(engine.LAYOUT_STYLE)


def test_a_document_drawn_with_its_layouts_kept_is_the_one_weasyprint_draws(monkeypatch, tmp_path):
    engine.reset()
    cold = engine.pdf_bytes(VARIED, variant=PDF_VARIANT)
    warm = engine.pdf_bytes(VARIED, variant=PDF_VARIANT)  # every line and style found
    theirs = weasyprint_pdf(monkeypatch, VARIED)
    assert_same_document(cold, theirs, tmp_path)
    assert_same_document(warm, theirs, tmp_path)


def test_text_cut_short_with_an_ellipsis_is_drawn_from_a_layout_of_its_own(monkeypatch):
    # draw_first_line changes the layout it draws for text-overflow and block-ellipsis (with
    # pdf.css WeasyPrint 70 draws neither, so this is checked on the guard itself).
    seen = []
    monkeypatch.setattr(engine, "_weasyprint_draw_text", lambda *args: seen.append(engine._text_layouts().ellipsis))
    weasyprint.draw.draw_text(None, None, 0, "clip", "none")
    weasyprint.draw.draw_text(None, None, 0, "ellipsis", "none")
    weasyprint.draw.draw_text(None, None, 0, "clip", "auto")
    weasyprint.draw.draw_text(None, None, 0, "clip")  # list markers
    assert seen == [0, 1, 1, 0] and engine._text_layouts().ellipsis == 0


def test_what_a_renderer_keeps_is_bounded(monkeypatch, tmp_path):
    monkeypatch.setattr(engine, "SPLIT_CACHE_SIZE", 40)
    monkeypatch.setattr(engine, "DRAW_CACHE_SIZE", 20)
    monkeypatch.setattr(engine, "STYLE_MEMO_SIZE", 30)
    html = page("".join(f"<p style='margin-left: {n}mm'>第{n}段：{'文字' * n}</p>" for n in range(1, 60)))
    engine.reset()
    first, second = engine.pdf_bytes(html, variant=PDF_VARIANT), engine.pdf_bytes(html, variant=PDF_VARIANT)
    layouts = engine._text_layouts()
    assert 0 < len(layouts.lines) <= 40 and 0 < len(layouts.drawn) <= 20
    assert 0 < len(engine._local.styles.ids) <= 30 and len(engine._local.styles.values) <= 30
    theirs = weasyprint_pdf(monkeypatch, html)
    assert_same_document(first, theirs, tmp_path)
    assert_same_document(second, theirs, tmp_path)


def test_reset_forgets_the_layouts_and_styles():
    engine.pdf_bytes(page("<p>测试</p>"), variant=PDF_VARIANT)
    engine.reset()
    assert "text_layouts" not in vars(engine._local) and "styles" not in vars(engine._local)


def test_boxes_are_in_normal_flow_as_weasyprint_says():
    html = page(
        """<div style="float: left">左</div><div style="float: right">右</div><div style="position: absolute">绝对</div>
        <div style="position: fixed">固定</div><div style="position: running(header)">页眉</div>
        <div style="position: relative">相对</div>"""
    )
    document = engine._ReportHTML(string=html).render(stylesheets=engine._renderer(str(engine.fonts.font_dir())).stylesheets)
    found = [box for pdf_page in document.pages for box in pdf_page._page_box.descendants()]
    assert {engine._weasyprint_is_in_normal_flow(box) for box in found} == {True, False}
    assert all(engine.is_in_normal_flow(box) == engine._weasyprint_is_in_normal_flow(box) for box in found)


def test_the_report_uses_no_viewport_units(rendered_demo):
    # WeasyPrint computes them from the first page's size, set during layout: a style's values
    # would then depend on when they were first read, and could not be kept between renders.
    for source in (rendered_demo.html, engine.get_template(engine.STYLESHEET_TEMPLATE).render({})):
        assert not re.search(r"\d(?:vw|vh|vmin|vmax|vi|vb)\b", source)
