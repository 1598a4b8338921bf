import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

REFRESHED_KEY = "session_refreshed_at"


class SessionRefreshMiddleware:
    """Sliding expiry: a signed-in session whose expiry was last pushed forward more than
    SESSION_REFRESH_SECONDS ago is saved again, which sets its expiry SESSION_COOKIE_AGE from now.
    So a session ends a working day after its last request, with one write per half hour rather
    than one per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and request.COOKIES.get(settings.SESSION_COOKIE_NAME) and SESSION_KEY in session:
            if session.get(REFRESHED_KEY, 0) < time.time() - settings.SESSION_REFRESH_SECONDS:
                session[REFRESHED_KEY] = time.time()
        return response


@receiver(user_logged_in, dispatch_uid="accounts.session_refreshed_at_login")
def _session_refreshed_at_login(sender, request, user, **kwargs):
    # A new session starts with its full age; the next refresh is due a half hour on.
    if request is not None and hasattr(request, "session"):
        request.session[REFRESHED_KEY] = time.time()
