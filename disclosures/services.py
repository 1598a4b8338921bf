"""Writes to reports, versions and their content. Keyword-only, one transaction each."""

from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

from portal.audit.services import audit_record, cell_changes
from portal.bulk import rows_insert
from portal.textpolicy import NOTE_LIMIT, text_problem

from .models import (
    CodeRow,
    Department,
    EvaluationIndicator,
    GlossaryEntry,
    KeyWorkItem,
    NarrativeSection,
    Report,
    ReportVersion,
    TableCell,
    VersionState,
)
from .artifacts.services import version_artifacts_build_on_commit
from .excel.codes import reference_lists_read_once
from .excel.problems import Problem, WorkbookError
from .listing.services import public_reports_refresh
from .narrative_catalog import sections_for_profile, sections_for_report
from .public_cache import LISTINGS, SEARCH, SITE, department_tag, region_tag, report_tag, tags_bump, year_tag
from .regions import region_profile
from .search import search_backend
from .signals import content_changed


# A version with its report, department and region: the findings refreshed after a write read them.
WITH_REGION = ReportVersion.objects.select_related("report__department__region")


class ContentError(ValueError):
    """The content given does not fit the tables' description; nothing was written."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("；".join(self.problems))


class VersionLocked(Exception):
    """The version is not in a state that allows this change."""


class DepartmentMismatch(WorkbookError):
    """The workbook's 编制单位 is another unit than the report's; imported only once confirmed."""

    def __init__(self, *, workbook_name, report_name):
        self.workbook_name, self.report_name = workbook_name, report_name
        super().__init__([Problem(message=f"工作簿的编制单位是“{workbook_name}”，而本报告是“{report_name}”的")])


class StaleRevision(Exception):
    """Someone saved the version after the caller read it; nothing was written."""

    def __init__(self, *, expected, current):
        self.expected, self.current = expected, current
        super().__init__(f"报告已被他人修改（第{current}次保存），您打开的是第{expected}次保存时的内容")


def report_create(*, department, year, user=None):
    """A new report with its first, empty draft version and the year's text sections."""
    with transaction.atomic():
        report = Report.objects.create(department=department, year=year)
        version = ReportVersion.objects.create(report=report, number=1, created_by=user)
        NarrativeSection.objects.bulk_create(
            NarrativeSection(version=version, key=s.key, title=s.title, position=s.position)
            for s in sections_for_profile(year, region_profile(region=department.region))
        )
        content_changed(version=version)  # an empty report is listed as incomplete from the start
    return report, version


def version_replace_tables(
    *, version, tables, entry_unit=None, source_filename=None, user=None, expected_revision=None
):
    """Replace the given tables of an editable version, all or nothing.

    `tables` is an iterable of TableData; tables not given are left alone.
    With `expected_revision`, raise StaleRevision (writing nothing) unless the
    stored revision is still that one: the check and the write are one
    compare-and-set update inside the transaction.
    """
    tables = list(tables)
    problems = [problem for data in tables for problem in data.errors()]
    if problems:
        raise ContentError(problems)
    numbers = [data.number for data in tables]
    with transaction.atomic():
        locked = WITH_REGION.select_for_update(of=("self",)).get(pk=version.pk)
        if not locked.is_editable:
            raise VersionLocked(f"{locked.get_state_display()}状态的报告不能修改")
        changed = version_tables_write(locked=locked, tables=tables)
        changes = {"revision": F("revision") + 1, "updated_at": timezone.now()}
        if entry_unit:
            changes["entry_unit"] = entry_unit
        if source_filename is not None:
            changes["source_filename"] = source_filename
        current = ReportVersion.objects.filter(pk=locked.pk)
        if expected_revision is not None:
            current = current.filter(revision=expected_revision)
        if not current.update(**changes):
            raise StaleRevision(expected=expected_revision, current=locked.revision)
        if changed:
            audit_record(action="cells", actor=user, version=locked, payload={"tables": numbers, "changes": changed})
        locked.refresh_from_db(from_queryset=WITH_REGION)
        content_changed(version=locked)
    version.refresh_from_db(from_queryset=WITH_REGION)
    return version


