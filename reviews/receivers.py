"""What reviews does when disclosures announces a change (disclosures.signals); connected in
ReviewsConfig.ready."""

from disclosures.models import RenderedDocument
from disclosures.providers import provider_register
from disclosures.signals import document_rendered, version_content_changed

from .inspections import background
from .models import Finding
from .selectors import checklist_for_version, checklist_template, returned_cells
from .services import findings_refresh
from .workflow import report_publish


def refresh_findings(sender, *, version, **kwargs):
    findings_refresh(version=version)


def publish_when_rendered(sender, *, document, **kwargs):
    if document.kind == RenderedDocument.Kind.PDF:
        report_publish(version=document.version)  # publication follows approval once the PDF exists


def stored_findings(*, version):
    return list(Finding.objects.filter(version=version).order_by("position"))


def published_checklist_rows(*, version):
    """The checklist answers the PDF's attachment shows, or [] when the year's checklist is not
    published with the report (ChecklistTemplate.publish_with_report)."""
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


def connect():
    version_content_changed.connect(refresh_findings, dispatch_uid="reviews.refresh_findings")
    document_rendered.connect(publish_when_rendered, dispatch_uid="reviews.publish_when_rendered")
    provider_register("findings", stored_findings)
    provider_register("returned_cells", returned_cells)
    provider_register("checklist_rows", published_checklist_rows)
    background.connect()  # an upload's checks start once its request has finished
