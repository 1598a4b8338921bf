"""从上年带入: writes the plan of carry_over_plan into an editable version, all or nothing."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from portal.audit.services import audit_record

from ..models import GlossaryEntry, NarrativeSection, ReportVersion
from ..narrative_catalog import sections_for_report
from ..pdf.selectors import PRIOR_YEAR_KEYS
from ..services import ContentError, VersionLocked, version_tables_write
from ..signals import content_changed
from .selectors import carry_over_plan, carry_over_source


def version_carry_over(*, version, user=None):
    """Carry last year's text, 名词解释, totals and opening balances into `version` where it has
    none of its own (disclosures.carry_over). One audit event (`carry_over`) names the source,
    every section and cell written and every one kept; the findings are recomputed once.
    Returns the CarryOverPlan written. ContentError when the department has no report of the
    year before; VersionLocked when the version is not editable."""
    report = version.report
    source = carry_over_source(report=report)
    if source is None:
        raise ContentError([f"本部门没有{report.year - 1}年度的报告，无可带入的内容"])
    with transaction.atomic():
        locked = ReportVersion.objects.select_for_update().select_related("report__department__region").get(pk=version.pk)
        if not locked.is_editable:
            raise VersionLocked(f"{locked.get_state_display()}状态的报告不能修改")
        plan = carry_over_plan(version=locked, source=source)
        if plan.is_empty:
            return plan
        specs = {s.key: s for s in sections_for_report(report)}
        prior_keys = list(PRIOR_YEAR_KEYS.values())
        for key, body in plan.sections.items():
            spec = specs.get(key)
            NarrativeSection.objects.update_or_create(
                version=locked,
                key=key,
                defaults={"body": body},
                create_defaults={
                    "body": body,
                    "title": plan.titles[key],
                    "position": spec.position if spec else 1000 + prior_keys.index(key),
                },
            )
        GlossaryEntry.objects.bulk_create(
            GlossaryEntry(version=locked, position=i, term=term, definition=definition)
            for i, (term, definition) in enumerate(plan.glossary, start=1)
        )
        changes = version_tables_write(locked=locked, tables=plan.tables) if plan.tables else []
        ReportVersion.objects.filter(pk=locked.pk).update(revision=F("revision") + 1, updated_at=timezone.now())
        audit_record(
            action="carry_over",
            actor=user,
            version=locked,
            payload={
                "source": source.pk,
                "source_year": source.report.year,
                "source_number": source.number,
                "keys": list(plan.sections),
                "kept_keys": plan.kept_sections,
                "glossary": len(plan.glossary),
                "changes": changes,
                "kept_cells": [f"{t}:{r}:{c}" for t, r, c in plan.kept_cells],
            },
        )
        locked.refresh_from_db()
        content_changed(version=locked)
    version.refresh_from_db()
    return plan
