"""Writes of the self-evaluation tables. Keyword-only; each one transaction, all or nothing,
and only while the version is editable (草稿 or 退回)."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

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


def _lock_editable(version):
    locked = ReportVersion.objects.select_for_update().get(pk=version.pk)
    if not locked.is_editable:
        raise VersionLocked(f"{locked.get_state_display()}状态的报告不能修改")
    return locked


def _touch(version):
    """Every write here ends with this: the version's revision, and its findings recomputed."""
    ReportVersion.objects.filter(pk=version.pk).update(revision=F("revision") + 1, updated_at=timezone.now())
    from reviews.services import findings_refresh  # here: reviews imports disclosures

    findings_refresh(version=version)


def _replace_indicators(model, evaluation, indicators):
    model.objects.filter(evaluation=evaluation).delete()
    model.objects.bulk_create(
        model(evaluation=evaluation, position=position, **row) for position, row in enumerate(indicators, start=1)
    )


def evaluation_save(*, version, fields, indicators, evaluation=None):
    """Create (evaluation=None) or update a project table with its indicator rows (dicts)."""
    with transaction.atomic():
        locked = _lock_editable(version)
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
    return evaluation


def evaluation_delete(*, evaluation):
    with transaction.atomic():
        locked = _lock_editable(evaluation.version)
        evaluation.delete()
        _touch(locked)


def department_evaluation_save(*, version, fields, indicators):
    """Create or replace the version's whole-department table."""
    with transaction.atomic():
        locked = _lock_editable(version)
        evaluation = DepartmentEvaluation.objects.filter(version=locked).first() or DepartmentEvaluation(version=locked)
        for name, value in fields.items():
            setattr(evaluation, name, value)
        evaluation.save()
        _replace_indicators(DepartmentIndicator, evaluation, indicators)
        _touch(locked)
    return evaluation


def basic_data_save(*, version, fields, rows):
    """Create or replace the version's basic data table (seed 002's 附件1) with its rows (dicts)."""
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
    return table


def evaluations_replace(*, version, projects, department=None):
    """Replace every project table (and the whole-department one when given) at once:
    `projects` is [(fields, indicators)], `department` is (fields, indicators) or None."""
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
