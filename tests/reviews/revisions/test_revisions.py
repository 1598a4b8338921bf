"""Rule-set revisions: before any submission an administrator's change applies in place; after
one, it makes a new revision (the old one kept, readable, with what changed), the year's reports
are checked again against it, and the accountants of the year's departments are told."""

import pytest
from django.core import mail

from disclosures.models import VersionState
from portal.accounts.models import Role
from portal.audit.models import AuditEvent
from reviews.models import ChecklistTemplate, Finding, Notice, NoticeKind, Rule, RuleSetRevision
from reviews.revisions.services import rule_set_revise
from reviews.services import checklist_template_load, rule_set_load
from tests.factories import make_department, make_region, make_report, make_user

pytestmark = pytest.mark.django_db

YEAR = 2024
FAILING = "公开01表 第27行 = 公开01表 第2行至第8行之和"  # leaves out 第1行: every consistent report breaks it


@pytest.fixture
def year_world():
    rule_set, _ = rule_set_load(year=YEAR)
    checklist_template_load(year=YEAR)
    region = make_region()
    first, second, elsewhere = (make_department(region) for _ in range(3))
    _, draft = make_report(first)
    _, other = make_report(second)
    with_mail = make_user(Role.ACCOUNTANT, departments=[first])
    with_mail.email = "kuaiji@example.gov.cn"
    with_mail.save()
    without_mail = make_user(Role.ACCOUNTANT, departments=[second])
    also_mail = make_user(Role.ACCOUNTANT, departments=[second])
    also_mail.email = "kuaiji2@example.gov.cn"
    also_mail.save()
    idle = make_user(Role.ACCOUNTANT, departments=[elsewhere])  # its unit has no report of the year
    admin = make_user(Role.ADMIN)
    return {
        "rule_set": rule_set, "draft": draft, "other": other, "with_mail": with_mail, "without_mail": without_mail, "also_mail": also_mail,
        "idle": idle, "admin": admin,
    }


def _submitted(version):
    version.state = VersionState.SUBMITTED
    version.save(update_fields=["state"])


