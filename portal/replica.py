"""Read replicas: the public side reads from a replica when one is configured.

With DATABASE_REPLICA_URL set (portal/settings/base.py) the database alias "replica" exists,
and the reads of an anonymous visitor's request to the public pages or the API
(REPLICA_READ_NAMESPACES) go there: the bulk of a nation's traffic, none of which writes.
Everything else reads from the primary ("default"): accountants, reviewers, the admin, the
workers, the commands, and a signed-in user on a public page (who may just have published).
Every write goes to the primary, whatever the request. A replica may lag the primary by a
moment: a page may show a publication a moment late, as the shared page cache already may.
Without a replica nothing changes: the router answers nothing and Django uses "default".
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import connections

REPLICA = "replica"
_replica_reads = ContextVar("replica_reads", default=False)


def replica_configured():
    return REPLICA in connections.settings


@contextmanager
def replica_reads():
    """Within the block, reads go to the replica when there is one (writes never do)."""
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _replica_reads.get() and replica_configured():
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the primary's rows: an object read there is the primary's too


class ReplicaReadsMiddleware:
    """Marks an anonymous visitor's request to a public view as reading from the replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _replica_reads.set(False)
        try:
            return self.get_response(request)
        finally:
            _replica_reads.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if (
            replica_configured()
            and match is not None
            and match.namespace in settings.REPLICA_READ_NAMESPACES
            and not request.user.is_authenticated
        ):
            _replica_reads.set(True)
