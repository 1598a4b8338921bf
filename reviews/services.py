"""Writes: rule sets, findings, explanations, checklist answers. Keyword-only, one transaction each."""

import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from portal.audit.services import audit_record
from portal.bulk import instances_insert
from portal.textpolicy import NOTE_LIMIT, text_problem

from .checklist.auto import CHECKLIST_DATA_DIR, auto_mapping
from .checks import CHECKS, version_checks_run
from .models import (
    Answer,
    ChecklistAnswer,
    ChecklistItem,
    ChecklistMode,
    ChecklistTemplate,
    Finding,
    ReviewerStatus,
    Rule,
    RuleSet,
    Severity,
)
from .rules.data import read_rule_file, rule_file
from .rules.code_checks import code_findings
from .rules.engine import run_rules
from .selectors import rules_for_year


class ReviewError(ValueError):
    """A write refused, with a Chinese message; nothing was written."""


def rule_set_load(*, year=None, path=None, replace=False):
    """Create the year's rule set from its data file; returns (rule_set, created).

    An existing set of the same name is left alone unless `replace`, which
    rewrites its rules from the file (an administrator's edits are then lost).
    """
    data = read_rule_file(path or rule_file(year))
    with transaction.atomic():
        rule_set = RuleSet.objects.filter(year=data.year, name=data.name).first()
        created = rule_set is None
        if created:
            RuleSet.objects.filter(year=data.year, active=True).update(active=False)
            rule_set = RuleSet.objects.create(year=data.year, name=data.name, active=True)
        elif not replace:
            return rule_set, False
        else:
            rule_set.rules.all().delete()
        Rule.objects.bulk_create(
            Rule(
                rule_set=rule_set,
                code=r["code"],
                description=r["description"],
                severity=Severity.ERROR if r["severity"] in ("错误", "error") else Severity.WARNING,
                tables=r["tables"],
                expression=r["expression"],
                position=r["position"],
            )
            for r in data.rules
        )
    return rule_set, created


def _registry_position(rule):
    """Where the registered check giving this rule code runs: the one whose prefix fits it longest."""
    fitting = [(i, c) for i, c in enumerate(CHECKS) if rule.startswith(c.code_prefix)]
    return max(fitting, key=lambda pair: len(pair[1].code_prefix))[0]


def findings_compute(*, tables, year, entry_unit, profile=None):
    """Findings (engine dataclasses) for tables not stored anywhere, paired with their Rule rows."""
    rules = rules_for_year(year=year, profile=profile)
    by_code = {compiled.code: row for row, compiled in rules}
    findings = run_rules([compiled for _, compiled in rules], tables, entry_unit=entry_unit)
    findings += code_findings(tables=tables, year=year)
    findings.sort(key=lambda f: _registry_position(f.rule))  # as a stored report lists them
    return [(by_code.get(f.rule), f) for f in findings]


def findings_refresh(*, version):
    """Recompute and store every finding of a version: all the registered checks
    (reviews/checks/) over its tables, text, attachments and checklist.

    Called whenever something they read is saved. The explanation of a warning is kept when
    the same check finds the same thing at the same place again.
    """
    computed = version_checks_run(version=version)
    with transaction.atomic():
        previous = {
            f.fingerprint: f
            for f in Finding.objects.filter(version=version, severity=Severity.WARNING).exclude(explanation="")
        }
        Finding.objects.filter(version=version).delete()
        rows = []
        for position, finding in enumerate(computed, start=1):
            fingerprint = finding.fingerprint
            kept = previous.get(fingerprint) if finding.severity == Severity.WARNING else None
            rows.append(
                Finding(
                    version=version,
                    rule=finding.rule_row,
                    rule_code=finding.rule[:32],
                    severity=finding.severity,
                    part=finding.part,
                    rounding=finding.rounding,
                    tables=list(finding.tables),
                    cells=finding.cells,
                    section=finding.section[:64],
                    evaluation_kind=finding.evaluation_kind,
                    evaluation_ref=finding.evaluation_ref,
                    evaluation_field=finding.evaluation_field[:64],
                    checklist_no=finding.checklist_no,
                    expected=finding.expected,
                    actual=finding.actual,
                    difference=finding.difference,
                    message=finding.message,
                    fingerprint=fingerprint,
                    position=position,
                    explanation=kept.explanation if kept else "",
                    explained_by=kept.explained_by if kept else None,
                    explained_at=kept.explained_at if kept else None,
                )
            )
        instances_insert(rows)
    return rows


