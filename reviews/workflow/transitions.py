"""Every state change of a report version, declared once.

The workflow services (reviews.workflow.services) look up the states a transition may start
from and the state it ends in here; nothing else changes ReportVersion.state (the admin shows
it read-only). A new transition is one line here plus its service.
"""

from dataclasses import dataclass

from disclosures.models import VersionState as S


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple
    target: str
    label: str  # what the audit history calls it


TRANSITIONS = {
    t.name: t
    for t in (
        Transition("submit", (S.DRAFT, S.RETURNED), S.SUBMITTED, "提交审核"),
        Transition("withdraw", (S.SUBMITTED,), S.DRAFT, "撤回提交"),
        Transition("return", (S.SUBMITTED,), S.RETURNED, "退回"),
        Transition("approve", (S.SUBMITTED,), S.APPROVED, "审核通过"),
        Transition("publish", (S.APPROVED,), S.PUBLISHED, "公开"),
    )
}


def transition_sources(name):
    return TRANSITIONS[name].sources


def transition_target(name):
    return TRANSITIONS[name].target


def transitions_from(state):
    """The names of the transitions a version in `state` may take."""
    return [t.name for t in TRANSITIONS.values() if state in t.sources]
