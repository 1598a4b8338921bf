"""HTML to PDF bytes with WeasyPrint, tuned for the report (bench/render_pdf.py measures it).

The output is what a plain ``HTML(string=html).write_pdf(...)`` with pdf.css gives; what
WeasyPrint does by default that costs much and buys this document nothing:

- Its user-agent stylesheet gives *every* element six pseudo-elements (``::marker`` and
  the footnote and note ones), each with a computed style; the report has no footnotes,
  notes or visible list markers. Our copy keeps ``::marker`` for list items only and
  drops the footnote and note rules.
- A dot leader (the contents page) is laid out as one text box per dot, about 3,300
  boxes drawn one by one; after layout each leader becomes one text box holding the
  same dots at the same places.
- Collapsed table borders are stroked one cell side at a time, each in a graphics state of
  its own (about 4,000 on the demo report); where a table's sides are all one solid, opaque
  line, they are stroked as one path, joined where they meet end to end (draw_collapsed_borders).
- For PDF/A WeasyPrint asks pydyf for a file identifier, which hashes every object
  after writing it, compressing every stream (fonts included) twice at zlib level 9.
  Here each stream is compressed once and the bytes reused.
- Every render parses pdf.css, builds a font configuration and an SSL context (for
  URLs the report never has); here they are made once per thread.
- A render makes about 100,000 objects in reference cycles, and the collector, run
  every few thousand allocations, walks the whole heap of a Django process each time.
  It is paused during a render and run afterwards on the render's objects only
  (render.py pauses it for the database reads and the template as well).

The fonts are subsets built at install time (disclosures/pdf/fonts.py).

Four of these reach into WeasyPrint below its public API (``HTML._ua_stylesheets``, the
laid-out boxes of ``Page._page_box``, the border drawing functions of ``weasyprint.draw``,
pydyf's ``Stream.data``), as of weasyprint 70.0
(pinned in requirements.txt); an upgrade that changes them fails the user-agent check
below or tests/disclosures/pdf/test_engine.py rather than the PDFs.
"""

import copy
import functools
import gc
import re
import threading
from contextlib import contextmanager

import pydyf
import weasyprint.draw
from django.template.loader import get_template
from weasyprint import CSS, HTML
from weasyprint.css.counters import CounterStyle
from weasyprint.html import UA
from weasyprint.urls import URLFetcher

from . import fonts

STYLESHEET_TEMPLATE = "pdf/pdf.css"

# Rules of WeasyPrint's html5_ua.css that apply to every element of the document.
_UNIVERSAL_MARKER = re.compile(r"^::marker\b", re.M)
_NOTE_RULES = re.compile(r"^::(?:footnote|note)-[a-z]+ \{[^}]*\}$", re.M)


@functools.cache
def _user_agent_stylesheet():
    ua, markers = _UNIVERSAL_MARKER.subn("li::marker, summary::marker", UA)
    ua, notes = _NOTE_RULES.subn("", ua)
    if markers != 1 or notes != 5:
        # Another WeasyPrint version: its stylesheet is not what this was written for.
        raise RuntimeError(f"unexpected WeasyPrint user-agent stylesheet ({markers} marker, {notes} note rules)")
    # Its @counter-style rules are already in WeasyPrint's UA counter styles, which every
    # document starts from; parsing them again into those would be refused.
    return CSS(string=ua, counter_style=CounterStyle())


class _ReportHTML(HTML):
    def _ua_stylesheets(self, forms=False):
        return [_user_agent_stylesheet()]


class _Renderer:
    """What a thread keeps between renders: the font configuration (a Pango font map, not
    to be shared between threads) with the subset fonts added, pdf.css parsed against it,
    and a URL fetcher that only reads files (the fonts) and data: URLs."""

    def __init__(self, font_dir):
        self.font_config = fonts.font_configuration()
        self.url_fetcher = URLFetcher(allowed_protocols=("file", "data"))
        css = fonts.font_face_rules(font_dir) + get_template(STYLESHEET_TEMPLATE).render({})
        self.stylesheets = [CSS(string=css, font_config=self.font_config, url_fetcher=self.url_fetcher)]


_local = threading.local()


def _renderer(font_dir):
    renderers = _local.__dict__.setdefault("renderers", {})
    if font_dir not in renderers:
        renderers[font_dir] = _Renderer(font_dir)
    return renderers[font_dir]


def reset():
    """Forget this thread's fonts and parsed pdf.css: the next render starts afresh."""
    _local.__dict__.pop("renderers", None)


