"""Search over published reports: what the public search page asks, and the engine that
answers, named by the SEARCH_BACKEND setting.

Only the newest published version of each report is searched; nothing else is ever read.
A query searches its folded form and its synonyms' variants (disclosures.search_text) in the
department's name and aliases, the text and the subject codes with their names, narrowed by
year, region (and the regions below it) and department (and its units). Results are ranked
(a department whose name or alias holds a term first, then the newest year, the newest
publication, the department code) and come a page at a time: the engine reads and excerpts
only the page's reports.

The engine is a class with the methods of SearchBackend. The default,
disclosures.search_database.DatabaseSearch, keeps one document per report in the portal's
database and indexes its characters and pairs of characters (disclosures.search_text) in
PostgreSQL. A nation's portal (about 300,000 reports a year) would move search to OpenSearch
with a Chinese analyser (smartcn or IK) and its highlighter: a class implementing these
methods (filters as keyword fields, the synonyms as a synonym filter), named in
SEARCH_BACKEND; nothing else in the portal changes.
"""

from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.utils.module_loading import import_string

from .selectors import public_years
from .search_text import MAX_QUERY_LENGTH, highlight, normalise_query, search_terms

__all__ = (
    "MAX_QUERY_LENGTH",
    "PAGE_SIZE",
    "SearchBackend",
    "SearchHit",
    "SearchPage",
    "SearchQuery",
    "highlight",
    "normalise_query",
    "search_backend",
    "search_published",
)

PAGE_SIZE = 20
MAX_PAGE = 1000


@dataclass(frozen=True)
class SearchQuery:
    """What is searched: the terms (any of them) within the filters (all of them)."""

    text: str  # as typed, whitespace collapsed
    terms: tuple  # folded: the query's own first, then its synonyms' variants
    also: tuple = ()  # the variants as shown (同时搜索了)
    year: int | None = None
    region_ids: frozenset | None = None  # a region and every region below it
    department: str = ""  # a department's code or part of its name: its reports and its units'


@dataclass
class SearchHit:
    version: object  # the newest published ReportVersion, its report, department and region loaded
    name_match: bool = False
    snippets: list = field(default_factory=list)  # [(where, safe html)], at most three
    title: str = ""  # the department's name, the hit in <mark> when it matched


@dataclass
class SearchPage:
    query: object  # the SearchQuery
    hits: list
    number: int
    per_page: int
    total: int
    approximate: bool = False  # total is an estimate (the engine stopped reading once the page was full)
    has_next: bool = False

    @property
    def pages(self):
        return max(1, -(-self.total // self.per_page))

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def previous_page_number(self):
        return self.number - 1

    @property
    def next_page_number(self):
        return self.number + 1


class SearchBackend:
    """What the portal asks of a search engine. Subclass it and name the class in SEARCH_BACKEND."""

    def search(self, *, query, page, per_page):
        """The page `page` (from 1) of the reports whose newest published version holds one of
        `query.terms` (a SearchQuery; folded, at least one) in its department's name or aliases,
        its text or its codes and names, within the query's filters, ranked as the module says:
        a SearchPage of SearchHits."""
        raise NotImplementedError

    def document_store(self, *, report):
        """Index the report's newest published version (report.published_version), or forget
        the report when it has none. Called in the transaction that publishes; an engine outside
        the database sends the document once it commits (transaction.on_commit)."""
        raise NotImplementedError

    def years(self):
        """The years of the searchable reports, newest first (what the year filter offers)."""
        return [year for year, _ in public_years()]

    def documents_rebuild(self):
        """Index every report afresh (after a bulk load or a change of engine); returns how many."""
        raise NotImplementedError


@lru_cache(maxsize=4)
def _backend(path):
    return import_string(path)()


def search_backend():
    """The engine SEARCH_BACKEND names (one instance per process)."""
    return _backend(settings.SEARCH_BACKEND)


def search_published(*, query, page=1, per_page=PAGE_SIZE, year=None, region_ids=None, department=""):
    """A page of the newest published versions holding `query` or one of its synonyms' variants,
    of `year`, in the regions `region_ids` and of the departments `department` names (a code or
    part of a name) and their units; an empty page for a query with nothing to search."""
    text = normalise_query(query)
    terms = search_terms(text)
    search = SearchQuery(
        text=text,
        terms=tuple(term for _, term in terms),
        also=tuple(shown for shown, _ in terms[1:]),
        year=year or None,
        region_ids=frozenset(region_ids) if region_ids is not None else None,
        department=(department or "").strip(),
    )
    page = min(max(1, page), MAX_PAGE)
    if not terms:
        return SearchPage(query=search, hits=[], number=1, per_page=per_page, total=0)
    return search_backend().search(query=search, page=page, per_page=per_page)