def _rule_form(rule, **changes):
    data = {
        "code": rule.code, "description": rule.description, "severity": rule.severity, "expression": rule.expression,
        "enabled": "on" if rule.enabled else "", "position": rule.position, "tables": [str(n) for n in rule.tables],
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def _edit_rule(client, rule, **changes):
    response = client.post(f"/admin/reviews/rule/{rule.pk}/change/", _rule_form(rule, **changes), follow=True)
    assert response.status_code == 200
    assert not response.context.get("errors"), response.context.get("errors")
    return response.content.decode()


def test_before_any_submission_a_change_applies_in_place(client, year_world):
    client.force_login(year_world["admin"])
    rule = Rule.objects.get(rule_set=year_world["rule_set"], code="R01-027")
    page = _edit_rule(client, rule, expression=FAILING)
    rule.refresh_from_db()
    assert rule.expression == FAILING
    assert not RuleSetRevision.objects.exists() and not Notice.objects.exists() and "审核规则第" not in page
    # as before: the reports see it at their next content write, not now
    assert not Finding.objects.filter(version=year_world["draft"], rule_code="R01-027").exists()


def test_after_a_submission_a_change_makes_a_revision_rechecks_the_reports_and_tells_the_accountants(
    client, year_world, django_capture_on_commit_callbacks
):
    _submitted(year_world["other"])
    client.force_login(year_world["admin"])
    rule = Rule.objects.get(rule_set=year_world["rule_set"], code="R01-027")
    before = rule.expression
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # the e-mail goes once the change is committed
        page = _edit_rule(client, rule, expression=FAILING)
    assert "本次修改生成审核规则第2版（1处变动），已通知3位填报人，2份报告按新规则重新审核" in page

    base, revision = RuleSetRevision.objects.filter(year=YEAR).order_by("number")
    assert (base.number, base.changes) == (1, [])  # the rules the submission was checked against, kept
    assert next(r for r in base.rules["rules"] if r["code"] == "R01-027")["expression"] == before
    assert revision.number == 2 and revision.created_by == year_world["admin"]
    assert next(r for r in revision.rules["rules"] if r["code"] == "R01-027")["expression"] == FAILING
    (change,) = revision.changes
    assert change["item"] == "审核规则" and change["key"] == "R01-027"
    assert before in change["before"] and FAILING in change["after"]

    # both reports (a draft, a submitted one) were checked again against the new rule
    for version in (year_world["draft"], year_world["other"]):
        assert Finding.objects.filter(version=version, rule_code="R01-027", severity="error").exists()
    assert (revision.rechecked, revision.recheck_total) == (2, 2) and revision.recheck_finished_at

    # every accountant of the year's departments got a notice; e-mail went to the one with an address
    notices = Notice.objects.filter(kind=NoticeKind.RULE_REVISION)
    assert sorted(n.user_id for n in notices) == sorted(year_world[k].pk for k in ("with_mail", "without_mail", "also_mail"))
    assert all("修改审核规则“R01-027”" in n.body and n.title == "2024年度审核规则已修订（第2版）" for n in notices)
    # one message each: nobody sees the other accountants' addresses
    assert sorted(m.to for m in mail.outbox) == [["kuaiji2@example.gov.cn"], ["kuaiji@example.gov.cn"]]
    assert all("审核规则修订" in m.subject and "修改审核规则“R01-027”" in m.body for m in mail.outbox)

    event = AuditEvent.objects.get(action="rule_revision")
    assert event.payload["number"] == 2 and event.payload["changes"] == revision.changes and event.payload["notified"] == 3

    # saving again without a change makes no revision
    rule.refresh_from_db()
    _edit_rule(client, rule)
    assert RuleSetRevision.objects.filter(year=YEAR).count() == 2


def test_the_admin_shows_the_revision_history_and_the_old_revision_stays_readable(client, year_world):
    _submitted(year_world["other"])
    client.force_login(year_world["admin"])
    rule = Rule.objects.get(rule_set=year_world["rule_set"], code="R01-027")
    before = rule.expression
    _edit_rule(client, rule, expression=FAILING)
    rule.refresh_from_db()
    _edit_rule(client, rule, enabled="")
    base, second, third = RuleSetRevision.objects.filter(year=YEAR).order_by("number")

    listing = client.get("/admin/reviews/rulesetrevision/?year=2024").content.decode()
    for text in ("2024年度审核规则 第1版", "2024年度审核规则 第2版", "2024年度审核规则 第3版", "修改前的规则（基础版本）", "1处", "已完成（2/2份）"):
        assert text in listing, text
    page = client.get(f"/admin/reviews/rulesetrevision/{third.pk}/change/").content.decode()
    assert "与第2版相比的变动（1处）" in page and "修改审核规则“R01-027”" in page and "（停用）" in page
    old = client.get(f"/admin/reviews/rulesetrevision/{base.pk}/change/").content.decode()
    assert before in old and FAILING not in old and "本版的审核规则" in old and "（80条）" in old
    assert "下一版（第2版）" in old
    # from the rule set's page
    ruleset_page = client.get(f"/admin/reviews/ruleset/{year_world['rule_set'].pk}/change/").content.decode()
    assert "/admin/reviews/rulesetrevision/?year=2024" in ruleset_page
    # read-only: nobody adds, changes or deletes a revision
    assert client.post(f"/admin/reviews/rulesetrevision/{base.pk}/delete/", {"post": "yes"}).status_code == 403
    assert RuleSetRevision.objects.filter(year=YEAR).count() == 3


def test_a_checklist_change_and_a_deleted_rule_are_revisions_too(client, year_world):
    _submitted(year_world["draft"])
    client.force_login(year_world["admin"])
    template = ChecklistTemplate.objects.get(year=YEAR)
    response = client.post(
        "/admin/reviews/checklisttemplate/",
        {
            "form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-MIN_NUM_FORMS": "0", "form-MAX_NUM_FORMS": "1000",
            "form-0-id": template.pk, "form-0-publish_with_report": "" if template.publish_with_report else "on", "_save": "保存",
        },
    )
    assert response.status_code == 302
    revision = RuleSetRevision.objects.get(year=YEAR, number=2)
    assert [(c["item"], c["key"]) for c in revision.changes] == [("自查表", "标题/公开")]

    rule = Rule.objects.get(rule_set=year_world["rule_set"], code="R01-027")
    response = client.post(f"/admin/reviews/rule/{rule.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not Rule.objects.filter(pk=rule.pk).exists()
    revision = RuleSetRevision.objects.get(year=YEAR, number=3)
    assert [(c["item"], c["key"], c["after"]) for c in revision.changes] == [("审核规则", "R01-027", "（无）")]
    assert "删除审核规则“R01-027”" in Notice.objects.filter(kind=NoticeKind.RULE_REVISION).first().body


def test_a_revision_of_another_year_leaves_this_year_alone(year_world):
    _submitted(year_world["other"])
    assert rule_set_revise(year=YEAR + 1) is None  # no report of that year was submitted
    Rule.objects.filter(rule_set=year_world["rule_set"], code="R01-027").update(expression=FAILING)
    first = rule_set_revise(year=YEAR)  # a change with no baseline kept (not through the admin): it is revision 1
    assert first.number == 1 and not Notice.objects.exists()
    assert rule_set_revise(year=YEAR) is None  # nothing changed since


def _form_data(form):
    """What the browser posts back for an unchanged form of the admin's page."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[form.add_prefix(name)] = "on" if value is True else [str(v) for v in value] if isinstance(value, (list, tuple)) else str(value)
    return data


def test_a_rule_edited_among_its_rule_sets_rules_is_a_revision(client, year_world):
    _submitted(year_world["other"])
    client.force_login(year_world["admin"])
    address = f"/admin/reviews/ruleset/{year_world['rule_set'].pk}/change/"
    context = client.get(address).context
    data = _form_data(context["adminform"].form)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_form_data(formset.management_form))
        for form in formset.forms:
            data.update(_form_data(form))
            if form.instance.code == "R01-027":
                data[form.add_prefix("expression")] = FAILING
    response = client.post(address, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    revision = RuleSetRevision.objects.get(year=YEAR, number=2)
    assert [(c["item"], c["key"]) for c in revision.changes] == [("审核规则", "R01-027")]
    assert Finding.objects.filter(version=year_world["other"], rule_code="R01-027").exists()
