"""The tuned WeasyPrint pipeline (disclosures/pdf/engine.py) and the subset fonts (fonts.py),
on small documents rendered for real and read back with pdftotext, pypdf, pdftoppm and fontTools."""

import gc
import io
import subprocess

import pypdf
import pytest
from django.template.loader import get_template
from fontTools.ttLib import TTFont
from PIL import Image, ImageChops
import weasyprint.draw
from weasyprint import CSS, HTML

from disclosures.pdf import engine, fonts
from disclosures.pdf.render import PDF_VARIANT

from .conftest import pdftotext


def page(body):
    return f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>测试</title></head><body>{body}</body></html>'


def font_names(pdf):
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    names = set()
    for pdf_page in reader.pages:
        for font in pdf_page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            assert "/FontFile3" in descendant["/FontDescriptor"].get_object(), font["/BaseFont"]
            names.add(str(font["/BaseFont"]).split("+", 1)[1])
    return names


def raster(pdf, directory):
    """Every page as a grey image, at 100 dpi."""
    (directory / "in.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "100", "-gray", "-png", directory / "in.pdf", directory / "page"], check=True)
    images = [Image.open(path) for path in sorted(directory.glob("page*.png"))]
    for path in directory.glob("page*.png"):
        path.unlink()
    return images


def subset_cmap(face):
    return set(TTFont(fonts.built_faces()[face]).getBestCmap())


@pytest.fixture(scope="module")
def subset_fonts():
    """The subset faces in settings.PDF_FONT_DIR, built now when `make install` has not."""
    fonts.build_fonts()
    engine.reset()
    assert fonts.built_faces()
    return fonts.built_faces()


def test_subsets_hold_gb2312_and_every_character_of_the_fixed_texts(subset_fonts):
    wanted = {ord(c) for c in fonts.gb2312_characters() | fonts.project_characters() if c.isprintable() and not c.isspace()}
    for face, path in subset_fonts.items():
        full = set(TTFont(fonts.source_font(face)[0], fontNumber=fonts.source_font(face)[1], lazy=True).getBestCmap())
        missing = sorted(chr(c) for c in (wanted & full) - set(TTFont(path).getBestCmap()))
        assert not missing, f"{face.subset_file} lacks {missing[:20]}"
        assert TTFont(path)["name"].getDebugName(1).endswith(" GB")  # never taken for the full family


def test_a_character_outside_the_subset_is_taken_from_the_full_font(subset_fonts):
    rare = "堃"  # in names; not GB 2312
    serif = next(face for face in subset_fonts if "Serif" in face.family)
    assert ord(rare) not in subset_cmap(serif)
    pdf = engine.pdf_bytes(page(f"<p>申报人张{rare}，金额583.56万元。</p><h3>概况</h3>"), variant=PDF_VARIANT)
    assert f"申报人张{rare}，金额583.56万元。" in pdftotext(pdf).replace(" ", "")
    # Serif text from the subset and the one character from the full face; the heading and
    # the running header from the sans subsets.
    assert font_names(pdf) == {"Noto-Serif-CJK-SC-GB", "Noto-Serif-CJK-SC", "Noto-Sans-CJK-SC-GB-Bold", "Noto-Sans-CJK-SC-GB"}


def test_a_warm_renderer_draws_a_new_text_as_a_fresh_one_does(subset_fonts, tmp_path):
    first = page("<h3>第一部分 概况</h3><p>一、部门主要职能：负责城乡居民养老保险经办。</p>")
    second = page("<h3>第五部分 名词解释</h3><p>财政拨款收入：指本年度从本级财政部门取得的财政拨款，合计192.60万元（堃）。</p>")
    engine.pdf_bytes(first, variant=PDF_VARIANT)
    warm = engine.pdf_bytes(second, variant=PDF_VARIANT)
    engine.reset()
    fresh = engine.pdf_bytes(second, variant=PDF_VARIANT)
    assert "财政拨款收入：指本年度从本级财政部门取得的财政拨款，合计192.60万元（堃）。" in pdftotext(warm).replace(" ", "")
    assert font_names(warm) == font_names(fresh)
    warm_pages, fresh_pages = raster(warm, tmp_path), raster(fresh, tmp_path)
    assert len(warm_pages) == len(fresh_pages) >= 1
    for warm_page, fresh_page in zip(warm_pages, fresh_pages):
        assert ImageChops.difference(warm_page, fresh_page).getbbox() is None


def test_a_dot_leader_is_drawn_as_one_run_with_the_same_dots():
    html = page('<nav class="toc"><ol><li class="level-1"><a href="#a">第一部分 概况</a></li></ol></nav><section class="part" id="a"><h2>概况</h2></section>')
    tuned = engine.pdf_bytes(html, variant=PDF_VARIANT)
    css = CSS(string=fonts.font_face_rules() + get_template(engine.STYLESHEET_TEMPLATE).render({}))
    plain = HTML(string=html).write_pdf(pdf_variant=PDF_VARIANT, stylesheets=[css])
    line = next(line for line in pdftotext(tuned).splitlines() if "第一部分" in line)
    assert line.replace(" ", "").endswith("......2")
    assert pdftotext(tuned, layout=False).count(".") == pdftotext(plain, layout=False).count(".") > 50
    shows = sum(p.get_contents().get_data().count(b"TJ") for p in pypdf.PdfReader(io.BytesIO(tuned)).pages)
    assert shows < 10  # each dot was a TJ of its own before


def test_list_items_keep_their_markers():
    pdf = engine.pdf_bytes(page("<ol style='font-family: \"Noto Sans CJK SC GB\"'><li>甲</li><li>乙</li></ol>"), variant=PDF_VARIANT)
    text = pdftotext(pdf).replace(" ", "")
    assert "1.甲" in text and "2.乙" in text


def test_the_collector_is_on_again_after_a_render():
    assert gc.isenabled()
    engine.pdf_bytes(page("<p>测试</p>"), variant=PDF_VARIANT)
    assert gc.isenabled()
    gc.disable()
    try:
        engine.pdf_bytes(page("<p>测试</p>"), variant=PDF_VARIANT)
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()


def test_a_render_inside_a_paused_collector_leaves_it_paused_until_the_outer_pause_ends():
    with engine.collector_paused():
        engine.pdf_bytes(page("<p>测试</p>"), variant=PDF_VARIANT)
        assert not gc.isenabled()  # the database reads and template around it stay paused too
    assert gc.isenabled()


def test_without_built_fonts_the_full_fonts_are_used(tmp_path):
    pdf = engine.pdf_bytes(page("<p>部门决算</p>"), variant=PDF_VARIANT, font_dir=tmp_path)
    assert font_names(pdf) == {"Noto-Serif-CJK-SC", "Noto-Sans-CJK-SC"}  # body, running header
    assert "部门决算" in pdftotext(pdf)


TABLE = """<table style="width: 60%"><colgroup><col style="width: 40%"><col><col></colgroup>
<thead><tr><th rowspan="2">项目</th><th colspan="2">金额</th></tr><tr><th>本年</th><th>上年</th></tr></thead>
<tbody>{rows}</tbody></table>"""


def strokes(pdf):
    return sum(p.get_contents().get_data().count(b"\nS") for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def with_weasyprint_borders(monkeypatch, html):
    """The same document with WeasyPrint's own way of drawing collapsed borders."""
    with monkeypatch.context() as patch:
        patch.setattr(weasyprint.draw, "draw_collapsed_borders", engine._weasyprint_collapsed_borders)
        return engine.pdf_bytes(html, variant=PDF_VARIANT)


@pytest.mark.parametrize(
    "rows, merged",
    [
        # Every side alike: one path per table, the same pixels.
        ("".join(f"<tr><td>{n}</td><td>1.00</td><td></td></tr>" for n in range(60)) + '<tr><td colspan="3">合计</td></tr>', True),
        # One cell's sides drawn otherwise: drawn as WeasyPrint draws them.
        ('<tr><td style="border: 1.5pt dashed red">甲</td><td>1.00</td><td>2.00</td></tr><tr><td>乙</td><td></td><td>3.00</td></tr>', False),
    ],
)
def test_collapsed_borders_paint_what_weasyprint_paints(monkeypatch, tmp_path, rows, merged):
    html = page(TABLE.format(rows=rows))
    ours, theirs = engine.pdf_bytes(html, variant=PDF_VARIANT), with_weasyprint_borders(monkeypatch, html)
    our_pages, their_pages = raster(ours, tmp_path), raster(theirs, tmp_path)
    assert len(our_pages) == len(their_pages) == (2 if merged else 1)  # the long table breaks across pages
    for our_page, their_page in zip(our_pages, their_pages):
        assert ImageChops.difference(our_page, their_page).getbbox() is None
    if merged:
        assert strokes(ours) == len(our_pages) < strokes(theirs) / 50
    else:
        assert strokes(ours) == strokes(theirs)


def test_a_spanning_cell_keeps_its_gap_in_the_joined_lines():
    # Two rows of three columns; the second row's first two cells are one (colspan).
    segments = [(0, 0, 0, 10), (0, 10, 0, 20), (5, 0, 5, 10), (10, 0, 10, 10), (10, 10, 10, 20), (0, 10, 5, 10), (5, 10, 10, 10)]
    lines = sorted(engine._merged_lines(segments))
    assert lines == [(False, (0, 10, 10)), (True, (0, 0, 20)), (True, (0, 5, 10)), (True, (0, 10, 20))]
