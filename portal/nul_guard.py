"""Refuse a request whose path or query holds a NUL character, before any view sees it.

PostgreSQL cannot store or compare text with NUL, so `/regions/%00/` or `?q=%00` reached
the database and failed with a 500. No address of the portal ever needs one.
"""

from django.template.loader import render_to_string
from django.http import HttpResponseBadRequest


def _has_nul(request):
    if "\x00" in request.path_info:
        return True
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists())


class RejectNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request):
            return HttpResponseBadRequest(render_to_string("errors/bad_request.html", request=request))
        return self.get_response(request)
