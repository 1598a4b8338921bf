"""Issue 16, points 1, 3, 4 and 9: one sign-in lock for every way in (portal, admin, the code step,
anything calling authenticate()), not sidestepped by another spelling of the name, shared by all
processes; password change and reset by e-mail; sessions that end after a working day; TOTP."""

import re
import subprocess
import sys
import time
from binascii import unhexlify
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import RequestFactory
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.accounts.models import Role, SignInCounter, User
from portal.accounts.throttle import LOCKED_MESSAGE
from tests.factories import PASSWORD, make_department, make_region, make_user

pytestmark = pytest.mark.django_db
IP = "10.0.0.1"


def post(client, path, username, password, ip=IP):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=ip)


def signed_in(client):
    return "_auth_user_id" in client.session


def code_for(device, steps_ahead=0):
    """The authenticator's current code (steps_ahead=1: the next one, still within tolerance, for
    a device whose current code was just used)."""
    return f"{totp(unhexlify(device.key), drift=steps_ahead):06d}"


# --- point 1: the admin's sign-in shares the lock ------------------------------------------


def test_the_admin_sign_in_is_throttled(client):
    admin = make_user(Role.ADMIN, username="admin")
    for _ in range(40):  # the attack: 40 wrong passwords, then the right one
        post(client, "/admin/login/", "admin", "wrong-password")
    response = post(client, "/admin/login/", "admin", PASSWORD)
    assert response.status_code == 429 and LOCKED_MESSAGE in response.content.decode()
    assert not signed_in(client)
    assert post(client, "/admin/login/", admin.username, PASSWORD, ip="10.0.0.9").status_code == 302


@pytest.mark.parametrize(
    "locked_at, tried_at", [("/accounts/login/", "/admin/login/"), ("/admin/login/", "/accounts/login/")]
)
def test_a_lock_put_by_one_sign_in_holds_at_the_other(client, locked_at, tried_at):
    make_user(Role.ADMIN, username="admin")
    for _ in range(5):
        assert post(client, locked_at, "admin", "wrong-password").status_code == 200
    response = post(client, tried_at, "admin", PASSWORD)
    assert response.status_code == 429 and not signed_in(client)


