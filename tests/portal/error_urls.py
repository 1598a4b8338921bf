"""A URL configuration for tests only: one view that fails with a connection string in view."""

from django.urls import path


def fail(request):
    broker = "redis://portal:frame-local-password@redis.internal:6379/0"  # noqa: F841 (shown by the DEBUG page)
    raise ConnectionError("cannot reach postgres://portal:exception-password@db.internal:5432/portal")


urlpatterns = [path("fail/", fail)]
