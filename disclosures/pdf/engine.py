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

What a warm thread keeps between renders, as every report shares the tables' headings and row
names, the checklist and the fixed texts, and pdf.css is the same objects every time:

- Line breaking (split_first_line): its result is a function of the text, the width, the
  style's font and text properties (SPLIT_STYLE) and the font configuration, kept per thread
  for SPLIT_CACHE_SIZE lines. About half the lines of the demo report repeat within it; a
  report new to the thread finds about 80% of its lines.
- Drawing (_reactivate): WeasyPrint drew each line by making a new Pango context, font
  description and layout and shaping its text again; one Pango layout is kept per text and
  style (LAYOUT_STYLE) and drawn again, for DRAW_CACHE_SIZE of them.
- Computed styles (ComputedStyle, AnonymousStyle): WeasyPrint computes each property of each
  style the first time it is read (about 67,000 times a render); a style is known by its
  parent, root, pseudo-element and cascaded declarations, and takes the values the same style
  computed in earlier renders (about 4,500 computed a render when warm). Copies, which
  WeasyPrint makes to change them, are left out, and so are display, float and position,
  which depend on values WeasyPrint sets on some styles after making them. STYLE_MEMO_SIZE
  styles at most. This assumes no viewport units (vw, vh) in the document: WeasyPrint
  computes them from the first page's size, set during layout.
- Besides, two of WeasyPrint's small functions called for every box are rewritten in one
  function each, same results: resolve_percentages (used lengths, about 8,500 calls a
  render) and Box.is_in_normal_flow (about 50,000).

tests/disclosures/pdf/test_engine_warm.py checks each against WeasyPrint's own functions on
the demo report and on another report rendered after it in the same thread, pages rasterised.

The fonts are subsets built at install time (disclosures/pdf/fonts.py).

These reach into WeasyPrint below its public API (``HTML._ua_stylesheets``, the laid-out
boxes of ``Page._page_box``, the border and text drawing functions of ``weasyprint.draw``,
pydyf's ``Stream.data``, ``split_first_line`` and ``Layout.reactivate`` of
``weasyprint.text.line_break``, ``resolve_percentages`` of ``weasyprint.layout``, the style
classes of ``weasyprint.css``, ``Box.is_in_normal_flow``), as of weasyprint 70.0 (pinned in
requirements.txt); an upgrade that changes them fails the checks below (signatures, the
modules that import them) or tests/disclosures/pdf/test_engine.py and test_engine_warm.py
rather than the PDFs.
"""

import copy
import functools
import gc
import importlib
import inspect
import itertools
import re
import threading
from collections import OrderedDict
from contextlib import contextmanager
from math import inf

import pydyf
import weasyprint.css
import weasyprint.draw
import weasyprint.layout.inline
import weasyprint.layout.percent
import weasyprint.layout.preferred
import weasyprint.text.line_break
from django.template.loader import get_template
from weasyprint import CSS, HTML
from weasyprint.css.counters import CounterStyle
from weasyprint.css.functions import check_math
from weasyprint.formatting_structure import boxes
from weasyprint.formatting_structure.boxes import Box, PageBox
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
    """Forget this thread's fonts, parsed pdf.css and text layouts: the next render starts afresh."""
    _local.__dict__.pop("renderers", None)
    _local.__dict__.pop("text_layouts", None)
    _local.__dict__.pop("styles", None)


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


# Text layout, kept between renders (per thread: Pango objects belong to their font map).
# What WeasyPrint's line breaking and its Layout read of a style, by reading its code as of
# 70.0; tests/disclosures/pdf/test_engine_warm.py checks that it reads nothing else.
LAYOUT_STYLE = (
    "direction", "font_language_override", "lang", "font_family", "font_style", "font_stretch",
    "font_weight", "font_size", "font_variant_caps", "font_variation_settings", "text_decoration_line",
    "font_kerning", "font_variant_ligatures", "font_variant_position", "font_variant_numeric",
    "font_variant_alternates", "font_variant_east_asian", "font_feature_settings", "word_spacing",
    "letter_spacing", "overflow_wrap", "tab_size",
)  # fmt: skip
SPLIT_STYLE = LAYOUT_STYLE + (
    "white_space", "hyphens", "hyphenate_limit_chars", "hyphenate_character", "hyphenate_limit_zone", "word_break",
)  # fmt: skip
SPLIT_CACHE_SIZE = 4096  # lines of text; the demo report has about 1,700 different ones, another report about 700 more
DRAW_CACHE_SIZE = 2048  # Pango layouts kept for drawing; the demo report draws about 1,100 different ones

