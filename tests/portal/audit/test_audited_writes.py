"""Issue 16, point 8: the writes that were not audited are events now: finding explanations,
checklist answers, performance evaluations, sign-ins and failed sign-ins, admin changes."""

from decimal import Decimal

import pytest
from django.test import Client

from disclosures.models import EntryUnit, Region
from disclosures.demo.loader import seed_tables
from disclosures.performance.services import evaluation_delete, evaluation_save, evaluations_replace
from disclosures.services import version_replace_tables
from portal.accounts.models import Role
from portal.audit.models import AuditEvent
from portal.audit.receivers import printable
from portal.audit.services import audit_verify
from reviews.models import Finding, Severity
from reviews.services import checklist_answer_save, checklist_review, checklist_template_load, finding_explain
from tests.factories import PASSWORD, make_department, make_region, make_report, make_user

pytestmark = pytest.mark.django_db


def events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


@pytest.fixture
def version():
    _, version = make_report(make_department(make_region()))
    return version


def test_a_finding_explanation_is_an_event(version):
    version_replace_tables(version=version, tables=seed_tables().values(), entry_unit=EntryUnit.WAN)
    warning = Finding.objects.filter(version=version, severity=Severity.WARNING).first()
    accountant = make_user(Role.ACCOUNTANT)
    finding_explain(finding=warning, text="按万元逐项四舍五入形成的尾差。", user=accountant)
    [event] = events("finding_explain")
    assert (event.actor, event.version) == (accountant, version)
    assert event.payload == {"finding": warning.pk, "rule": warning.rule_code, "explanation": "按万元逐项四舍五入形成的尾差。"}
    assert audit_verify().ok


def test_checklist_answers_and_reviews_are_events(version):
    template = checklist_template_load(year=2024)
    item = template.items.get(no=1)
    accountant, reviewer = make_user(Role.ACCOUNTANT), make_user(Role.REVIEWER)
    checklist_answer_save(version=version, item=item, answer="否", remark="  未按顺序  ", user=accountant)
    checklist_review(version=version, item=item, status="disputed", remark="顺序不符", user=reviewer)
    [answer] = events("checklist_answer")
    assert (answer.actor, answer.version, answer.payload) == (accountant, version, {"no": 1, "answer": "否", "remark": "未按顺序"})
    [review] = events("checklist_review")
    assert (review.actor, review.payload) == (reviewer, {"no": 1, "status": "disputed", "remark": "顺序不符"})
    assert audit_verify().ok


def test_performance_evaluations_created_updated_and_deleted_are_events(version):
    accountant = make_user(Role.ACCOUNTANT)
    fields = {"project_name": "业务工作经费", "budget": Decimal("102400.00"), "executed": Decimal("102400.00")}
    rows = [{"level1": "产出指标", "level2": "数量指标", "level3": "认证人次", "target": "≥300次", "weight": Decimal("90")}]
    evaluation = evaluation_save(version=version, fields=fields, indicators=iter(rows), user=accountant)
    evaluation_save(
        version=version, fields={**fields, "budget": Decimal("99000.00")}, indicators=rows, evaluation=evaluation, user=accountant
    )
    pk = evaluation.pk
    evaluation_delete(evaluation=evaluation, user=accountant)
    evaluations_replace(version=version, projects=[(fields, iter(rows))], user=accountant)
    [created], [updated], [deleted], [replaced] = (
        events(a) for a in ("evaluation_create", "evaluation_update", "evaluation_delete", "evaluations_replace")
    )
    assert created.payload["fields"]["budget"] == "102400.00" and created.payload["rows"][0]["level3"] == "认证人次"
    assert updated.payload["fields"]["budget"] == "99000.00" and updated.payload["evaluation"] == pk
    assert deleted.payload == {"evaluation": pk, "project_name": "业务工作经费"}
    assert replaced.payload["projects"][0]["rows"][0]["target"] == "≥300次"
    assert {e.actor for e in (created, updated, deleted, replaced)} == {accountant}
    assert {e.version for e in (created, updated, deleted, replaced)} == {version}
    assert audit_verify().ok


