"""The public site's page cache: which parts of the site a page belongs to, and their tokens.

Every cached page is keyed by its address and by the current token of each part (tag) it
shows: a report's pages (`report:<department code>:<year>`), a department's
(`department:<code>`), a region's (`region:<code>`), a year's (`year:<year>`), the listings
of the whole site (`listings`: the home page, /years/, /regions/, the API's lists), search
(`search`) and the whole site (`site`, in every key). A publication gives new tokens to the
parts the report appears in (disclosures.services.public_cache_invalidate), so only those
pages are built again; a page of any other report stays cached.

Where the tokens live:
- with a shared cache (CACHE_URL, Redis), in that cache: a hit costs one cache round trip
  and no query. New tokens are written when the publication commits.
- with a per-process cache (local memory, the default), in the table PublicCacheTag, read by
  primary key in one query (no aggregate), so that a publication in another process (the
  Celery worker) reaches every process. New tokens are written in the publication's
  transaction.
- with no cache (DummyCache), nowhere.
"""

import hashlib
import secrets

from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction

from .models import PublicCacheTag

PAGE_CACHE_SECONDS = 3600
# What browsers and proxies may keep (disclosures.views.public.validated): a version's own
# address never changes; the report's address follows corrections, so it is revalidated soon.
IMMUTABLE = "public, max-age=31536000, immutable"
NEWEST_CACHE_CONTROL = "public, max-age=60"
# A token in the shared cache outlives every page keyed by it; when one expires (or is
# evicted), a fresh random token takes its place, so an old page is never served again.
TAG_SECONDS = 2 * PAGE_CACHE_SECONDS
SITE = "site"
LISTINGS = "listings"
SEARCH = "search"
MISSING = "0"


def report_tag(*, department_code, year):
    return f"report:{department_code}:{year}"


def department_tag(code):
    return f"department:{code}"


def region_tag(code):
    return f"region:{code}"


def year_tag(year):
    return f"year:{year}"


# What each kind of page shows, named from its address alone (the URL's keyword arguments).


def listings_tags(kwargs):
    return [LISTINGS]


def search_tags(kwargs):
    return [SEARCH]


def report_tags(kwargs):
    return [report_tag(department_code=kwargs["department_code"], year=kwargs["year"])]


def department_tags(kwargs):
    return [department_tag(kwargs["code"])]


def region_tags(kwargs):
    return [region_tag(kwargs["code"])]


def year_tags(kwargs):
    return [year_tag(kwargs["year"])]


def _name(tag):
    """A fixed-length name for a tag, whatever characters the address gave it."""
    return hashlib.sha256(tag.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def _cache_key(name):
    return f"disclosures:public:tag:{name}"


def _per_process():
    return isinstance(caches["default"], LocMemCache)


def page_caching():
    """Whether pages are cached at all (not with DummyCache)."""
    return not isinstance(caches["default"], DummyCache)


def tags_token(tags):
    """One string for the current tokens of `tags` and of the whole site."""
    names = [_name(tag) for tag in (SITE, *tags)]
    if _per_process():
        tokens = dict(PublicCacheTag.objects.filter(name__in=names).values_list("name", "token"))
        return ".".join(tokens.get(name, MISSING) for name in names)
    keys = [_cache_key(name) for name in names]
    tokens = cache.get_many(keys)
    for key in keys:
        if key not in tokens:
            cache.add(key, secrets.token_hex(8), TAG_SECONDS)
            tokens[key] = cache.get(key, MISSING)
    return ".".join(tokens[key] for key in keys)


def tags_bump(tags):
    """New tokens for `tags`: every page showing one of them is built again on its next visit."""
    names = sorted({_name(tag) for tag in tags})
    if _per_process():
        for name in names:
            PublicCacheTag.objects.update_or_create(name=name, defaults={"token": secrets.token_hex(8)})
        return

    def write():
        cache.set_many({_cache_key(name): secrets.token_hex(8) for name in names}, TAG_SECONDS)

    transaction.on_commit(write, robust=True)