_weasyprint_split_first_line = weasyprint.text.line_break.split_first_line
_weasyprint_reactivate = weasyprint.text.line_break.Layout.reactivate
_weasyprint_draw_text = weasyprint.draw.draw_text


def _signatures_expected(what, expected):
    """Stop at import when WeasyPrint's callables are not those these patches were written for."""
    for function, signature in expected:
        if str(inspect.signature(function)) != signature:
            raise RuntimeError(f"unexpected WeasyPrint {what}: {function.__qualname__}{inspect.signature(function)}")


_signatures_expected("text layout functions", [
    (_weasyprint_split_first_line,
     "(text, style, context, max_width, justification_spacing, is_line_start=True, minimum=False)"),
    (_weasyprint_reactivate, "(self, style)"),
])  # fmt: skip


class _TextLayouts:
    def __init__(self):
        self.lines = OrderedDict()  # split_first_line's arguments -> its result
        self.drawn = OrderedDict()  # a Layout's text and style -> the Pango layout drawn for it
        self.ellipsis = 0  # inside a draw_text that may change its layout (text-overflow, block-ellipsis)


def _text_layouts():
    layouts = _local.__dict__.get("text_layouts")
    if layouts is None:
        layouts = _local.text_layouts = _TextLayouts()
    return layouts


def _key(style, names, *more):
    """A hashable key of the style's values of `names` and `more`; None when there is none."""
    try:
        key = (style.font_config, *more, *[style[name] for name in names])
        hash(key)
    except TypeError:  # lists: the style WeasyPrint makes up for SVG text
        key = tuple(tuple(value) if isinstance(value, list) else value for value in key)
        try:
            hash(key)
        except TypeError:
            return None
    except (KeyError, AttributeError):
        return None
    return key


def _remember(cache, key, value, size):
    cache[key] = value
    while len(cache) > size:
        cache.popitem(last=False)


def split_first_line(text, style, context, max_width, justification_spacing, is_line_start=True, minimum=False):
    """WeasyPrint's split_first_line, remembered: it is a function of the text, the style's
    font and text properties, the width and the font configuration only (`context` serves for
    hyphenation dictionaries). The Layout it returns is copied, as WeasyPrint changes it when
    it draws; the Pango layout inside it is made again when drawn (see _reactivate)."""
    arguments = text, style, context, max_width, justification_spacing, is_line_start, minimum
    key = _key(style, SPLIT_STYLE, text, max_width, justification_spacing, is_line_start, minimum)
    if key is None:
        return _weasyprint_split_first_line(*arguments)
    lines = _text_layouts().lines
    found = lines.get(key)
    if found is None:
        found = _weasyprint_split_first_line(*arguments)
        _remember(lines, key, (copy.copy(found[0]), *found[1:]), SPLIT_CACHE_SIZE)
        return found
    lines.move_to_end(key)
    return (copy.copy(found[0]), *found[1:])


def _reactivate(self, style):
    """Layout.reactivate, which WeasyPrint calls to draw a line of text: it makes a new Pango
    context, font description and layout and shapes the text again. The same text in the same
    font gives the same Pango layout, so one is kept per text and style and drawn again; it is
    only read when drawn (draw_text's ellipsis, which changes it, gets a new one)."""
    layouts = _text_layouts()
    key = None if layouts.ellipsis else _key(style, LAYOUT_STYLE, self.text, self.justification_spacing)
    if key is None:
        return _weasyprint_reactivate(self, style)
    found = layouts.drawn.get(key)
    if found is None:
        _weasyprint_reactivate(self, style)
        found = {name: value for name, value in vars(self).items() if name not in ("style", "max_width")}
        _remember(layouts.drawn, key, found, DRAW_CACHE_SIZE)
    else:
        layouts.drawn.move_to_end(key)
        vars(self).update(found)
        self.style = style


def _draw_text(stream, textbox, offset_x, text_overflow, *args, **kwargs):
    block_ellipsis = args[0] if args else kwargs.get("block_ellipsis", "none")
    if text_overflow == "clip" and block_ellipsis == "none":
        return _weasyprint_draw_text(stream, textbox, offset_x, text_overflow, *args, **kwargs)
    layouts = _text_layouts()
    layouts.ellipsis += 1
    try:
        return _weasyprint_draw_text(stream, textbox, offset_x, text_overflow, *args, **kwargs)
    finally:
        layouts.ellipsis -= 1


# Installed for the whole process, where WeasyPrint looks them up.
weasyprint.text.line_break.split_first_line = split_first_line
weasyprint.layout.inline.split_first_line = split_first_line
weasyprint.layout.preferred.split_first_line = split_first_line
weasyprint.text.line_break.Layout.reactivate = _reactivate
weasyprint.draw.draw_text = _draw_text


