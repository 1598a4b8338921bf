"""Search over published reports: what the public search page asks, and the engine that
answers, named by the SEARCH_BACKEND setting.

Only the newest published version of each report is searched; nothing else is ever read.
Results are ranked (a department whose name or alias holds the query first, then the newest
year, the newest publication, the department code) and come a page at a time: the engine
reads and excerpts only the page's reports.

The engine is a class with the methods of SearchBackend. The default,
disclosures.search_database.DatabaseSearch, keeps one document per report in the portal's
database and indexes its characters and pairs of characters (disclosures.search_text) in
PostgreSQL. A nation's portal (about 300,000 reports a year) would move search to OpenSearch
with a Chinese analyser (smartcn or IK) and its highlighter: a class implementing these
three methods, named in SEARCH_BACKEND; nothing else in the portal changes.
"""

from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.utils.module_loading import import_string

from .search_text import MAX_QUERY_LENGTH, highlight, normalise_query

__all__ = (
    "MAX_QUERY_LENGTH",
    "PAGE_SIZE",
    "SearchBackend",
    "SearchHit",
    "SearchPage",
    "highlight",
    "normalise_query",
    "search_backend",
    "search_published",
)

PAGE_SIZE = 20
MAX_PAGE = 1000


@dataclass
class SearchHit:
    version: object  # the newest published ReportVersion, its report, department and region loaded
    name_match: bool = False
    snippets: list = field(default_factory=list)  # [(where, safe html)], at most three
    count: int = 0  # the fields holding the query (the name counts as one)
    title: str = ""  # the department's name, the hit in <mark> when it matched


@dataclass
class SearchPage:
    query: str
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
        """The page `page` (from 1) of the reports whose newest published version holds `query`
        (normalised, not empty) in its department's name or aliases or in its text, ranked as
        the module says: a SearchPage of SearchHits."""
        raise NotImplementedError

    def document_store(self, *, report):
        """Index the report's newest published version (report.published_version), or forget
        the report when it has none. Called in the transaction that publishes; an engine outside
        the database sends the document once it commits (transaction.on_commit)."""
        raise NotImplementedError

    def documents_rebuild(self):
        """Index every report afresh (after a bulk load or a change of engine); returns how many."""
        raise NotImplementedError


@lru_cache(maxsize=4)
def _backend(path):
    return import_string(path)()


def search_backend():
    """The engine SEARCH_BACKEND names (one instance per process)."""
    return _backend(settings.SEARCH_BACKEND)


def search_published(*, query, page=1, per_page=PAGE_SIZE):
    """A page of the newest published versions holding `query`; an empty page for an empty query."""
    query = normalise_query(query)
    page = min(max(1, page), MAX_PAGE)
    if not query:
        return SearchPage(query="", hits=[], number=1, per_page=per_page, total=0)
    return search_backend().search(query=query, page=page, per_page=per_page)
