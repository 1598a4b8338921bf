"""The explanation text against the tables, last year and the attachments: the engine is
disclosures.narrative.check; this adapts its findings (N01…) to the registry's."""

from disclosures.narrative.check import narrative_check

from ..models import Part
from .finding import CheckFinding
from .registry import check

EXPLANATION_PREFIX = "explanation."


@check(code_prefix="N", part=Part.TEXT, published=True)
def text_checks(context):
    sections = {k: v for k, v in context.sections.items() if k.startswith(EXPLANATION_PREFIX)}
    if not any(body.strip() for body in sections.values()):
        return []
    found = narrative_check(
        sections=sections,
        tables=context.tables,
        prior=context.prior,
        year=context.year,
        attachments=context.attachments,
        profile=context.profile,
    )
    return [CheckFinding.from_engine(f, part=Part.TEXT) for f in found]
