"""Login throttling, password strength, cookie settings, and the admin for administrators only."""

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError

from portal.accounts.models import Role
from portal.audit.services import audit_record
from tests.factories import PASSWORD, make_department, make_region, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


def sign_in(client, username, password, ip="10.0.0.1"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_five_failures_lock_the_username_from_that_address(client):
    user = make_user(Role.ACCOUNTANT, departments=[make_department(make_region())])
    for _ in range(5):
        response = sign_in(client, user.username, "wrong-password")
        assert response.status_code == 200 and "_auth_user_id" not in client.session
    response = sign_in(client, user.username, PASSWORD)  # even the right password is refused now
    assert response.status_code == 429
    assert "登录失败次数过多，请15分钟后再试。" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another address, or another username, is not locked.
    assert sign_in(client, user.username, PASSWORD, ip="10.0.0.2").status_code == 302
    client.logout()
    other = make_user(Role.REVIEWER)
    assert sign_in(client, other.username, PASSWORD).status_code == 302


def test_a_success_clears_the_failures(client):
    user = make_user(Role.REVIEWER)
    for _ in range(4):
        sign_in(client, user.username, "wrong-password")
    assert sign_in(client, user.username, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        sign_in(client, user.username, "wrong-password")
    assert sign_in(client, user.username, PASSWORD).status_code == 302


def test_the_lock_expires(client):
    from django.utils import timezone

    from portal.accounts.models import SignInCounter

    user = make_user(Role.REVIEWER)
    for _ in range(5):
        sign_in(client, user.username, "wrong-password")
    assert sign_in(client, user.username, PASSWORD).status_code == 429
    SignInCounter.objects.update(locked_until=timezone.now())  # what the 15 minutes do
    assert sign_in(client, user.username, PASSWORD).status_code == 302


def test_passwords_need_ten_characters_and_not_a_common_one():
    with pytest.raises(ValidationError):
        validate_password("Ab3$efgh9")  # nine characters
    with pytest.raises(ValidationError):
        validate_password("password1234")
    validate_password("蔡甸决算-公开2025")


def test_cookies_are_same_site_lax_and_http_only():
    assert settings.SESSION_COOKIE_SAMESITE == "Lax" and settings.CSRF_COOKIE_SAMESITE == "Lax"
    assert settings.SESSION_COOKIE_HTTPONLY


@pytest.mark.parametrize("role", [Role.ACCOUNTANT, Role.REVIEWER, ""])
def test_staff_who_are_not_administrators_cannot_enter_the_admin(client, role):
    user = make_user(role) if role else make_user(Role.ACCOUNTANT)
    if not role:
        user.role = ""
    user.is_staff = True
    user.save()
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert client.get("/admin/accounts/user/").status_code == 302


def test_administrators_enter_the_admin(client):
    client.force_login(make_user(Role.ADMIN))
    assert client.get("/admin/").status_code == 200


def test_the_audit_trail_cannot_be_edited_through_the_admin(client):
    admin = make_user(Role.ADMIN)
    event = audit_record(action="submit", actor=admin, payload={"x": 1})
    client.force_login(admin)
    assert client.get(f"/admin/audit/auditevent/{event.pk}/change/").status_code in (302, 403, 404)
    assert client.post(f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code in (302, 403, 404)
    from portal.audit.models import AuditEvent

    assert AuditEvent.objects.get(pk=event.pk).payload == {"x": 1}
