"""The portal's URLs plus `/bench/trivial/` (a plain "ok"), for bench/scale.py.

The trivial view is the anchor every other figure is divided by: it costs what Django, the
middleware and the server cost, and nothing else.
"""

from django.http import HttpResponse
from django.urls import include, path


def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/trivial/", trivial),
    path("", include("portal.urls")),
]