def version_tables_write(*, locked, tables):
    """Replace the given tables (TableData) of a version locked for update by the caller's
    transaction, which also bumps its revision, audits and announces the change; the cell
    changes (as the audit records them)."""
    numbers = [data.number for data in tables]
    cells = TableCell.objects.filter(version=locked, table__in=numbers)
    before = {(t, r, c): a for t, r, c, a in cells.values_list("table", "row", "column", "amount")}
    cells.delete()
    CodeRow.objects.filter(version=locked, table__in=numbers).delete()
    rows_insert(
        CodeRow,
        ("version", "table", "code", "name", "position"),
        ((locked.pk, data.number, code, name, i) for data in tables for i, (code, name) in enumerate(data.code_rows)),
    )
    rows_insert(
        TableCell,
        ("version", "table", "row", "column", "amount", "source"),
        (
            (locked.pk, data.number, row, column, amount, data.sources.get((row, column), ""))
            for data in tables
            for (row, column), amount in data.cells.items()
            if amount
        ),
    )
    after = {(d.number, r, c): a for d in tables for (r, c), a in d.cells.items() if a}
    return cell_changes(before=before, after=after)


def _plain_name(name):
    return "".join((name or "").split()).replace("(", "（").replace(")", "）")


def department_name_matches(*, department, name):
    """Whether a workbook's 编制单位 names this department (its name or one of its other names)."""
    wanted = _plain_name(name)
    return any(wanted == _plain_name(known) for known in [department.name, *department.alias_list()])


def version_import_workbook(*, version, fileobj, filename, user=None, profile=None, notes=None, confirmed_department=None):
    """Replace all nine tables of an editable version from an uploaded workbook, all or nothing.

    Raises WorkbookError listing every problem (file, cells, unknown codes, wrong year); nothing is written.
    A workbook whose 编制单位 names another unit raises DepartmentMismatch (nothing written)
    unless `confirmed_department` is that very name: the user saw both names and confirmed.
    The workbook is read by `profile`'s table layout (disclosures.regions), by default the
    department's region's. The readings the import chose (WorkbookContent.notes) are added to
    `notes` when a list is given.
    """
    with reference_lists_read_once():
        return _import_workbook(
            version=version, fileobj=fileobj, filename=filename, user=user, profile=profile, notes=notes,
            confirmed_department=confirmed_department,
        )


def _import_workbook(*, version, fileobj, filename, user, profile, notes, confirmed_department):
    from pathlib import PurePath

    from .excel.codes import unknown_code_problems
    from .excel.problems import Problem, WorkbookError
    from .excel.reader import workbook_read

    if not version.is_editable:
        raise VersionLocked(f"{version.get_state_display()}状态的报告不能修改")
    if profile is None:
        profile = region_profile(region=version.report.department.region)
    content = workbook_read(fileobj=fileobj, filename=filename, profile=profile)
    if notes is not None:
        notes.extend(content.notes)
    year = version.report.year
    problems = unknown_code_problems(content=content, year=year)
    if content.year is not None and content.year != year:
        problems.insert(0, Problem(message=f"工作簿是{content.year}年度的，而本报告是{year}年度"))
    if problems:
        raise WorkbookError(problems)
    department = version.report.department
    named = content.department_name
    if named and not department_name_matches(department=department, name=named) and confirmed_department != named:
        raise DepartmentMismatch(workbook_name=named, report_name=department.name)
    try:
        with transaction.atomic():
            tables = [content.tables[n] for n in range(1, 10)]
            version = version_replace_tables(
                version=version,
                tables=tables,
                entry_unit=content.unit,
                source_filename=PurePath(filename or "").name[:255],
                user=user,
            )
            counts = {"tables": len(tables), "cells": sum(1 for t in tables for a in t.cells.values() if a)}
            audit_record(action="upload", actor=user, version=version, payload={"filename": version.source_filename, **counts})
            return version
    except ContentError as exc:
        raise WorkbookError([Problem(message=p) for p in exc.problems]) from None