def finding_explain(*, finding, text, user):
    """The accountant's explanation of a warning (an error must be fixed, not explained)."""
    text = (text or "").strip()
    problem = text_problem(text, multiline=True, max_length=NOTE_LIMIT, label="说明")
    if problem:
        raise ReviewError(problem)
    if finding.severity != Severity.WARNING:
        raise ReviewError("错误须改正后才能提交，不能以说明代替")
    if not text:
        raise ReviewError("请填写说明")
    if not finding.version.is_editable:
        raise ReviewError(f"{finding.version.get_state_display()}状态的报告不能修改说明")
    finding.explanation = text
    finding.explained_by = user
    finding.explained_at = timezone.now()
    with transaction.atomic():
        finding.save(update_fields=["explanation", "explained_by", "explained_at"])
        audit_record(
            action="finding_explain",
            actor=user,
            version=finding.version,
            payload={"finding": finding.pk, "rule": finding.rule_code, "explanation": text},
        )
    return finding


ROUNDING_EXPLANATION = "系金额由元折算为万元、保留两位小数四舍五入形成的尾差，数据本身无误。"


def findings_explain_rounding(*, version, text, user):
    """One explanation for every unexplained rounding (尾差) warning of a version; how many."""
    findings = list(version.findings.filter(severity=Severity.WARNING, rounding=True, explanation=""))
    with transaction.atomic():
        for finding in findings:
            finding_explain(finding=finding, text=text, user=user)
    return len(findings)


def checklist_template_load(*, year, path=None):
    """Create or update the year's checklist from checklist_YEAR.json and its auto mapping.

    The file's publish_with_report is taken when the checklist is created; after that the
    administrator's choice in the admin stands (load_demo and load_rules load again).
    """
    path = path or CHECKLIST_DATA_DIR / f"checklist_{year}.json"
    with open(path, encoding="utf-8") as fh:
        raw = json.load(fh)
    mapping = auto_mapping(year)
    with transaction.atomic():
        template, _ = ChecklistTemplate.objects.update_or_create(
            year=year,
            defaults={"title": raw["title"]},
            create_defaults={"title": raw["title"], "publish_with_report": bool(raw.get("publish_with_report", False))},
        )
        for item in raw["items"]:
            check = mapping.get(item["no"], "")
            ChecklistItem.objects.update_or_create(
                template=template,
                no=item["no"],
                defaults={
                    "group": item["group"],
                    "category": item["category"],
                    "text": item["text"],
                    "parent_text": item.get("parent_text") or "",
                    "mode": ChecklistMode.AUTO if check else ChecklistMode.ACCOUNTANT,
                    "check_key": check,
                },
            )
    return template


def _answer_store(*, version, item, answer, remark, user):
    if item.is_auto:
        raise ReviewError(f"第{item.no}项由报告数据自动判定，无需回答")
    if answer not in Answer.values:
        raise ReviewError(f"第{item.no}项请回答“是”或“否”")
    if answer == Answer.NO and not remark.strip():
        raise ReviewError(f"第{item.no}项回答“否”时请在备注中说明原因")
    problem = text_problem(remark, multiline=True, max_length=NOTE_LIMIT, label=f"第{item.no}项的备注")
    if problem:
        raise ReviewError(problem)
    with transaction.atomic():
        row, _ = ChecklistAnswer.objects.update_or_create(
            version=version,
            item=item,
            defaults={"answer": answer, "remark": remark.strip(), "answered_by": user, "answered_at": timezone.now()},
        )
        audit_record(
            action="checklist_answer", actor=user, version=version, payload={"no": item.no, "answer": answer, "remark": row.remark}
        )
    return row