def test_a_performance_evaluation_posted_through_the_form_is_an_event(version, client):
    accountant = make_user(Role.ACCOUNTANT, departments=[version.report.department])
    client.force_login(accountant)
    fields = {"project_name": "运行维护经费", "budget": Decimal("1.00"), "executed": Decimal("1.00")}
    evaluation = evaluation_save(version=version, fields=fields, indicators=[], user=accountant)
    response = client.post(f"/workspace/reports/{version.report.pk}/performance/{evaluation.pk}/delete/")
    assert response.status_code == 302, response.status_code
    [deleted] = events("evaluation_delete")
    assert deleted.actor == accountant


def test_sign_ins_and_failed_sign_ins_are_events_without_the_password():
    user = make_user(Role.ACCOUNTANT, username="accountant-audit")
    client = Client(REMOTE_ADDR="203.0.113.7")
    client.post("/accounts/login/", {"username": "accountant-audit", "password": "wrong-password-Zx81"})
    client.post("/accounts/login/", {"username": "nobody-audit", "password": "wrong-password-Zx82"})
    response = client.post("/accounts/login/", {"username": "accountant-audit", "password": PASSWORD})
    assert response.status_code == 302
    failed = events("login_failed")
    assert [(e.actor, e.payload) for e in failed] == [
        (None, {"username": "accountant-audit", "address": "203.0.113.7"}),
        (None, {"username": "nobody-audit", "address": "203.0.113.7"}),
    ]
    [signed_in] = events("login")
    assert (signed_in.actor, signed_in.payload) == (user, {"username": "accountant-audit", "address": "203.0.113.7"})
    stored = str(list(AuditEvent.objects.values_list("payload", flat=True)))
    assert "wrong-password" not in stored and PASSWORD not in stored
    assert audit_verify().ok


def test_a_stored_user_name_has_no_control_characters_and_a_bounded_length():
    assert printable("no\x00bo\x1bdy\u202e") == "no\\x00bo\\x1bdy\\u202e"
    assert printable("审" * 500) == "审" * 150


def test_the_admin_sign_in_and_its_failures_are_events():
    admin = make_user(Role.ADMIN, username="admin-audit")
    client = Client(REMOTE_ADDR="198.51.100.2")
    client.post("/admin/login/", {"username": "admin-audit", "password": "not-it-Zx83"})
    client.post("/admin/login/", {"username": "admin-audit", "password": PASSWORD})
    assert [e.payload["username"] for e in events("login_failed")] == ["admin-audit"]
    assert [e.actor for e in events("login")] == [admin]


def test_admin_changes_are_events():
    admin = make_user(Role.ADMIN)
    client = Client()
    client.force_login(admin)
    response = client.post("/admin/disclosures/region/add/", {"code": "420199", "name": "审计区"})
    assert response.status_code == 302
    region = Region.objects.get(code="420199")
    client.post(f"/admin/disclosures/region/{region.pk}/change/", {"code": "420199", "name": "审计新区"})
    client.post(f"/admin/disclosures/region/{region.pk}/delete/", {"post": "yes"})
    admin_events = events("admin")
    assert [(e.actor, e.payload["operation"], e.payload["model"], e.payload["object_id"]) for e in admin_events] == [
        (admin, "add", "disclosures.region", str(region.pk)),
        (admin, "change", "disclosures.region", str(region.pk)),
        (admin, "delete", "disclosures.region", str(region.pk)),
    ]
    assert admin_events[1].payload["object"] == "审计新区" or "审计新区" in admin_events[1].payload["object"]
    assert "名称" in admin_events[1].payload["message"]  # which field changed
    assert audit_verify().ok


def test_the_admins_bulk_delete_is_an_event_per_object():
    admin = make_user(Role.ADMIN)
    regions = [Region.objects.create(code=f"42029{n}", name=f"批量区{n}") for n in range(3)]
    client = Client()
    client.force_login(admin)
    response = client.post(
        "/admin/disclosures/region/",
        {"action": "delete_selected", "_selected_action": [r.pk for r in regions], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Region.objects.filter(code__startswith="42029").exists()
    deleted = [e.payload for e in events("admin") if e.payload["operation"] == "delete"]
    assert sorted(p["object_id"] for p in deleted) == sorted(str(r.pk) for r in regions)
    assert audit_verify().ok