def report_import_workbook(
    *, department, year, fileobj, filename, create=False, user=None, profile=None, confirmed_department=None
):
    """(report, version, created): a workbook imported into the department's report for `year`.

    With `create`, a missing report is created with its first version, in the same
    transaction as the import: a refused workbook leaves no empty report behind.
    Raises Report.DoesNotExist (no report, no `create`), WorkbookError or VersionLocked.
    """
    with transaction.atomic():
        report = Report.objects.filter(department=department, year=year).first()
        created = report is None
        if created:
            if not create:
                raise Report.DoesNotExist(f"{department.name}没有{year}年度的报告")
            report, version = report_create(department=department, year=year, user=user)
        else:
            version = report.versions.order_by("-number").first()
        version = version_import_workbook(
            version=version,
            fileobj=fileobj,
            filename=filename,
            user=user,
            profile=profile,
            confirmed_department=confirmed_department,
        )
    return report, version, created


def version_start_correction(*, report, correction_note, user=None):
    """A new draft version copied from the newest published one, with its 更正说明.

    The published version is not touched and stays reachable at its own address.
    """
    if not correction_note.strip():
        raise ContentError(["更正已公开的报告必须填写更正说明"])
    problem = text_problem(correction_note.strip(), multiline=True, max_length=NOTE_LIMIT, label="更正说明")
    if problem:
        raise ContentError([problem])
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


def _clone(instance, **changes):
    """Save a copy of a model instance as a new row, with some fields changed."""
    instance.pk = None
    instance.id = None
    instance._state.adding = True
    for name, value in changes.items():
        setattr(instance, name, value)
    instance.save()
    return instance


def _copy_content(*, source, target):
    """Copy everything a version holds; the copy's findings are computed afresh."""
    CodeRow.objects.bulk_create(
        CodeRow(version=target, table=r.table, code=r.code, name=r.name, position=r.position)
        for r in source.code_rows.all()
    )
    TableCell.objects.bulk_create(
        TableCell(version=target, table=c.table, row=c.row, column=c.column, amount=c.amount, source=c.source)
        for c in source.cells.all()
    )
    for section in source.sections.all():
        _clone(section, version=target)
    for item in source.key_work_items.all():
        _clone(item, version=target)
    for entry in source.glossary_entries.all():
        _clone(entry, version=target)
    for evaluation in source.evaluations.prefetch_related("indicators"):
        indicators = list(evaluation.indicators.all())
        copy = _clone(evaluation, version=target)
        for indicator in indicators:
            _clone(indicator, evaluation=copy)
    department_evaluation = getattr(source, "department_evaluation", None)
    if department_evaluation is not None:
        indicators = list(department_evaluation.indicators.all())
        copy = _clone(department_evaluation, version=target)
        for indicator in indicators:
            _clone(indicator, evaluation=copy)
    basic_data = getattr(source, "basic_data", None)
    if basic_data is not None:
        rows = list(basic_data.rows.all())
        copy = _clone(basic_data, version=target)
        for row in rows:
            _clone(row, table=copy)
    for answer in source.checklist_answers.all():
        _clone(answer, version=target, reviewer_status="", reviewed_by=None, reviewed_at=None)

    content_changed(version=target)


def report_published_version_refresh(*, report):
    """Point the report at its newest published version (None without one), list it
    (PublicReport), build that version's page, CSV and workbook once its publication is
    committed, give it to the search engine and make stale the cached pages it appears in.

    The publication calls it in the transaction that publishes; the public listings read the
    listing rows (disclosures.selectors.public_listing)."""
    newest = (
        ReportVersion.objects.filter(report_id=report.pk, state=VersionState.PUBLISHED).order_by("-number").values("pk")[:1]
    )
    Report.objects.filter(pk=report.pk).update(published_version=Subquery(newest))
    report.refresh_from_db(fields=["published_version"])
    public_reports_refresh(reports=[report])
    if report.published_version is not None:
        version_artifacts_build_on_commit(version=report.published_version)
    search_backend().document_store(report=report)
    public_cache_invalidate(report=report)