def checklist_answer_save(*, version, item, answer, remark="", user=None):
    """The accountant's answer (是/否 + 备注) to an item the data does not decide."""
    return checklist_answers_save(version=version, answers=[(item, answer, remark)], user=user)[0]


def checklist_answers_save(*, version, answers, user=None):
    """The accountant's answers [(item, answer, remark)], all or none; the findings are then
    recomputed once. Raises ReviewError naming every problem (also as its `problems` list)."""
    if not version.is_editable:
        raise ReviewError(f"{version.get_state_display()}状态的报告不能修改自查表")
    rows, problems = [], []
    with transaction.atomic():
        for item, answer, remark in answers:
            try:
                rows.append(_answer_store(version=version, item=item, answer=answer, remark=remark or "", user=user))
            except ReviewError as exc:
                problems.append(str(exc))
        if problems:
            error = ReviewError("；".join(problems))
            error.problems = problems
            raise error
        findings_refresh(version=version)
    return rows


def year_findings_refresh(*, year):
    """Recompute the findings of the year's versions still in the workflow (after its rules or
    checklist were loaded); published and approved versions keep theirs. Returns how many."""
    from disclosures.models import ReportVersion, VersionState

    versions = ReportVersion.objects.filter(
        report__year=year, state__in=(VersionState.DRAFT, VersionState.SUBMITTED, VersionState.RETURNED)
    ).select_related("report")
    count = 0
    for version in versions:
        findings_refresh(version=version)
        count += 1
    return count


def checklist_review(*, version, item, status, remark="", user=None):
    """The reviewer confirms or disputes an item's answer (a dispute needs a reason)."""
    if status not in (ReviewerStatus.CONFIRMED, ReviewerStatus.DISPUTED):
        raise ReviewError("审核意见应为“确认”或“有异议”")
    if status == ReviewerStatus.DISPUTED and not remark.strip():
        raise ReviewError(f"对第{item.no}项有异议时请写明理由")
    problem = text_problem(remark, multiline=True, max_length=NOTE_LIMIT, label=f"第{item.no}项的审核说明")
    if problem:
        raise ReviewError(problem)
    with transaction.atomic():
        row, _ = ChecklistAnswer.objects.select_for_update().get_or_create(version=version, item=item)
        if item.is_auto:
            from .checklist.auto import auto_answers

            answer, evidence = auto_answers(version=version, items=[item])[item.no]
            row.answer, row.evidence = answer, evidence
        row.reviewer_status = status
        row.reviewer_remark = remark.strip()
        row.reviewed_by = user
        row.reviewed_at = timezone.now()
        row.save()
        audit_record(
            action="checklist_review", actor=user, version=version, payload={"no": item.no, "status": status, "remark": row.reviewer_remark}
        )
    return row


def checklist_answers_import(*, version, answers, user=None):
    """Store answers as given ([{no, answer, remark}]), e.g. a published report's checklist."""
    template = ChecklistTemplate.objects.filter(year=version.report.year).first()
    if template is None:
        template = checklist_template_load(year=version.report.year)
    items = {item.no: item for item in template.items.all()}
    problems = [f"自查表没有第{a['no']}项" for a in answers if a["no"] not in items]
    problems += [f"第{a['no']}项的回答“{a['answer']}”应为“是”或“否”" for a in answers if a["answer"] not in Answer.values]
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        for a in answers:
            ChecklistAnswer.objects.update_or_create(
                version=version,
                item=items[a["no"]],
                defaults={"answer": a["answer"], "remark": a.get("remark", ""), "answered_by": user},
            )
        audit_record(
            action="checklist_import",
            actor=user,
            version=version,
            payload={"answers": [{"no": a["no"], "answer": a["answer"], "remark": a.get("remark", "")} for a in answers]},
        )
        findings_refresh(version=version)
