"""Running text from a PDF's lines: paragraphs, forced line breaks and wrapped lines told apart.

A paragraph starts with an indented line (首行缩进); a line after which the next line's first
unbreakable piece (a character with the punctuation that may not start a line, or a number with
its unit sign: “0%；”) would still have fitted was broken on purpose (a line break in the stored
text); otherwise the line wrapped. So the text comes back as written: paragraphs separated by a blank
line, forced breaks as a line break, wrapped lines joined. Where a line wrapped at a space the
PDF keeps no trace of the space: it is put back between two Latin words or numbers, and between a
digit or Latin letter and a Chinese character when the paragraph writes such neighbours with a
space more often than without.

Lines that are not running text (a chart's labels and caption, centred or in smaller type) are
left out: running text is in the body's type size and starts at the left margin or indented.
"""

import re
from collections import Counter
from dataclasses import dataclass

INDENT = 0.8  # × the type size: further right than the margin is an indented (first) line
MAX_INDENT = 4.5  # × the type size: further right is not running text (centred captions, labels)
FIT_TOLERANCE = 0.5  # points
# Characters a line may not start with (they stay with what comes before them), and the Latin
# characters a word or number is made of (a line breaks inside neither).
_NO_BREAK_BEFORE = set("，。、；：？！）》」』】〉”’,.;:?!)]}%‰·…—～")
_IN_WORD = re.compile(r"[0-9A-Za-z.,%‰+\-/]")
SIZE_TOLERANCE = 0.3  # points: running text is in the body's size, headings larger
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[0-9A-Za-z%.]")
_LATIN = re.compile(r"[0-9A-Za-z]")
_SPACED = re.compile(r"[\u3400-\u9fff] [0-9A-Za-z]|[0-9A-Za-z%] [\u3400-\u9fff]")
# A line ending a sentence before a line opening an item ((二), 4、, 1., 二、) was broken there,
# however close to the right edge it ends.
_SENTENCE_END = re.compile(r"[。；;！？!?：:]$")
_ITEM_START = re.compile(r"^(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+[、.．)）])")
_UNSPACED = re.compile(r"[\u3400-\u9fff][0-9A-Za-z]|[0-9A-Za-z%][\u3400-\u9fff]")


@dataclass
class Paragraph:
    text: str
    page: int
    size: float
    font: str
    first: object  # the first Line
    starts: list  # [(offset in text, page)] where each printed line starts


def body_size(lines):
    """The type size most of the characters are in."""
    sizes = Counter()
    for line in lines:
        sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0


def left_margin(lines, size):
    """Where the lines of running text start: the leftmost start of a line in the body's size, not
    further left than a few characters from the most common start (which is the indent when most
    paragraphs are one line long)."""
    starts = [line.x0 for line in lines if abs(line.size - size) <= SIZE_TOLERANCE]
    if not starts:
        return 0
    common = Counter(round(x) for x in starts).most_common(1)[0][0]
    return min(x for x in starts if x >= common - MAX_INDENT * size)


def running_lines(lines):
    """The lines of running text and headings: charts' labels and captions left out."""
    size = body_size(lines)
    if not size:
        return []
    margin = left_margin(lines, size)
    return [line for line in lines if line.size >= size - SIZE_TOLERANCE and line.x0 - margin <= MAX_INDENT * line.size]


def writes_spaced(parts):
    """True when the lines write a Chinese character next to a digit or Latin letter with a space
    more often than without (counted within each line: where they wrapped is what is unknown)."""
    spaced = sum(len(_SPACED.findall(part)) for part in parts)
    unspaced = sum(len(_UNSPACED.findall(part)) for part in parts)
    return spaced > unspaced


def wrap_space(left, right, *, spaced):
    """The space a line that wrapped between `left` and `right` lost: " " or ""."""
    if _LATIN.match(left) and _LATIN.match(right):
        return " "  # a line breaks between two Latin words only at a space
    if spaced and ((_CJK.match(left) and _WORD.match(right)) or (_WORD.match(left) and _CJK.match(right))):
        return " "
    return ""


