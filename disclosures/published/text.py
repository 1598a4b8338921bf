"""Running text from a PDF's lines: paragraphs, forced line breaks and wrapped lines told apart.

A paragraph starts with an indented line (首行缩进); a line that stops short of the right edge
before a line at the margin was broken on purpose (a line break in the stored text); a line that
reaches the right edge wrapped. So the text comes back as written: paragraphs separated by a blank
line, forced breaks as a line break, wrapped lines joined. Where a line wrapped at a space the
PDF keeps no trace of the space: it is put back between a digit or Latin letter and a Chinese
character when the paragraph writes such neighbours with a space everywhere else.

Lines that are not running text (a chart's labels and caption, centred or in smaller type) are
left out: running text is in the body's type size and starts at the left margin or indented.
"""

import re
from collections import Counter
from dataclasses import dataclass

INDENT = 0.8  # × the type size: further right than the margin is an indented (first) line
MAX_INDENT = 4.5  # × the type size: further right is not running text (centred captions, labels)
FULL = 1.3  # × the type size: a line ending closer to the right edge than this is full
SIZE_TOLERANCE = 0.3  # points: running text is in the body's size, headings larger
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[0-9A-Za-z%.]")
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
    margins = Counter(round(line.x0) for line in lines if abs(line.size - size) <= SIZE_TOLERANCE)
    return margins.most_common(1)[0][0] if margins else 0


def running_lines(lines):
    """The lines of running text and headings: charts' labels and captions left out."""
    size = body_size(lines)
    if not size:
        return []
    margin = left_margin(lines, size)
    return [line for line in lines if line.size >= size - SIZE_TOLERANCE and line.x0 - margin <= MAX_INDENT * line.size]


def _spaced(parts):
    """True when the lines write a Chinese character next to a digit or Latin letter with a space
    more often than without (counted within each line: where they wrapped is what is unknown)."""
    spaced = sum(len(_SPACED.findall(part)) for part in parts)
    unspaced = sum(len(_UNSPACED.findall(part)) for part in parts)
    return spaced > unspaced


def _join_wrapped(lines):
    """One forced line from the lines that wrapped into it: (text, [(offset, page)] where each
    printed line starts); a space put back where the paragraph spaces."""
    parts = [line.text for line in lines]
    spaced = len(parts) > 1 and _spaced(parts)
    joined, starts = "", []
    for line, part in zip(lines, parts):
        left, right = joined[-1:], part[:1]
        if spaced and ((_CJK.match(left) and _WORD.match(right)) or (_WORD.match(left) and _CJK.match(right))):
            joined += " "
        starts.append((len(joined), line.page))
        joined += part
    return joined, starts


def paragraphs(lines, *, margin=None, size=None):
    """[Paragraph] of running text, forced lines joined with "\n"."""
    lines = list(lines)
    if not lines:
        return []
    size = size or body_size(lines)
    margin = left_margin(lines, size) if margin is None else margin
    right = max(line.x1 for line in lines)
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
        elif previous.x1 < right - FULL * previous.size or (
            _SENTENCE_END.search(previous.text) and _ITEM_START.match(line.text)
        ):
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
