"""TOTP two-factor sign-in (django-otp): enrolling an authenticator app and checking its codes."""

import time
from base64 import b32encode
from binascii import unhexlify

from django.conf import settings
from django.db import transaction
from django_otp import verify_token
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

DEVICE_NAME = "验证器"


def two_factor_device(*, user):
    """The user's confirmed authenticator, or None."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def two_factor_required(*, user):
    """Whether the admin refuses this user's session until a code was entered in it."""
    return bool(settings.OTP_REQUIRED_FOR_ADMINS and user.is_portal_admin)


def two_factor_new_key():
    return default_key()


def two_factor_setup(*, user, key):
    """What the enrolment page shows for a key: the otpauth:// address (the QR code holds it) and
    the secret in base32, as an app asks for it when typed by hand."""
    device = TOTPDevice(user=user, key=key, name=DEVICE_NAME)
    return {"uri": device.config_url, "secret": b32encode(unhexlify(key)).decode()}


def two_factor_enrol(*, user, key, token):
    """Confirm an authenticator by its first code; returns the stored device, or None if the code is wrong."""
    try:
        code = int(token)
    except (TypeError, ValueError):
        return None
    totp = TOTP(unhexlify(key))
    totp.time = time.time()
    if not totp.verify(code, tolerance=1):
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()  # one authenticator per user
        # last_t: the code just used is not accepted again (replay).
        return TOTPDevice.objects.create(user=user, key=key, name=DEVICE_NAME, confirmed=True, last_t=totp.t())


def two_factor_verify(*, user, token):
    """Check a code against the user's authenticator (django-otp throttles repeated failures)."""
    device = two_factor_device(user=user)
    if device is None:
        return None
    return verify_token(user, device.persistent_id, token)
