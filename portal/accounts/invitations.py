"""An invitation to a new account: an e-mail with a one-time link to set its password (the
password-reset link, valid PASSWORD_RESET_TIMEOUT), so no password is ever sent or chosen for it."""

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


def account_invitation_send(*, user, protocol, domain):
    """Send `user` the link to set a password; returns False (sending nothing) without an e-mail."""
    if not user.email:
        return False
    context = {
        "user": user,
        "protocol": protocol,
        "domain": domain,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }
    subject = "".join(render_to_string("registration/account_invite_subject.txt", context).splitlines())
    body = render_to_string("registration/account_invite_email.txt", context)
    send_mail(subject, body, None, [user.email])
    return True