def report_published_pointers_refresh():
    """Every report's pointer and listing at once, and the whole page cache made stale: after
    a bulk load. The search engine is then rebuilt by the caller
    (search_backend().documents_rebuild())."""
    newest = ReportVersion.objects.filter(report=OuterRef("pk"), state=VersionState.PUBLISHED).order_by("-number")
    Report.objects.update(published_version=Subquery(newest.values("pk")[:1]))
    public_reports_refresh()
    public_cache_bump()


def public_cache_bump():
    """Make every cached public page and API answer stale (the demo's load, a bulk change)."""
    tags_bump([SITE])


def public_cache_invalidate(*, report):
    """Make stale the cached pages a publication of the report changes, and only those: the
    report's own pages, its department's (and its 主管部门's and units'), its region's and
    every region above, its year's, the site's listings and search."""
    department = Department.objects.select_related("region", "parent").get(pk=report.department_id)
    tags = [
        report_tag(department_code=department.code, year=report.year),
        year_tag(report.year),
        LISTINGS,
        SEARCH,
        department_tag(department.code),
    ]
    if department.parent_id:
        tags.append(department_tag(department.parent.code))
    tags += [department_tag(code) for code in department.units.values_list("code", flat=True)]
    region = department.region
    while region is not None:
        tags.append(region_tag(region.code))
        region = region.parent
    tags_bump(tags)


def version_sections_save(*, version, sections, user=None, expected_revision=None):
    """Store the bodies of some text sections of an editable version and refresh its findings.

    `sections` is {section key: body}; only the keys given are written. Keys are those of the
    year's section list (disclosures/data/narrative_sections.toml) and the hand-entered
    last-year totals (prior_year.*). Bodies are stored with "\\n" line ends, stripped.
    With `expected_revision`, raise StaleRevision (writing nothing) unless the stored revision
    is still that one. The findings (tables and text) are recomputed in the same transaction.
    """
    from .pdf.selectors import PRIOR_YEAR_KEYS, PRIOR_YEAR_TITLES

    specs = {s.key: s for s in sections_for_report(version.report)}
    prior_titles = {key: PRIOR_YEAR_TITLES[name] for name, key in PRIOR_YEAR_KEYS.items()}
    unknown = [key for key in sections if key not in specs and key not in prior_titles]
    if unknown:
        raise ContentError([f"没有“{key}”这一部分" for key in unknown])
    bodies = {key: (body or "").replace("\r\n", "\n").replace("\r", "\n").strip() for key, body in sections.items()}
    problems = [
        problem
        for key, body in bodies.items()
        if (problem := text_problem(body, multiline=True, label=f"“{specs[key].title if key in specs else prior_titles[key]}”"))
    ]
    if problems:
        raise ContentError(problems)
    with transaction.atomic():
        locked = ReportVersion.objects.select_for_update().get(pk=version.pk)
        if not locked.is_editable:
            raise VersionLocked(f"{locked.get_state_display()}状态的报告不能修改")
        if expected_revision is not None and locked.revision != expected_revision:
            raise StaleRevision(expected=expected_revision, current=locked.revision)
        changed = []
        for key, body in bodies.items():
            spec = specs.get(key)
            section, created = NarrativeSection.objects.get_or_create(
                version=locked,
                key=key,
                defaults={
                    "title": spec.title if spec else prior_titles[key],
                    "position": spec.position if spec else 1000 + list(prior_titles).index(key),
                    "body": body,
                },
            )
            if created:
                changed.append(key)
            elif section.body != body:
                section.body = body
                section.save(update_fields=["body"])
                changed.append(key)
        ReportVersion.objects.filter(pk=locked.pk).update(revision=F("revision") + 1, updated_at=timezone.now())
        if changed:
            audit_record(action="sections", actor=user, version=locked, payload={"keys": changed})
        locked.refresh_from_db()
        content_changed(version=locked)
    version.refresh_from_db()
    return version
