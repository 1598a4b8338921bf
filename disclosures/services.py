"""Writes to reports, versions and their content. Keyword-only, one transaction each."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import (
    CodeRow,
    EvaluationIndicator,
    GlossaryEntry,
    KeyWorkItem,
    NarrativeSection,
    Report,
    ReportVersion,
    TableCell,
    VersionState,
)
from .narrative_catalog import sections_for_year


class ContentError(ValueError):
    """The content given does not fit the tables' description; nothing was written."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("；".join(self.problems))


class VersionLocked(Exception):
    """The version is not in a state that allows this change."""


def report_create(*, department, year, user=None):
    """A new report with its first, empty draft version and the year's text sections."""
    with transaction.atomic():
        report = Report.objects.create(department=department, year=year)
        version = ReportVersion.objects.create(report=report, number=1, created_by=user)
        NarrativeSection.objects.bulk_create(
            NarrativeSection(version=version, key=s.key, title=s.title, position=s.position)
            for s in sections_for_year(year)
        )
    return report, version


def version_replace_tables(*, version, tables, entry_unit=None, source_filename=None, user=None):
    """Replace the given tables of an editable version, all or nothing.

    `tables` is an iterable of TableData; tables not given are left alone.
    """
    tables = list(tables)
    problems = [problem for data in tables for problem in data.errors()]
    if problems:
        raise ContentError(problems)
    numbers = [data.number for data in tables]
    with transaction.atomic():
        locked = ReportVersion.objects.select_for_update().get(pk=version.pk)
        if not locked.is_editable:
            raise VersionLocked(f"{locked.get_state_display()}状态的报告不能修改")
        TableCell.objects.filter(version=locked, table__in=numbers).delete()
        CodeRow.objects.filter(version=locked, table__in=numbers).delete()
        CodeRow.objects.bulk_create(
            CodeRow(version=locked, table=data.number, code=code, name=name, position=i)
            for data in tables
            for i, (code, name) in enumerate(data.code_rows)
        )
        TableCell.objects.bulk_create(
            TableCell(
                version=locked,
                table=data.number,
                row=row,
                column=column,
                amount=amount,
                source=data.sources.get((row, column), ""),
            )
            for data in tables
            for (row, column), amount in data.cells.items()
            if amount
        )
        changes = {"revision": F("revision") + 1, "updated_at": timezone.now()}
        if entry_unit:
            changes["entry_unit"] = entry_unit
        if source_filename is not None:
            changes["source_filename"] = source_filename
        ReportVersion.objects.filter(pk=locked.pk).update(**changes)
    version.refresh_from_db()
    return version


def version_start_correction(*, report, correction_note, user=None):
    """A new draft version copied from the newest published one, with its 更正说明.

    The published version is not touched and stays reachable at its own address.
    """
    if not correction_note.strip():
        raise ContentError(["更正已公开的报告必须填写更正说明"])
    with transaction.atomic():
        versions = ReportVersion.objects.select_for_update().filter(report=report).order_by("-number")
        latest = versions.first()
        if latest is None or latest.state != VersionState.PUBLISHED:
            raise VersionLocked("只有已公开的报告才能发起更正；当前版本仍在处理中")
        new = ReportVersion.objects.create(
            report=report,
            number=latest.number + 1,
            entry_unit=latest.entry_unit,
            correction_note=correction_note.strip(),
            source_filename=latest.source_filename,
            created_by=user,
        )
        _copy_content(source=latest, target=new)
    return new


def _copy_content(*, source, target):
    CodeRow.objects.bulk_create(
        CodeRow(version=target, table=r.table, code=r.code, name=r.name, position=r.position)
        for r in source.code_rows.all()
    )
    TableCell.objects.bulk_create(
        TableCell(version=target, table=c.table, row=c.row, column=c.column, amount=c.amount, source=c.source)
        for c in source.cells.all()
    )
    NarrativeSection.objects.bulk_create(
        NarrativeSection(version=target, key=s.key, title=s.title, body=s.body, position=s.position)
        for s in source.sections.all()
    )
    KeyWorkItem.objects.bulk_create(
        KeyWorkItem(version=target, position=k.position, title=k.title, content=k.content, status=k.status)
        for k in source.key_work_items.all()
    )
    GlossaryEntry.objects.bulk_create(
        GlossaryEntry(version=target, position=g.position, term=g.term, definition=g.definition)
        for g in source.glossary_entries.all()
    )
    for evaluation in source.evaluations.prefetch_related("indicators"):
        indicators = list(evaluation.indicators.all())
        evaluation.pk = None
        evaluation.version = target
        evaluation.save()
        for indicator in indicators:
            indicator.pk = None
            indicator.evaluation = evaluation
        EvaluationIndicator.objects.bulk_create(indicators)