_weasyprint_resolve_percentages = weasyprint.layout.percent.resolve_percentages
_percentage = weasyprint.layout.percent.percentage
_adjust_box_sizing = weasyprint.layout.percent.adjust_box_sizing
_WIDTHS = ("margin_left", "margin_right", "padding_left", "padding_right", "width", "min_width", "max_width")
_HEIGHTS = ("margin_top", "margin_bottom", "padding_top", "padding_bottom")
_BORDERS = ("border_top_width", "border_right_width", "border_bottom_width", "border_left_width")


def _used(value, style, refer_to):
    """percentage(value, style, refer_to), the usual cases without its calls."""
    if value is None or value == "auto":
        return value
    unit = getattr(value, "unit", None)
    if unit is None:  # calc() and the like
        return _percentage(value, style, refer_to)
    return refer_to * value.value / 100 if unit == "%" else value.value


def resolve_percentages(box, containing_block):
    """WeasyPrint's resolve_percentages (layout/percent.py) with the same results, in one
    function: it is called for every box on every layout attempt (about 8,500 times for the
    demo report), and its two calls per property were most of its time."""
    if isinstance(containing_block, Box):
        cb_width, cb_height = containing_block.width, containing_block.height
    else:
        cb_width, cb_height = containing_block
    maybe_height = cb_height if isinstance(box, PageBox) else cb_width
    style = box.style
    for name in _WIDTHS:
        setattr(box, name, _used(style[name], style, cb_width))
    for name in _HEIGHTS:
        setattr(box, name, _used(style[name], style, maybe_height))
    if box.min_width == "auto":
        box.min_width = 0
    if cb_height == "auto":
        height = style["height"]
        if height == "auto" or check_math(height) or height.unit == "%":
            box.height = "auto"
        else:
            assert height.unit.lower() == "px"
            box.height = height.value
        min_height, box.max_height = _used(style["min_height"], style, 0), _used(style["max_height"], style, inf)
    else:
        box.height = _used(style["height"], style, cb_height)
        min_height, box.max_height = (_used(style[name], style, cb_height) for name in ("min_height", "max_height"))
    box.min_height = 0 if min_height == "auto" else min_height
    if style["border_collapse"] == "collapse":
        for name in _BORDERS:
            if not hasattr(box, name):  # set when the collapsed borders were resolved
                setattr(box, name, style[name])
    else:
        for name in _BORDERS:
            setattr(box, name, style[name])
    _adjust_box_sizing(box, "width")
    _adjust_box_sizing(box, "height")


_PERCENT_USERS = ("percent", "inline", "page", "float", "grid", "absolute", "block", "column", "table")
for _name in _PERCENT_USERS:  # flex.py calls percent.resolve_percentages
    _module = importlib.import_module(f"weasyprint.layout.{_name}")
    if _module.resolve_percentages is not _weasyprint_resolve_percentages:
        raise RuntimeError(f"unexpected resolve_percentages in weasyprint.layout.{_name}")
    _module.resolve_percentages = resolve_percentages


# Computed values, remembered between renders (per thread, as the parsed pdf.css is). A style
# is known by its parent's and root's, its pseudo-element and its cascaded declarations, which
# come from the thread's parsed pdf.css (the same objects every render) or from style
# attributes (compared by value): WeasyPrint computes its values from those alone.
STYLE_MEMO_SIZE = 20_000  # styles; the demo report has about 1,500 (elements, pages, margins)
_style_ids = itertools.count(1)  # never reused, so a style made before the memo was emptied finds nothing
_WeasyPrintComputedStyle = weasyprint.css.ComputedStyle
_WeasyPrintAnonymousStyle = weasyprint.css.AnonymousStyle
_signatures_expected("computed styles", [
    (_WeasyPrintComputedStyle,
     "(parent_style, cascaded, pseudo_type, root_style, base_url, font_config, initial_page_sizes)"),
    (_WeasyPrintAnonymousStyle, "(parent_style)"),
])  # fmt: skip


# Computed from other properties of the same style, which WeasyPrint sets on some styles
# after making them (a list marker's position): computed each time.
_NOT_REMEMBERED = frozenset({"display", "float", "position"})


class _StyleMemo:
    def __init__(self):
        self.ids = {}  # a style's key -> its id
        # a style's id -> ({property: computed value}, {property: list value, copied for each style})
        self.values = {}