def test_the_admin_sign_in_lets_an_administrator_in(client):
    make_user(Role.ADMIN, username="admin")
    response = post(client, "/admin/login/?next=/admin/accounts/user/", "admin", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/admin/accounts/user/"
    assert client.get("/admin/").status_code == 200


def test_authenticate_itself_refuses_a_locked_account_and_still_reports_failures():
    """Any other way in (an API token endpoint, a management command) calls authenticate()."""
    user = make_user(Role.REVIEWER)
    failures = []

    def record(sender, credentials, request, **kwargs):
        failures.append(credentials["username"])

    user_login_failed.connect(record)
    try:
        request = RequestFactory().post("/api/token/", REMOTE_ADDR=IP)
        for _ in range(5):
            assert authenticate(request, username=user.username, password="wrong-password") is None
        assert authenticate(request, username=user.username, password=PASSWORD) is None
        other = RequestFactory().post("/api/token/", REMOTE_ADDR="10.0.0.2")
        assert authenticate(other, username=user.username, password=PASSWORD) == user
    finally:
        user_login_failed.disconnect(record)
    assert failures == [user.username] * 6  # the refused right password is a failed sign-in too


# --- point 3: the key is the normalised name, the account and the address -------------------


@pytest.mark.parametrize("typed", ["ｒeviewer2", "Reviewer2", " reviewer2"])
def test_another_spelling_of_a_locked_name_is_refused(client, typed):
    make_user(Role.REVIEWER, username="reviewer2")
    for _ in range(5):
        post(client, "/accounts/login/", "reviewer2", "wrong-password")
    response = post(client, "/accounts/login/", "ｒeviewer2", PASSWORD)  # full-width ｒ, the right password
    assert response.status_code == 429 and not signed_in(client)
    assert post(client, "/admin/login/", typed, PASSWORD).status_code == 429


@pytest.mark.parametrize("typed", ["ＲＥＶＩＥＷＥＲ2", "REVIEWER2"])
def test_failures_under_other_spellings_lock_the_name(client, typed):
    make_user(Role.REVIEWER, username="reviewer2")
    for _ in range(5):
        post(client, "/accounts/login/", typed, "wrong-password")
    assert post(client, "/accounts/login/", "reviewer2", PASSWORD).status_code == 429


def test_one_address_trying_many_names_is_locked(client):
    user = make_user(Role.ACCOUNTANT, departments=[make_department(make_region())])
    for number in range(settings.SIGNIN_ADDRESS_MAX_FAILURES):
        post(client, "/accounts/login/", f"guess{number}", "wrong-password")
    assert post(client, "/accounts/login/", user.username, PASSWORD).status_code == 429
    assert post(client, "/accounts/login/", user.username, PASSWORD, ip="10.0.0.2").status_code == 302


def test_names_typed_at_the_form_are_not_stored():
    make_user(Role.REVIEWER, username="reviewer2")
    authenticate(RequestFactory().post("/", REMOTE_ADDR=IP), username="reviewer2", password="wrong")
    assert SignInCounter.objects.count() == 3  # name, account, address
    assert not SignInCounter.objects.filter(key__contains="reviewer2").exists()


# --- point 4: every process counts into the same place ------------------------------------

FAIL_IN_A_PROCESS = """
from django.test import Client
from portal.accounts.models import User
if not User.objects.filter(username="admin").exists():
    User.objects.create_superuser("admin", password=PASSWORD, role="admin")
client = Client()
for _ in range(FAILURES):
    response = client.post(PATH, {"username": "admin", "password": "wrong-password"}, REMOTE_ADDR="10.0.0.1")
    print("failure", response.status_code)
if THEN_RIGHT:
    response = client.post("/admin/login/", {"username": "admin", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1")
    print("right password", response.status_code, "_auth_user_id" in client.session)
"""


def test_separate_processes_share_one_failure_count(subprocess_env, project_root, tmp_path):
    """Three failures in one process and two in another lock the account, with no CACHE_URL
    (each process has its own memory cache): the count is kept in the database they share."""
    env = subprocess_env(DATABASE_URL=f"sqlite:///{tmp_path / 'shared.sqlite3'}", CACHE_URL=None, REDIS_URL=None)

    def run(*args):
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=project_root, env=env, capture_output=True, text=True, timeout=300
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def fail_in_a_process(failures, path, then_right):
        script = FAIL_IN_A_PROCESS
        for name, value in {"PASSWORD": PASSWORD, "FAILURES": failures, "PATH": path, "THEN_RIGHT": then_right}.items():
            script = script.replace(name, repr(value))
        return run("shell", "--no-imports", "-c", script)

    run("migrate", "-v", "0")
    assert fail_in_a_process(3, "/admin/login/", False) == "failure 200\n" * 3
    second = fail_in_a_process(2, "/accounts/login/", True)
    assert second == "failure 200\nfailure 200\nright password 429 False\n"


# --- point 9: password change and reset ---------------------------------------------------


@pytest.mark.parametrize("role", [Role.ACCOUNTANT, Role.REVIEWER, Role.ADMIN])
def test_every_user_can_change_their_password(client, role):
    user = make_user(role)
    client.force_login(user)
    page = client.get("/accounts/password/change/").content.decode()
    assert "修改密码" in page and "旧密码" in page and 'href="/accounts/password/change/"' in page  # and in the header
    new = "蔡甸决算-新密码2025"
    response = client.post(
        "/accounts/password/change/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/password/change/done/"
    assert "密码已修改" in client.get(response["Location"]).content.decode()
    client.logout()
    assert post(client, "/accounts/login/", user.username, PASSWORD).status_code == 200
    assert post(client, "/accounts/login/", user.username, new).status_code == 302


def test_a_weak_new_password_is_refused_in_chinese(client):
    user = make_user(Role.REVIEWER)
    client.force_login(user)
    response = client.post(
        "/accounts/password/change/", {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"}
    )
    assert response.status_code == 200 and "密码" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_a_password_is_reset_through_the_link_sent_by_e_mail(client):
    user = make_user(Role.ACCOUNTANT, departments=[make_department(make_region())])
    user.email = "kuaiji@example.gov.cn"
    user.save()
    assert 'href="/accounts/password/reset/">忘记密码？</a>' in client.get("/accounts/login/").content.decode()
    response = client.post("/accounts/password/reset/", {"email": "kuaiji@example.gov.cn"})
    assert response.status_code == 302 and response["Location"] == "/accounts/password/reset/sent/"
    assert client.post("/accounts/password/reset/", {"email": "nobody@example.gov.cn"}).status_code == 302
    assert len(mail.outbox) == 1  # only to an address that has an account; the answer is the same
    message = mail.outbox[0]
    assert message.to == ["kuaiji@example.gov.cn"] and "重设密码" in message.subject
    assert user.username in message.body and "如果不是您本人申请" in message.body
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert "设置新密码" in form_page.content.decode()
    new = "蔡甸决算-重设2025"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302 and done["Location"] == "/accounts/password/reset/done/"
    assert post(client, "/accounts/login/", user.username, new).status_code == 302
    client.logout()
    assert "重设链接无效" in client.get(link, follow=True).content.decode()  # used once


# --- point 9: a session ends after a working day without a request ------------------------


def test_a_session_lasts_a_working_day():
    assert 8 * 3600 <= settings.SESSION_COOKIE_AGE <= 10 * 3600
    assert settings.SESSION_REFRESH_SECONDS <= 3600


def session_row(client):
    return Session.objects.get(session_key=client.session.session_key)


def test_an_idle_session_ends_and_an_active_one_is_extended(client):
    user = make_user(Role.REVIEWER, region=make_region())
    client.force_login(user)
    assert client.get("/review/").status_code == 200
    # Active: the last refresh was 40 minutes ago, so this request pushes the expiry forward.
    session = client.session
    session["session_refreshed_at"] = time.time() - 40 * 60
    session.save()
    Session.objects.filter(session_key=session.session_key).update(expire_date=timezone.now() + timedelta(hours=8))
    assert client.get("/review/").status_code == 200
    remaining = session_row(client).expire_date - timezone.now()
    assert remaining > timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
    # Idle for a working day: the expiry has passed, and the next request is signed out.
    Session.objects.filter(session_key=session.session_key).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/review/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_requests_within_the_half_hour_do_not_rewrite_the_session(client):
    client.force_login(make_user(Role.REVIEWER, region=make_region()))
    expiry = session_row(client).expire_date
    Session.objects.filter(pk=client.session.session_key).update(expire_date=expiry - timedelta(hours=1))
    client.get("/review/")
    assert session_row(client).expire_date == expiry - timedelta(hours=1)


# --- point 9: TOTP two-factor sign-in -----------------------------------------------------


def enrol(client, user):
    """Through the page, as a person does: read the secret it shows, type the app's code."""
    client.force_login(user)
    page = client.get("/accounts/two-factor/").content.decode()
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page).group(1)
    assert re.search(r"otpauth://totp/[^\"<]*secret=" + secret, page) and 'src="data:image/svg+xml' in page
    from base64 import b32decode

    code = f"{totp(b32decode(secret)):06d}"
    response = client.post("/accounts/two-factor/", {"code": code})
    assert response.status_code == 302
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    client.logout()
    return device


def test_a_reviewer_enrols_an_authenticator_and_sign_in_then_asks_for_its_code(client):
    user = make_user(Role.REVIEWER, region=make_region())
    device = enrol(client, user)
    response = post(client, "/accounts/login/", user.username, PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/accounts/login/code/"
    assert not signed_in(client)  # the password alone signs nobody in
    assert client.get("/review/").status_code == 302
    page = client.get("/accounts/login/code/").content.decode()
    assert "6位验证码" in page
    wrong = client.post("/accounts/login/code/", {"code": "000000" if code_for(device, 1) != "000000" else "111111"})
    assert wrong.status_code == 200 and "验证码不正确" in wrong.content.decode() and not signed_in(client)
    device.refresh_from_db()
    device.throttling_failure_timestamp = None  # django-otp's own back-off after a wrong code: 1 s
    device.save()
    response = client.post("/accounts/login/code/", {"code": code_for(device, 1)})
    assert response.status_code == 302 and response["Location"] == "/accounts/home/"
    assert signed_in(client) and client.get("/review/").status_code == 200


def test_wrong_codes_count_on_the_sign_in_lock(client):
    user = make_user(Role.REVIEWER, region=make_region())
    device = enrol(client, user)
    post(client, "/accounts/login/", user.username, PASSWORD)
    for _ in range(5):
        TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)  # django-otp's own back-off
        client.post("/accounts/login/code/", {"code": "999999"}, REMOTE_ADDR=IP)
    assert not signed_in(client)
    response = post(client, "/accounts/login/", user.username, PASSWORD)
    assert response.status_code == 429


def test_without_a_pending_password_the_code_page_asks_to_sign_in_again(client):
    response = client.post("/accounts/login/code/", {"code": "123456"})
    assert response.status_code == 200 and "重新登录" in response.content.decode() and not signed_in(client)


def test_reviewers_without_an_authenticator_sign_in_with_the_password_alone(client, settings):
    settings.OTP_REQUIRED_FOR_ADMINS = True
    user = make_user(Role.REVIEWER, region=make_region())
    response = post(client, "/accounts/login/", user.username, PASSWORD)
    assert response.status_code == 302 and signed_in(client)


def test_the_admin_requires_a_code_when_the_setting_says_so(client, settings):
    settings.OTP_REQUIRED_FOR_ADMINS = True
    admin = make_user(Role.ADMIN, username="admin")
    post(client, "/admin/login/", "admin", PASSWORD)
    assert signed_in(client)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/two-factor/")
    assert "进入系统管理需要两步验证" in response.content.decode()
    assert client.get("/admin/accounts/user/").status_code == 302
    device = enrol(client, admin)
    # Signed in again with password and code: the admin lets them in.
    post(client, "/admin/login/", "admin", PASSWORD)
    response = client.post("/accounts/login/code/", {"code": code_for(device, 1)})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_an_administrator_session_without_a_code_is_sent_to_enter_one(client, settings):
    settings.OTP_REQUIRED_FOR_ADMINS = True
    admin = make_user(Role.ADMIN)
    device = enrol(client, admin)
    client.force_login(admin)  # a session that never entered a code
    assert client.get("/admin/", follow=True).redirect_chain[-1][0].startswith("/accounts/two-factor/")
    response = client.post("/accounts/two-factor/?next=/admin/", {"code": code_for(device, 1), "next": "/admin/"})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("debug, required", [("1", "False"), ("0", "True")])
def test_codes_are_required_for_administrators_by_default_only_in_production(
    subprocess_env, project_root, debug, required
):
    env = subprocess_env(DEBUG=debug, SECRET_KEY="k" * 60, OTP_REQUIRED_FOR_ADMINS=None)
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; print(settings.OTP_REQUIRED_FOR_ADMINS)"],
        cwd=project_root, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.stdout.strip() == required, result.stderr
