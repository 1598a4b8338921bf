"""The text side of search, pure functions: the query as searched, the excerpt around a hit,
and the characters and pairs of characters (grams) a report's document is indexed by.

Chinese is written without spaces, so there are no words to index: a query matches as a
substring, and the index holds every character and every pair of adjacent characters. A
document containing a query contains each of the query's pairs, so the pairs narrow the
documents to read; a query of one or two characters is decided by them alone. Only ASCII
letters and digits and the CJK ideographs are indexed; a query with other characters is
narrowed by the indexed ones and checked as a substring.
"""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

MAX_QUERY_LENGTH = 50
SNIPPET_RADIUS = 40
# Text sent to PostgreSQL's to_tsvector: a tsvector holds at most 1 MB, far above a report.
GRAM_SEPARATOR = " "


def normalise_query(raw):
    """The query as searched: whitespace collapsed, cut to MAX_QUERY_LENGTH characters."""
    return " ".join((raw or "").split())[:MAX_QUERY_LENGTH]


def highlight(text, query, *, radius=SNIPPET_RADIUS):
    """An excerpt of `text` around the first occurrence of `query`, escaped, the hit in <mark>.

    Returns None when the text does not contain the query.
    """
    text = " ".join((text or "").split())
    start = text.lower().find(query.lower())
    if start < 0:
        return None
    end = start + len(query)
    left, right = max(0, start - radius), min(len(text), end + radius)
    before = ("…" if left else "") + text[left:start]
    after = text[end:right] + ("…" if right < len(text) else "")
    return mark_safe(f"{escape(before)}<mark>{escape(text[start:end])}</mark>{escape(after)}")


# The indexed characters: ASCII letters and digits (after lower-casing), CJK ideographs.
INDEXED_RUN = re.compile("[0-9a-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]+")


def _runs(text):
    """The maximal runs of indexed characters, lower-cased."""
    return INDEXED_RUN.findall((text or "").lower())


def document_grams(*texts):
    """Every indexed character and pair of adjacent indexed characters of the texts, once
    each, separated by spaces (what the PostgreSQL index is built from)."""
    grams = set()
    for text in texts:
        for run in _runs(text):
            grams.update(run)
            grams.update(map("".join, zip(run, run[1:])))
    return GRAM_SEPARATOR.join(sorted(grams))


def query_grams(query):
    """(grams every matching document holds, whether holding them is the match itself).

    The second is true for a query of one or two indexed characters and nothing else."""
    runs = _runs(query)
    grams = {}
    for run in runs:
        grams.update(dict.fromkeys(map("".join, zip(run, run[1:]))) or {run: None})
    grams = list(grams)
    exact = len(runs) == 1 and len(runs[0]) <= 2 and runs[0] == query.lower()
    return grams, exact
