"""The year's reports checked again against a rule-set revision, in the background (tasks.py).

A batch of versions at a time, each under its version's row lock (the content writes take it
too, so a check never interleaves with an edit); a version that left the workflow meanwhile
keeps its findings. A newer revision takes over: this one stops and counts as finished.
"""

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone

from disclosures.models import ReportVersion

from ..models import RuleSetRevision
from ..services import findings_refresh
from .selectors import RECHECKED_STATES

BATCH = 20


def revision_recheck_versions(*, year):
    return ReportVersion.objects.filter(report__year=year, state__in=RECHECKED_STATES)


def revision_recheck_run(*, revision_id):
    """Recompute the findings of the revision's year's versions still in the workflow; returns how
    many (0 when the revision is gone or already rechecked)."""
    revision = RuleSetRevision.objects.filter(pk=revision_id).first()
    if revision is None or revision.recheck_finished_at is not None:
        return 0
    ids = list(revision_recheck_versions(year=revision.year).order_by("pk").values_list("pk", flat=True))
    done = 0
    for start in range(0, len(ids), BATCH):
        if RuleSetRevision.objects.filter(year=revision.year, number__gt=revision.number).exists():
            break  # the newer revision checks them all again
        for pk in ids[start : start + BATCH]:
            with transaction.atomic():
                version = ReportVersion.objects.select_for_update().select_related("report").filter(pk=pk).first()
                if version is not None and version.state in RECHECKED_STATES:
                    findings_refresh(version=version)
                    done += 1
        RuleSetRevision.objects.filter(pk=revision_id).update(rechecked=Greatest(F("rechecked"), min(start + BATCH, len(ids))))
    RuleSetRevision.objects.filter(pk=revision_id).update(recheck_finished_at=timezone.now())
    return done