def _join_wrapped(lines):
    """One forced line from the lines that wrapped into it: (text, [(offset, page)] where each
    printed line starts); a space put back where the paragraph spaces."""
    parts = [line.text for line in lines]
    spaced = len(parts) > 1 and writes_spaced(parts)
    joined, starts = "", []
    for line, part in zip(lines, parts):
        joined += wrap_space(joined[-1:], part[:1], spaced=spaced)
        starts.append((len(joined), line.page))
        joined += part
    return joined, starts


def _first_piece_width(line):
    """The width of the line's first piece no line may break inside, from its characters."""
    glyphs = line.glyphs
    if not glyphs:
        return 0.0
    end = 1
    if _IN_WORD.match(glyphs[0][0]):
        while end < len(glyphs) and _IN_WORD.match(glyphs[end][0]) and glyphs[end][1] - glyphs[end - 1][2] < 0.2 * line.size:
            end += 1
    while end < len(glyphs) and glyphs[end][0] in _NO_BREAK_BEFORE:
        end += 1
    return glyphs[end - 1][2] - glyphs[0][1]


def _broken_before(previous, line, right):
    """True when the text was broken after `previous` on purpose: `line`'s first piece would have
    fitted on it, or it ends a sentence and `line` opens an item."""
    if right - previous.x1 >= _first_piece_width(line) + FIT_TOLERANCE:
        return True
    return bool(_SENTENCE_END.search(previous.text) and _ITEM_START.match(line.text))


def right_edges(pages):
    """{page number: the right edge of its text}: the furthest any line reaches on pages of its width."""
    by_width = {}
    for page in pages:
        for line in page.lines:
            by_width[round(page.width)] = max(by_width.get(round(page.width), 0), line.x1)
    return {page.number: by_width.get(round(page.width), page.width) for page in pages}


def paragraphs(lines, *, edges=None, margin=None):
    """[Paragraph] of running text, forced lines joined with "\n". edges: {page: right edge of the
    text} (right_edges); without it, the furthest the lines themselves reach. margin: the left edge
    of the text (left_margin of all the document's running text: a part whose paragraphs are all
    one line long does not show it); without it, the lines' own."""
    lines = list(lines)
    if not lines:
        return []
    size = body_size(lines)
    margin = left_margin(lines, size) if margin is None else margin
    furthest = max(line.x1 for line in lines)
    edges = edges or {}
    result, pieces, forced, current = [], [], [], None

    def force():
        nonlocal pieces
        if pieces:
            forced.append(_join_wrapped(pieces))
        pieces = []

    def close():
        nonlocal forced, current
        if current is None:
            return
        force()
        text, starts = "", []
        for n, (line_text, line_starts) in enumerate(forced):
            if n:
                text += "\n"
            starts.extend((len(text) + offset, page) for offset, page in line_starts)
            text += line_text
        result.append(Paragraph(text=text, page=current.page, size=current.size, font=current.font, first=current, starts=starts))
        forced, current = [], None

    previous = None
    for line in lines:
        indented = line.x0 - margin >= INDENT * line.size
        style_changed = previous is not None and (abs(line.size - previous.size) > SIZE_TOLERANCE or line.font != previous.font)
        if previous is None or indented or style_changed:
            close()
            current = line
        elif _broken_before(previous, line, edges.get(previous.page, furthest)):
            force()
        pieces.append(line)
        previous = line
    close()
    return result


def paragraphs_text(found):
    """(text, [(offset, page)]): the paragraphs as stored text, a blank line between paragraphs,
    and where each printed line starts in it."""
    text, starts = "", []
    for n, paragraph in enumerate(found):
        if n:
            text += "\n\n"
        starts.extend((len(text) + offset, page) for offset, page in paragraph.starts)
        text += paragraph.text
    return text, starts
