"""Writes of the self-evaluation tables. Keyword-only; each one transaction, all or nothing,
and only while the version is editable (草稿 or 退回)."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from portal.audit.services import audit_record

from ..models import (
    BasicDataRow,
    BasicDataTable,
    DepartmentEvaluation,
    DepartmentIndicator,
    EvaluationIndicator,
    ProjectEvaluation,
    ReportVersion,
)
from ..services import VersionLocked
from ..signals import content_changed


def _lock_editable(version):
    locked = ReportVersion.objects.select_for_update().get(pk=version.pk)
    if not locked.is_editable:
        raise VersionLocked(f"{locked.get_state_display()}状态的报告不能修改")
    return locked


def _touch(version):
    """Every write here ends with this: the version's revision, and its findings recomputed."""
    ReportVersion.objects.filter(pk=version.pk).update(revision=F("revision") + 1, updated_at=timezone.now())
    version.refresh_from_db()
    content_changed(version=version)


def _audit(action, *, user, version, fields=None, rows=None, **payload):
    """One audit event for a write of these tables: what was written, row by row."""
    if fields is not None:
        payload["fields"] = dict(fields)
    if rows is not None:
        payload["rows"] = [dict(row) for row in rows]
    audit_record(action=action, actor=user, version=version, payload=payload)


def _replace_indicators(model, evaluation, indicators):
    model.objects.filter(evaluation=evaluation).delete()
    model.objects.bulk_create(
        model(evaluation=evaluation, position=position, **row) for position, row in enumerate(indicators, start=1)
    )


def evaluation_save(*, version, fields, indicators, evaluation=None, user=None):
    """Create (evaluation=None) or update a project table with its indicator rows (dicts)."""
    indicators = list(indicators)
    with transaction.atomic():
        locked = _lock_editable(version)
        created = evaluation is None
        if evaluation is None:
            position = (locked.evaluations.order_by("-position").values_list("position", flat=True).first() or 0) + 1
            evaluation = ProjectEvaluation(version=locked, position=position)
        elif evaluation.version_id != locked.pk:
            raise VersionLocked("自评表不属于此版本")
        for name, value in fields.items():
            setattr(evaluation, name, value)
        evaluation.save()
        _replace_indicators(EvaluationIndicator, evaluation, indicators)
        _touch(locked)
        _audit(
            "evaluation_create" if created else "evaluation_update",
            user=user, version=locked, fields=fields, rows=indicators, evaluation=evaluation.pk,
        )
    return evaluation


def evaluation_delete(*, evaluation, user=None):
    with transaction.atomic():
        locked = _lock_editable(evaluation.version)
        pk, name = evaluation.pk, evaluation.project_name
        evaluation.delete()
        _touch(locked)
        _audit("evaluation_delete", user=user, version=locked, evaluation=pk, project_name=name)


def department_evaluation_save(*, version, fields, indicators, user=None):
    """Create or replace the version's whole-department table."""
    indicators = list(indicators)
    with transaction.atomic():
        locked = _lock_editable(version)
        evaluation = DepartmentEvaluation.objects.filter(version=locked).first() or DepartmentEvaluation(version=locked)
        for name, value in fields.items():
            setattr(evaluation, name, value)
        evaluation.save()
        _replace_indicators(DepartmentIndicator, evaluation, indicators)
        _touch(locked)
        _audit("department_evaluation_save", user=user, version=locked, fields=fields, rows=indicators)
    return evaluation


def basic_data_save(*, version, fields, rows, user=None):
    """Create or replace the version's basic data table (seed 002's 附件1) with its rows (dicts)."""
    rows = list(rows)
    with transaction.atomic():
        locked = _lock_editable(version)
        table = BasicDataTable.objects.filter(version=locked).first() or BasicDataTable(version=locked)
        for name, value in fields.items():
            setattr(table, name, value)
        table.save()
        BasicDataRow.objects.filter(table=table).delete()
        BasicDataRow.objects.bulk_create(
            BasicDataRow(table=table, position=position, **row) for position, row in enumerate(rows, start=1)
        )
        _touch(locked)
        _audit("basic_data_save", user=user, version=locked, fields=fields, rows=rows)
    return table


def evaluations_replace(*, version, projects, department=None, user=None):
    """Replace every project table (and the whole-department one when given) at once:
    `projects` is [(fields, indicators)], `department` is (fields, indicators) or None."""
    projects = [(fields, list(indicators)) for fields, indicators in projects]
    if department is not None:
        department = (department[0], list(department[1]))
    with transaction.atomic():
        locked = _lock_editable(version)
        ProjectEvaluation.objects.filter(version=locked).delete()
        for position, (fields, indicators) in enumerate(projects, start=1):
            evaluation = ProjectEvaluation.objects.create(version=locked, position=position, **fields)
            _replace_indicators(EvaluationIndicator, evaluation, indicators)
        if department is not None:
            DepartmentEvaluation.objects.filter(version=locked).delete()
            fields, indicators = department
            evaluation = DepartmentEvaluation.objects.create(version=locked, **fields)
            _replace_indicators(DepartmentIndicator, evaluation, indicators)
        _touch(locked)
        _audit(
            "evaluations_replace",
            user=user,
            version=locked,
            projects=[{"fields": dict(f), "rows": [dict(r) for r in rows]} for f, rows in projects],
            department=None if department is None else {"fields": dict(department[0]), "rows": [dict(r) for r in department[1]]},
        )
