"""One admin page creates an accountant or a reviewer: the account, its role with its departments
or region, its e-mail, and a password or an e-mailed link to set one, in Chinese."""

import re

import pytest
from django.core import mail

from portal.accounts.models import Role, User
from tests.factories import make_department, make_region, make_user

pytestmark = pytest.mark.django_db

ADD = "/admin/accounts/user/add/"
STRONG = "蔡甸决算-初始2025"


@pytest.fixture
def admin_client(client):
    client.force_login(make_user(Role.ADMIN))
    return client


def _form(**values):
    return {"username": "kuaiji1", "display_name": "李娟", "email": "lijuan@caidian.example.org", "role": "accountant",
            "region": "", "password1": "", "password2": "", **values}


def _sign_in(client, username, password):
    client.logout()
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_the_add_page_has_role_scope_and_e_mail_in_chinese_and_no_permission_lists(admin_client):
    page = admin_client.get(ADD).content.decode()
    for label in ("角色", "负责的部门", "所辖区域", "电子邮箱", "初始密码", "留空则向电子邮箱发送设置密码的链接"):
        assert label in page, label
    assert "部门决算公开平台" in page
    assert "Django" not in page and "user_permissions" not in page and "After you" not in page


def test_an_accountant_with_a_password_is_created_in_one_step_and_signs_in(admin_client):
    departments = [make_department(make_region()) for _ in range(2)]
    response = admin_client.post(ADD, _form(departments=[d.pk for d in departments], password1=STRONG, password2=STRONG))
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="kuaiji1")
    assert (user.role, user.display_name, user.email, user.is_staff) == (Role.ACCOUNTANT, "李娟", "lijuan@caidian.example.org", False)
    assert set(user.departments.all()) == set(departments)
    assert mail.outbox == []
    assert _sign_in(admin_client, "kuaiji1", STRONG).status_code == 302
    assert admin_client.get("/workspace/").status_code == 200


def test_a_reviewer_without_a_password_gets_a_link_to_set_one(admin_client, django_capture_on_commit_callbacks):
    region = make_region("蔡甸区")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(ADD, _form(username="shenhe1", email="shenhe@caidian.example.org", role="reviewer", region=region.pk), follow=True)
    assert "设置密码的链接已发送到 shenhe@caidian.example.org" in response.content.decode()
    user = User.objects.get(username="shenhe1")
    assert (user.role, user.region, user.has_usable_password()) == (Role.REVIEWER, region, False)
    (message,) = mail.outbox
    assert message.to == ["shenhe@caidian.example.org"] and "设置您的账户密码" in message.subject and "shenhe1" in message.body
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/\S+/)", message.body).group(1)
    admin_client.logout()
    form_page = admin_client.get(link, follow=True)
    done = admin_client.post(form_page.redirect_chain[-1][0], {"new_password1": STRONG, "new_password2": STRONG})
    assert done.status_code == 302
    assert _sign_in(admin_client, "shenhe1", STRONG).status_code == 302
    assert admin_client.get("/review/").status_code == 200


def test_a_role_without_its_scope_and_mismatched_passwords_are_refused(admin_client):
    region = make_region()
    page = admin_client.post(ADD, _form()).content.decode()
    assert "部门会计须至少指定一个负责填报的部门" in page
    page = admin_client.post(ADD, _form(departments=[make_department(region).pk], region=region.pk)).content.decode()
    assert "部门会计按部门填报，不设所辖区域" in page
    page = admin_client.post(ADD, _form(role="reviewer")).content.decode()
    assert "财政局审核人须指定所辖区域或负责的部门" in page
    page = admin_client.post(ADD, _form(role="reviewer", region=region.pk, password1=STRONG, password2="x")).content.decode()
    assert "两次输入的密码不一致" in page
    page = admin_client.post(ADD, _form(role="reviewer", region=region.pk, password1="12345", password2="12345")).content.decode()
    assert "密码太短" in page or "至少包含 10 个字符" in page, re.findall(r'<ul class="errorlist[^>]*>.*?</ul>', page)
    User.objects.filter(pk=make_user(Role.REVIEWER).pk).update(email="dup@example.org")
    page = admin_client.post(ADD, _form(role="reviewer", region=region.pk, email="DUP@example.org")).content.decode()
    assert "已有使用这个电子邮箱的账户" in page
    assert not User.objects.filter(username="kuaiji1").exists()


def test_the_change_page_puts_role_and_scope_first_and_keeps_permissions_folded(admin_client):
    user = make_user(Role.ACCOUNTANT, departments=[make_department(make_region())])
    page = admin_client.get(f"/admin/accounts/user/{user.pk}/change/").content.decode()
    assert page.index("角色与范围") < page.index("高级权限")
    assert re.search(r'<fieldset class="[^"]*collapse', page) or "<details" in page
    data = {"username": user.username, "display_name": "", "email": "", "role": "accountant", "region": "",
            "is_active": "on", "date_joined_0": "2025-01-01", "date_joined_1": "00:00:00"}
    assert "部门会计须至少指定一个负责填报的部门" in admin_client.post(f"/admin/accounts/user/{user.pk}/change/", data).content.decode()
