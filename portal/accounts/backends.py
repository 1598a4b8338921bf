from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from .throttle import LOCKED_MESSAGE, client_ip, signin_failed, signin_locked


class ThrottledModelBackend(ModelBackend):
    """Django's username/password check behind the sign-in lock (throttle.py).

    Every entry that calls `authenticate()` (the portal's and the admin's sign-in, and any future
    API) goes through here. While locked the password is not even checked: PermissionDenied makes
    `authenticate()` stop, send `user_login_failed` and return None.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        ip = client_ip(request)
        if signin_locked(username=username, ip=ip):
            raise PermissionDenied(LOCKED_MESSAGE)
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            signin_failed(username=username, ip=ip)
        return user
