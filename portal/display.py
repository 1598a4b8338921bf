"""长者模式 (large text, high contrast): the visitor's choice, kept in a cookie so it holds on every
page of every role, signed in or not, and works without JavaScript (a plain link sets it)."""

from django.conf import settings
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.accounts.permissions import Audience, audience

COOKIE = "display"
LARGE = "large"
STANDARD = "standard"
KEEP_SECONDS = 365 * 24 * 3600


def display_large(request):
    """Whether this visitor asked for 长者模式."""
    return request.COOKIES.get(COOKIE) == LARGE


@require_GET
@never_cache
@audience(Audience.PUBLIC)
def display_switch(request):
    """Who may see it: everyone. ?mode=large or ?mode=standard sets the cookie and goes back to
    `next` (an address on this site; otherwise the start page)."""
    back = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = "/"
    response = redirect(back)
    if request.GET.get("mode") == LARGE:
        response.set_cookie(COOKIE, LARGE, max_age=KEEP_SECONDS, samesite="Lax", httponly=True, secure=settings.SESSION_COOKIE_SECURE)
    else:
        response.delete_cookie(COOKIE, samesite="Lax")
    return response
