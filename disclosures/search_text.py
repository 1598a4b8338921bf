"""The text side of search, pure functions: the folded form both sides are compared in, the
terms a query searches (itself and its synonyms), the excerpt around a hit, and the
characters and pairs of characters (grams) a report's document is indexed by.

Folding: each character is taken to its compatibility form (NFKC: full-width letters, digits
and brackets to half-width, ① to 1) and lower-cased, and punctuation (quotes, brackets,
commas, dashes), spaces and invisible format characters are dropped. A query and a document
are compared folded, so 三公经费, "三公 经费" and ＂三公＂经费 all find “三公”经费. Folding is
character by character, so a hit in the folded text maps back to a span of the original
(fold_map), which the excerpt shows.

Chinese is written without spaces, so there are no words to index: a term matches as a
substring, and the index holds every character and every pair of adjacent characters. A
document containing a term contains each of the term's pairs, so the pairs narrow the
documents to read; a term of one or two characters is decided by them alone. Only ASCII
letters and digits and the CJK ideographs are indexed; a term with other characters is
narrowed by the indexed ones and checked as a substring.

Synonyms are data (search_data/synonyms.toml): a query holding a word of a group also
searches the query with each other word of the group in its place.
"""

import re
import tomllib
from bisect import bisect_right
import unicodedata
from functools import cache
from itertools import accumulate
from pathlib import Path

from django.utils.html import escape
from django.utils.safestring import mark_safe

MAX_QUERY_LENGTH = 50
MAX_TERMS = 8  # the query and at most seven variants from the synonyms
SNIPPET_RADIUS = 40
# Text sent to PostgreSQL's to_tsvector: a tsvector holds at most 1 MB, far above a report.
GRAM_SEPARATOR = " "
SYNONYMS_FILE = Path(__file__).resolve().parent / "search_data" / "synonyms.toml"
# Dropped when folding: punctuation, separators (spaces), controls, format characters, surrogates.
_DROPPED = ("Cc", "Cf", "Cs")


class _Folding(dict):
    """Code point -> its folded form ("" when dropped), worked out once per character."""

    def __missing__(self, code):
        form = "".join(
            c for c in unicodedata.normalize("NFKC", chr(code)).lower()
            if unicodedata.category(c)[0] not in "PZ" and unicodedata.category(c) not in _DROPPED
        )
        self[code] = form
        return form


_FOLDING = _Folding()


def fold(text):
    """The text as searched (see the module)."""
    return (text or "").translate(_FOLDING)


def fold_map(text):
    """(fold(text), the index in `text` of the character each folded character comes from)."""
    folded, starts = [], []
    for index, char in enumerate(text):
        form = _FOLDING[ord(char)]
        folded.append(form)
        starts.extend([index] * len(form))
    return "".join(folded), starts


def normalise_query(raw):
    """The query as typed and shown: whitespace collapsed, cut to MAX_QUERY_LENGTH characters."""
    return " ".join((raw or "").split())[:MAX_QUERY_LENGTH]


# ---- synonyms -----------------------------------------------------------------------------------


class SynonymsError(ValueError):
    pass


@cache
def synonyms(path=SYNONYMS_FILE):
    """[(folded word, ((shown, folded) of each word a query holding it also searches))].

    [[same]] words: each searches the others; groups are not chained (社保 is in two groups
    because it stands for 社会保险 or 社会保障, which are not the same thing).
    [[includes]] whole and parts: the whole also searches each part, a part only itself."""
    data = tomllib.loads(Path(path).read_text("utf-8"))
    unknown = set(data) - {"same", "includes"}
    if unknown:
        raise SynonymsError(f"{path}: unknown sections {sorted(unknown)}")
    relations = []
    for group in data.get("same", []):
        words = group["words"]
        if len(words) < 2:
            raise SynonymsError(f"{path}: a [[same]] group needs two words or more: {words}")
        relations += [(word, [other for other in words if other != word]) for word in words]
    for entry in data.get("includes", []):
        relations.append((entry["whole"], entry["parts"]))
    result = []
    for word, others in relations:
        for shown in (word, *others):
            if not fold(shown) or len(fold(shown)) > MAX_QUERY_LENGTH:
                raise SynonymsError(f"{path}: “{shown}” is empty when folded or longer than {MAX_QUERY_LENGTH}")
        result.append((fold(word), tuple((shown, fold(shown)) for shown in others)))
    return tuple(result)


def search_terms(query, relations=None):
    """[(shown, folded)] the query searches: itself first, then its synonyms' variants (the
    query with a synonym in place of the word it holds), at most MAX_TERMS in all. Empty when
    nothing is left of the query once folded. `relations`: synonyms() of another file."""
    folded = fold(query)
    if not folded:
        return []
    terms = {folded: query}
    for word, others in synonyms() if relations is None else relations:
        at = folded.find(word)
        if at < 0:
            continue
        before, after = folded[:at], folded[at + len(word):]
        for shown, other in others:
            variant = before + other + after
            if folded not in variant:  # else it finds nothing the query does not
                terms.setdefault(variant, before + shown + after)
    return [(shown, term) for term, shown in terms.items()][:MAX_TERMS]


# ---- excerpts -----------------------------------------------------------------------------------


def find_first(text, terms):
    """(start, end) in `text` of its first hit of any folded term (the longest where two start
    together), or None."""
    folded = fold(text)
    best = None
    for term in terms:
        at = folded.find(term)
        if at >= 0 and (best is None or (at, -len(term)) < (best[0], best[0] - best[1])):
            best = (at, at + len(term))
    if best is None:
        return None
    # ends[i]: how long the folded text is after text[i] (fold_map's answer, without a Python loop)
    ends = list(accumulate(map(len, map(_FOLDING.__getitem__, map(ord, text)))))
    return bisect_right(ends, best[0]), bisect_right(ends, best[1] - 1) + 1


def highlight(text, terms, *, radius=SNIPPET_RADIUS):
    """An excerpt of `text` around its first hit of the terms (folded, or one query as typed),
    escaped, the original characters of the hit in <mark>. None when no term is in the text."""
    if isinstance(terms, str):
        terms = [fold(terms)]
    text = " ".join((text or "").split())
    span = find_first(text, terms)
    if span is None:
        return None
    start, end = span
    left, right = max(0, start - radius), min(len(text), end + radius)
    before = ("…" if left else "") + text[left:start]
    after = text[end:right] + ("…" if right < len(text) else "")
    return mark_safe(f"{escape(before)}<mark>{escape(text[start:end])}</mark>{escape(after)}")


# ---- grams --------------------------------------------------------------------------------------

# The indexed characters: ASCII letters and digits (after lower-casing), CJK ideographs.
INDEXED_RUN = re.compile("[0-9a-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]+")
# Characters a folded term holds only where the original text holds the very same character:
# the CJK ideographs (searched texts are typed, so other forms mapping to them, such as the
# Kangxi radicals of some PDF extractions, are not expected).
_PLAIN_IDEOGRAPH = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]")


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


def term_ideographs(term, limit=6):
    """Up to `limit` distinct CJK ideographs of a folded term, each of which an original text
    holding the term holds as such (a cheap filter before folding a field to excerpt it)."""
    return list(dict.fromkeys(_PLAIN_IDEOGRAPH.findall(term)))[:limit]