def _frozen(value):
    """A declaration's value or weight, hashable: its lists (content, background, @page specificity) as tuples."""
    try:
        hash(value)
    except TypeError:
        return tuple(_frozen(item) for item in value) if isinstance(value, (list, tuple)) else value
    return value


def _remembered(key):
    """(id, the values remembered for it) of a style's key; (None, None) when there is none."""
    memo = _local.__dict__.get("styles")
    if memo is None:
        memo = _local.styles = _StyleMemo()
    try:
        ident = memo.ids.get(key)
    except TypeError:
        return None, None
    if ident is None:
        if len(memo.ids) >= STYLE_MEMO_SIZE:
            memo.ids.clear()
            memo.values.clear()
        ident = memo.ids[key] = next(_style_ids)
    return ident, memo.values.setdefault(ident, ({}, {}))


def _recall(style, remembered):
    values, lists = remembered
    style.update(values)
    for key, value in lists.items():
        style[key] = value.copy()


def _remember_value(remembered, key, value):
    if key in _NOT_REMEMBERED:
        return
    if type(value) is list:
        remembered[1][key] = value.copy()
    else:
        remembered[0][key] = value


@contextmanager
def _copying():
    """Inside, styles are made as copies, which WeasyPrint makes to change them: they neither
    take values from the memo nor add to it, nor do the styles made from them."""
    _local.copying = True
    try:
        yield
    finally:
        _local.copying = False


class _Remembering:
    """What both kinds of style do: a copy is made as WeasyPrint makes it (see _copying), and a
    value computed for the first time is remembered for the same style in later renders."""

    def copy(self):
        with _copying():
            return super().copy()

    def __missing__(self, key):
        value = super().__missing__(key)
        if self.remembered is not None:
            _remember_value(self.remembered, key, value)
        return value


class ComputedStyle(_Remembering, _WeasyPrintComputedStyle):
    """WeasyPrint's computed style of an element, given at once the values that the same style
    computed in an earlier render; it computes the others as WeasyPrint does, and remembers them."""

    def __init__(self, parent_style, cascaded, pseudo_type, root_style, base_url, font_config, initial_page_sizes):
        super().__init__(parent_style, cascaded, pseudo_type, root_style, base_url, font_config, initial_page_sizes)
        self.memo_id = self.remembered = None
        if _local.__dict__.get("copying"):
            return
        if parent_style is None:
            above = (font_config, base_url)
        else:
            above = (getattr(parent_style, "memo_id", None), getattr(root_style, "memo_id", None), base_url)
            if None in above[:2]:
                return
        declarations = tuple((name, _frozen(value), _frozen(weight)) for name, (value, weight) in cascaded.items())
        self.memo_id, self.remembered = _remembered((above, pseudo_type, declarations))
        if self.remembered:
            _recall(self, self.remembered)


class AnonymousStyle(_Remembering, _WeasyPrintAnonymousStyle):
    """WeasyPrint's style of anonymous boxes, remembered as ComputedStyle is."""

    def __init__(self, parent_style):
        super().__init__(parent_style)
        self.memo_id = self.remembered = None
        parent = getattr(parent_style, "memo_id", None)
        if parent is not None and not _local.__dict__.get("copying"):
            self.memo_id, self.remembered = _remembered(("anonymous", parent))
            _recall(self, self.remembered)


# WeasyPrint's css module makes its styles by these names.
weasyprint.css.ComputedStyle = ComputedStyle
weasyprint.css.AnonymousStyle = AnonymousStyle


_OUT_OF_FLOW_FLOATS = frozenset({"left", "right", "inline-start", "inline-end", "footnote"})  # floated, footnotes
_OUT_OF_FLOW_POSITIONS = frozenset({"absolute", "fixed"})
_OUT_OF_FLOW_FUNCTIONS = frozenset({"running()", "note()"})
_weasyprint_is_in_normal_flow = Box.is_in_normal_flow


def is_in_normal_flow(self):
    """Box.is_in_normal_flow in one function (it calls five, each reading the style; block
    layout asks it about 50,000 times for the demo report): the same answer."""
    style = self.style
    if style["float"] in _OUT_OF_FLOW_FLOATS:
        return False
    position = style["position"]
    return position not in _OUT_OF_FLOW_POSITIONS and position[0] not in _OUT_OF_FLOW_FUNCTIONS


Box.is_in_normal_flow = is_in_normal_flow
if any("is_in_normal_flow" in vars(cls) for cls in vars(boxes).values() if isinstance(cls, type) and cls is not Box):
    raise RuntimeError("unexpected WeasyPrint boxes: a class has an is_in_normal_flow of its own")


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
