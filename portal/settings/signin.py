"""Signing in: the throttled backend, two-factor codes (django-otp), sessions that end after a
working day of inactivity. Kept here, apart from base.py, with the apps and middleware it adds."""

from .base import DEBUG, INSTALLED_APPS, MIDDLEWARE
from .env import env

INSTALLED_APPS = [*INSTALLED_APPS, "django_otp", "django_otp.plugins.otp_totp"]

# OTPMiddleware (request.user.is_verified()) needs the user; the refresh needs the session.
_auth = MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware")
MIDDLEWARE = [
    *MIDDLEWARE[: _auth + 1],
    "django_otp.middleware.OTPMiddleware",
    "portal.accounts.middleware.SessionRefreshMiddleware",
    *MIDDLEWARE[_auth + 1 :],
]

# The only backend: Django's password check behind the shared sign-in lock (portal/accounts/throttle.py).
AUTHENTICATION_BACKENDS = ["portal.accounts.backends.ThrottledModelBackend"]
# Failed sign-ins from one address, whatever the names, before it is locked for 15 minutes.
SIGNIN_ADDRESS_MAX_FAILURES = env.int("SIGNIN_ADDRESS_MAX_FAILURES", default=30)

# A session ends after a working day without a request: its expiry is pushed forward at most every
# SESSION_REFRESH_SECONDS (portal/accounts/middleware.py), so it ends 8.5 to 9 hours after the last
# request, rather than writing the session row on every request (SESSION_SAVE_EVERY_REQUEST).
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=9 * 3600)
SESSION_REFRESH_SECONDS = env.int("SESSION_REFRESH_SECONDS", default=30 * 60)

# Administrators must sign in with a TOTP code (the admin refuses them until they have enrolled
# an authenticator and entered a code); on by default in production, off in development.
OTP_REQUIRED_FOR_ADMINS = env.bool("OTP_REQUIRED_FOR_ADMINS", default=not DEBUG)
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="决算公开平台")
# The admin does not show a device's secret or its QR code.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
