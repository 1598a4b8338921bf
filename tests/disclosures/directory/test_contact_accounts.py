"""Accountants' accounts in bulk from the directory's contacts: one per e-mail address, holding
every unit it is the contact of; shown before they are made; each invited by e-mail."""

import re

import pytest
from django.core import mail

from disclosures.directory.contacts import contact_accounts_plan
from disclosures.directory.services import contact_accounts_create
from disclosures.models import Department
from portal.accounts.models import Role, User
from portal.audit.models import AuditEvent
from tests.factories import make_department, make_region, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def units():
    region = make_region()

    def unit(email, contact="王敏"):
        department = make_department(region)
        department.contact_email, department.contact_name = email, contact
        department.save()
        return department

    return [unit("wangmin@caidian.example.org"), unit("WangMin@caidian.example.org"), unit("lijuan@caidian.example.org", "李娟"), unit("")]


def test_one_account_per_address_holding_all_its_units_each_invited(units, django_capture_on_commit_callbacks):
    plan = contact_accounts_plan(departments=units)
    assert [(a.username, a.verdict, len(a.departments)) for a in plan] == [
        ("wangmin@caidian.example.org", "create", 2),
        ("lijuan@caidian.example.org", "create", 1),
        ("", "no_email", 1),
    ]
    admin = make_user(Role.ADMIN)
    with django_capture_on_commit_callbacks(execute=True):
        contact_accounts_create(departments=units, user=admin, protocol="https", domain="portal.example.org")
    wang = User.objects.get(username="wangmin@caidian.example.org")
    assert (wang.role, wang.display_name, wang.has_usable_password()) == (Role.ACCOUNTANT, "王敏", False)
    assert set(wang.departments.all()) == set(units[:2])
    assert sorted(m.to[0] for m in mail.outbox) == ["lijuan@caidian.example.org", "wangmin@caidian.example.org"]
    assert "https://portal.example.org/accounts/password/reset/" in mail.outbox[0].body
    event = AuditEvent.objects.get(action="contact_accounts")
    assert set(event.payload["created"]) == {"lijuan@caidian.example.org", "wangmin@caidian.example.org"}
    # again: nothing to do
    again = contact_accounts_create(departments=units, user=admin)
    assert {a.verdict for a in again} == {"unchanged", "no_email"}
    assert AuditEvent.objects.filter(action="contact_accounts").count() == 1


def test_an_existing_accountant_gets_the_units_it_lacks_and_other_roles_are_left_alone(units):
    accountant = make_user(Role.ACCOUNTANT, departments=[units[0]], username="wang")
    User.objects.filter(pk=accountant.pk).update(email="wangmin@caidian.example.org")
    reviewer = make_user(Role.REVIEWER, region=units[0].region)
    User.objects.filter(pk=reviewer.pk).update(email="lijuan@caidian.example.org")
    plan = {a.email: a for a in contact_accounts_create(departments=units)}
    assert plan["wangmin@caidian.example.org"].verdict == "add" and plan["lijuan@caidian.example.org"].verdict == "conflict"
    assert set(User.objects.get(pk=accountant.pk).departments.all()) == set(units[:2])
    assert not User.objects.get(pk=reviewer.pk).departments.exists()
    assert User.objects.count() == 2


def test_the_admin_shows_the_accounts_before_making_them(client, units):
    client.force_login(make_user(Role.ADMIN))
    page = client.get("/admin/accounts/user/").content.decode()
    assert "/admin/disclosures/department/contact-accounts/" in page
    page = client.get("/admin/disclosures/department/contact-accounts/").content.decode()
    assert "全部 4 个在用单位的联系人" in page and "新建会计账户" in page and "单位没有联系人电子邮箱，不建账户" in page
    assert User.objects.filter(role=Role.ACCOUNTANT).count() == 0
    # the action on selected units: preview, then confirm
    selected = {"action": "contact_accounts", "_selected_action": [units[2].pk]}
    page = client.post("/admin/disclosures/department/", selected).content.decode()
    assert "所选的 1 个单位的联系人" in page and "lijuan@caidian.example.org" in page
    assert re.search(r'name="_selected_action" value="%d"' % units[2].pk, page)
    response = client.post("/admin/disclosures/department/", {**selected, "confirm": "确认建立账户"}, follow=True)
    assert "已新建 1 个会计账户" in response.content.decode()
    assert list(User.objects.filter(role=Role.ACCOUNTANT).values_list("username", flat=True)) == ["lijuan@caidian.example.org"]
    assert Department.objects.count() == 4