def merge_leaders(document):
    """Each dot leader as one text box; returns how many were merged.

    WeasyPrint places a leader's copies of its string side by side, each one string
    width after the last; one box with the strings joined draws the same glyphs at the
    same places. A leader not laid out that way is left as it is.
    """
    merged = 0
    for page in document.pages:
        for box in page._page_box.descendants():
            if not box.is_leader or len(box.children) < 2:
                continue
            parts = sorted(box.children, key=lambda part: part.position_x)
            first = parts[0]
            step = first.width
            if any(
                part.text != first.text or part.position_y != first.position_y or part.width != step
                for part in parts
            ) or any(abs(b.position_x - a.position_x - step) > 0.01 for a, b in zip(parts, parts[1:])):
                continue
            run = first.copy()
            run.text = first.text * len(parts)
            run.width = step * len(parts)
            run.pango_layout = copy.copy(first.pango_layout)  # rebuilt from its text when drawn
            run.pango_layout.text = run.text
            box.children = (run,)
            merged += 1
    return merged


class _BorderRecorder:
    """Stands in for the PDF stream while WeasyPrint works out a table's collapsed borders."""

    def __init__(self):
        self.lines = []

    @contextmanager
    def artifact(self):
        yield

    stacked = artifact


_weasyprint_draw_line = weasyprint.draw.draw_line
_weasyprint_collapsed_borders = weasyprint.draw.draw_collapsed_borders


def _draw_line(stream, *line, **options):
    if isinstance(stream, _BorderRecorder):
        stream.lines.append((line, options))
    else:
        _weasyprint_draw_line(stream, *line, **options)


def _merged_lines(segments):
    """Horizontal and vertical (x1, y1, x2, y2) segments, those on one line that touch or
    overlap joined: (vertical, (start, at, end)) each, start and end along the line."""
    lines = {False: [], True: []}
    for x1, y1, x2, y2 in segments:
        if x1 == x2:
            lines[True].append((x1, min(y1, y2), max(y1, y2)))
        else:
            lines[False].append((y1, min(x1, x2), max(x1, x2)))
    for vertical, found in lines.items():
        current = None
        for at, start, end in sorted(found):
            if current and current[1] == at and start <= current[2] + 0.01:
                current[2] = max(current[2], end)
                continue
            if current:
                yield vertical, tuple(current)
            current = [start, at, end]
        if current:
            yield vertical, tuple(current)


def draw_collapsed_borders(stream, table):
    """A table's collapsed borders as WeasyPrint draws them, in one path where they allow it.

    WeasyPrint strokes each cell side as a path of its own, inside its own graphics state
    (about 4,000 on the demo report). Where every side of the table is a solid, opaque line
    of one width and colour, which is the case for every table of the report, stroking all
    of them, joined where they meet end to end, as one path paints the same pixels.
    """
    recorder = _BorderRecorder()
    _weasyprint_collapsed_borders(recorder, table)
    styles = {line[4:] + tuple(options.items()) for line, options in recorder.lines}  # width, style, colour, …
    joinable = False
    if len(styles) == 1:
        thickness, style, color, *more = styles.pop()
        joinable = style == "solid" and color.alpha == 1 and not more
    if not joinable:
        for line, options in recorder.lines:
            with stream.artifact(), stream.stacked():
                _weasyprint_draw_line(stream, *line, **options)
        return
    with stream.artifact(), stream.stacked():
        stream.set_color(color, stroke=True)
        stream.set_line_width(thickness)
        for vertical, (start, at, end) in _merged_lines(line[:4] for line, _ in recorder.lines):
            if vertical:
                stream.move_to(at, start)
                stream.line_to(at, end)
            else:
                stream.move_to(start, at)
                stream.line_to(end, at)
        stream.stroke()


# Installed for the whole process: WeasyPrint looks both up in its draw module when it draws.
weasyprint.draw.draw_line = _draw_line
weasyprint.draw.draw_collapsed_borders = draw_collapsed_borders


@functools.cache
def _compressed_once(cls):
    return type(cls.__name__, (cls,), {"data": functools.cached_property(cls.data.fget)})


def _compress_streams_once(document, pdf):
    """Finisher: every stream's compressed bytes made once, kept for when pydyf asks again."""
    for obj in pdf.objects:
        if isinstance(obj, pydyf.Stream):
            obj.__class__ = _compressed_once(type(obj))


@contextmanager
def collector_paused():
    """No cyclic garbage collection inside; afterwards one of the youngest generation only.

    With the collector off nothing made inside is promoted, so collecting generation 0
    examines the objects made inside and frees their cycles without walking the rest of
    the heap. Nested uses collect once, when the outermost ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
            gc.collect(0)


def pdf_bytes(html, *, variant, font_dir=None):
    """The PDF of an HTML string laid out with pdf.css, with the subset fonts of font_dir
    (settings.PDF_FONT_DIR by default) when they are built there."""
    renderer = _renderer(str(font_dir or fonts.font_dir()))
    options = {"pdf_variant": variant, "stylesheets": renderer.stylesheets}
    with collector_paused():
        document = _ReportHTML(string=html, base_url=None, url_fetcher=renderer.url_fetcher).render(
            font_config=renderer.font_config, **options
        )
        merge_leaders(document)
        return document.write_pdf(finisher=_compress_streams_once, **options)
