"""Refuse a request body larger than its view takes, before anything reads it.

Django bounds form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but not uploaded files: those are
streamed to temporary files, however large. And the CSRF check reads the body of every POST
before the view runs. So a view that takes uploads says how large a request it takes, in
`max_request_bytes` (an attribute of its class or function: a number, or a function giving
one, so that it follows the settings); this middleware, placed before
CsrfViewMiddleware, answers 413 when Content-Length says more. Under WSGI a body without a
Content-Length is read as empty, so the length given is the most that can be read.
"""

from django.http import HttpResponse
from django.template.loader import render_to_string


def _limit_of(view_func):
    holder = getattr(view_func, "view_class", view_func)
    limit = getattr(holder, "max_request_bytes", None)
    return limit() if callable(limit) else limit


def _megabytes(size):
    mb = size / (1024 * 1024)
    return f"{mb:.1f} MB" if mb < 10 else f"{mb:.0f} MB"


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        limit = _limit_of(view_func)
        if limit is None:
            return None
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length <= limit:
            return None
        page = render_to_string("errors/too_large.html", {"limit": _megabytes(limit)}, request=request)
        return HttpResponse(page, status=413)
