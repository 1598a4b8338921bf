"""The 审核意见书: the reviewer's opinion on a report's newest version, as a document the bureau
files and sends (templates/review/opinion_pdf.html, rendered with the report PDF's engine)."""

from django.template.loader import render_to_string
from django.utils import timezone

from disclosures.pdf.render import html_pdf_bytes

from .models import DecisionAction, ReviewDecision, ReviewerStatus
from .selectors import checklist_for_version, version_submission_blockers

CONCLUSIONS = {
    DecisionAction.RETURN: "退回修改",
    DecisionAction.APPROVE: "审核通过",
}


def review_opinion_context(*, report, version, today=None):
    decisions = list(
        ReviewDecision.objects.filter(version__report=report).select_related("version", "reviewer").order_by("created_at", "pk")
    )
    latest = next((d for d in reversed(decisions) if d.version_id == version.pk), None)
    blockers = version_submission_blockers(version=version)
    disputed = [row for row in checklist_for_version(version=version) if row.reviewer_status == ReviewerStatus.DISPUTED]
    return {
        "report": report,
        "version": version,
        "department": report.department,
        "decisions": decisions,
        "latest": latest,
        "conclusion": CONCLUSIONS.get(latest.action, "") if latest else "审核中",
        "reasons": list(latest.reasons.all()) if latest and latest.action == DecisionAction.RETURN else [],
        "errors": blockers.errors,
        "warnings": [f for f in version.findings.filter(severity="warning").order_by("position")],
        "disputed": disputed,
        "today": today or timezone.localdate(),
    }


def review_opinion_pdf(*, report, version):
    return html_pdf_bytes(render_to_string("review/opinion_pdf.html", review_opinion_context(report=report, version=version)))
