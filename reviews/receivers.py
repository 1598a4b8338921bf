"""What reviews does when disclosures announces a change (disclosures.signals); connected in
ReviewsConfig.ready.

Connected at django.setup(), in every process, management commands included: so the checks,
the workflow and the selectors they call (and with them the rule data, the PDF queue and
Celery) are imported when a receiver or a provider is first called, not here
(bench/command_start.py).
"""

from disclosures.models import RenderedDocument
from disclosures.providers import provider_register
from disclosures.signals import document_rendered, version_content_changed
from portal.background import background_sweep_register

from .inspections import CHECK_LANE
from .models import Finding


def refresh_findings(sender, *, version, **kwargs):
    from .services import findings_refresh  # on first use: see the module's docstring

    findings_refresh(version=version)


def publish_when_rendered(sender, *, document, **kwargs):
    from .workflow import report_publish  # on first use: see the module's docstring

    if document.kind == RenderedDocument.Kind.PDF:
        report_publish(version=document.version)  # publication follows approval once the PDF exists


def returned_cells(*, version, table):
    from .selectors import returned_cells  # on first use: see the module's docstring

    return returned_cells(version=version, table=table)


def stored_findings(*, version):
    return list(Finding.objects.filter(version=version).order_by("position"))


def published_checklist_rows(*, version):
    """The checklist answers the PDF's attachment shows, or [] when the year's checklist is not
    published with the report (ChecklistTemplate.publish_with_report)."""
    from .selectors import checklist_for_version, checklist_template  # on first use: see the module's docstring

    template = checklist_template(year=version.report.year)
    if template is None or not template.publish_with_report:
        return []
    return [
        {
            **{name: getattr(row.item, name, "") or "" for name in ("no", "group", "category", "text")},
            "answer": row.answer or "",
            "remark": row.remark or "",
        }
        for row in checklist_for_version(version=version)
    ]


def requeue_lost_inspection_checks():
    from .inspections.tasks import lost_checks_requeue  # on first use: see the module's docstring

    lost_checks_requeue()


def connect():
    version_content_changed.connect(refresh_findings, dispatch_uid="reviews.refresh_findings")
    document_rendered.connect(publish_when_rendered, dispatch_uid="reviews.publish_when_rendered")
    provider_register("findings", stored_findings)
    provider_register("returned_cells", returned_cells)
    provider_register("checklist_rows", published_checklist_rows)
    background_sweep_register(requeue_lost_inspection_checks, lane=CHECK_LANE)
