"""Reads of rule-set revisions: a year's rules and checklist as one comparable value, what
differs between two of them, and whether the year has a submission."""

import json
from dataclasses import asdict

from django.db.models import Q

from disclosures.models import ReportVersion, VersionState

from ..models import RuleSetRevision
from ..new_year.content import ItemValues, RuleValues, checklist_values, rule_set_values
from ..new_year.selectors import values_compare

SUBMITTED_STATES = (VersionState.SUBMITTED, VersionState.APPROVED, VersionState.PUBLISHED)
# The versions whose findings follow a revision; approved and published ones keep theirs.
RECHECKED_STATES = (VersionState.DRAFT, VersionState.SUBMITTED, VersionState.RETURNED)


def year_has_submission(*, year):
    """Whether any report of the year was ever submitted."""
    return (
        ReportVersion.objects.filter(report__year=year)
        .filter(Q(submitted_at__isnull=False) | Q(state__in=SUBMITTED_STATES))
        .exists()
    )


def revision_snapshot(*, year):
    """{"rules": {name, rules}, "checklist": {title, publish_with_report, items}} of the year as
    the database holds them now ({} / None for what it lacks), as JSON stores it."""
    rule_set = rule_set_values(year=year, files=False)
    checklist = checklist_values(year=year, files=False)
    value = {
        "rules": {"name": rule_set.name, "rules": [asdict(r) for r in rule_set.rules]} if rule_set else {},
        "checklist": (
            {"title": checklist.title, "publish_with_report": checklist.publish_with_report, "items": [asdict(i) for i in checklist.items]}
            if checklist
            else None
        ),
    }
    return json.loads(json.dumps(value, ensure_ascii=False))


def revision_value(revision):
    return {"rules": revision.rules or {}, "checklist": revision.checklist}


def _rules(value):
    return {r["code"]: RuleValues(**{**r, "tables": tuple(r["tables"])}) for r in (value["rules"] or {}).get("rules", ())}


def _items(value):
    return {str(i["no"]): ItemValues(**i) for i in ((value["checklist"] or {}).get("items") or ())}


def revision_changes(before, after):
    """[{"item", "key", "before", "after"}] from one snapshot to the other: the rule set's name,
    each rule by its code, the checklist's title and publication, each item by its number."""
    changes = []
    names = ((before["rules"] or {}).get("name"), (after["rules"] or {}).get("name"))
    if names[0] != names[1]:
        changes.append({"item": "审核规则集", "key": "名称", "before": names[0] or "（无）", "after": names[1] or "（无）"})
    for d in values_compare(_rules(before), _rules(after), lambda r: r.summary):
        changes.append({"item": "审核规则", "key": d.key, "before": d.left, "after": d.right})
    heads = [
        (c["title"], "随报告公开" if c["publish_with_report"] else "不随报告公开") if c else None
        for c in (before["checklist"], after["checklist"])
    ]
    if heads[0] != heads[1]:
        changes.append(
            {"item": "自查表", "key": "标题/公开", "before": "，".join(heads[0]) if heads[0] else "（无）", "after": "，".join(heads[1]) if heads[1] else "（无）"}
        )
    for d in values_compare(_items(before), _items(after), lambda i: i.summary):
        changes.append({"item": "自查项目", "key": f"第{d.key}项", "before": d.left, "after": d.right})
    return changes


def change_line(change):
    """One change in a sentence: 新增/删除/修改 the item and its key."""
    if change["before"] == "（无）":
        verb = "新增"
    elif change["after"] == "（无）":
        verb = "删除"
    else:
        verb = "修改"
    return f"{verb}{change['item']}“{change['key']}”"


def revisions_for_year(*, year):
    return RuleSetRevision.objects.filter(year=year).order_by("-number")


def revision_latest(*, year):
    return RuleSetRevision.objects.filter(year=year).order_by("-number").first()
