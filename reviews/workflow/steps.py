"""Where a report stands for its accountant: the five steps (填报 → 自查 → 提交 → 审核 → 公开)
and the days left before the year's deadlines."""

from dataclasses import dataclass

from django.utils import timezone

from disclosures.models import VersionState

from ..selectors import deadlines_for_year

STEPS = ("填报", "自查", "提交", "审核", "公开")


@dataclass(frozen=True)
class Step:
    label: str
    status: str  # done | current | todo


@dataclass(frozen=True)
class Countdown:
    label: str  # 报送截止 | 公开截止
    day: object
    days: int  # left; negative when passed

    @property
    def text(self):
        when = f"{self.day.month}月{self.day.day}日"
        if self.days > 0:
            return f"距{self.label}（{when}）还有{self.days}天"
        if self.days == 0:
            return f"今天（{when}）是{self.label}日"
        return f"已超过{self.label}（{when}）{-self.days}天"


def report_steps(*, version, blockers, today=None):
    """([Step], Countdown or None) for the newest version; `blockers`: its submission blockers."""
    return steps_for(
        state=version.state,
        blocked=bool(blockers),
        deadlines=deadlines_for_year(year=version.report.year),
        today=today or timezone.localdate(),
    )


def steps_for(*, state, blocked, deadlines, today):
    """([Step], Countdown or None) of a version in `state`, `blocked` by errors or unexplained
    warnings, under its year's `deadlines` (reviews.selectors.Deadlines): no query, so a list
    of reports reads its figures once and asks this for each."""
    if state in (VersionState.DRAFT, VersionState.RETURNED):
        current = 0 if blocked else 1
    else:
        current = {VersionState.SUBMITTED: 3, VersionState.APPROVED: 4, VersionState.PUBLISHED: 5}.get(state, 0)
    steps = [
        Step(label, "done" if i < current else "current" if i == current else "todo") for i, label in enumerate(STEPS)
    ]
    if state in (VersionState.DRAFT, VersionState.RETURNED):
        countdown = Countdown("报送截止", deadlines.submit, (deadlines.submit - today).days)
    elif state != VersionState.PUBLISHED:
        countdown = Countdown("公开截止", deadlines.publish, (deadlines.publish - today).days)
    else:
        countdown = None
    return steps, countdown
