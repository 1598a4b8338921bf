"""Reads of the workflow: how often a version was returned, and whether each reason of its
last return has been answered (the gate of a resubmission)."""

from dataclasses import dataclass

from disclosures.selectors import version_tables
from portal.audit.models import AuditEvent

from ..models import DecisionAction, ReasonKind, ReviewDecision
from ..selectors import last_return


def return_count(*, version):
    """How many times this version was returned."""
    return ReviewDecision.objects.filter(version=version, action=DecisionAction.RETURN).count()


@dataclass
class ReasonState:
    reason: object  # ReturnReason
    changed: bool  # a returned cell whose value was changed since the return

    @property
    def answered(self):
        return self.changed or bool(self.reason.reply.strip())


def _changed_cells(*, version, since):
    """{"表:行:列"} of the cells edited in the browser since `since`, from the audit record."""
    changed = set()
    events = AuditEvent.objects.filter(version=version, action="cells", created_at__gte=since)
    for event in events.only("payload"):
        for change in (event.payload or {}).get("changes", ()):
            changed.add(f"{change.get('table')}:{change.get('row')}:{change.get('column')}")
    return changed


def return_reason_states(*, version):
    """[ReasonState] of the version's last return, in the order the reviewer gave them; []
    when the version was never returned. A reason is answered by a written reply, or (for a
    returned cell) by the cell's value now differing from its value at the return."""
    decision = last_return(version=version)
    if decision is None:
        return []
    reasons = list(decision.reasons.all())
    edited = _changed_cells(version=version, since=decision.created_at) if any(r.cell for r in reasons) else set()
    tables = version_tables(version=version) if any(r.cell_value is not None for r in reasons) else None
    states = []
    for reason in reasons:
        changed = False
        if reason.kind == ReasonKind.CELL and reason.cell_parts:
            number, row, column = reason.cell_parts
            if reason.cell_value is not None:
                changed = tables[number].get(row, column) != reason.cell_value
            else:  # returned before values were kept with the reason: the audit record decides
                changed = reason.cell in edited
        states.append(ReasonState(reason=reason, changed=changed))
    return states


def return_reasons_unanswered(*, version):
    return [s.reason for s in return_reason_states(version=version) if not s.answered]
