from dataclasses import dataclass, field
from functools import cached_property

PERFORMANCE_SECTION = "explanation.performance"


@dataclass
class CheckContext:
    """What the checks read: the version's tables and text, loaded once.

    `evaluations` are the project tables; `department_evaluation` the whole-department one.
    Evaluations may be unsaved (a form or workbook being checked before it is written):
    they then carry their rows in `indicator_rows`.
    """

    version: object = None
    evaluations: list = field(default_factory=list)
    department_evaluation: object = None
    narrative: str = ""
    tables: dict | None = None
    basic_data: object = None  # BasicDataTable (seed 002's 附件1) or None

    @property
    def all_evaluations(self):
        extra = [self.department_evaluation] if self.department_evaluation is not None else []
        return [*self.evaluations, *extra]

    @cached_property
    def scores(self):
        return {id(e): e.score() for e in self.all_evaluations}

    def score(self, evaluation):
        return self.scores[id(evaluation)]


def context_for_version(*, version):
    from ...models import BasicDataTable, DepartmentEvaluation, NarrativeSection
    from ...selectors import version_tables

    section = NarrativeSection.objects.filter(version=version, key=PERFORMANCE_SECTION).first()
    department = DepartmentEvaluation.objects.filter(version=version).prefetch_related("indicators").first()
    return CheckContext(
        version=version,
        evaluations=list(version.evaluations.prefetch_related("indicators")),
        department_evaluation=department,
        narrative=section.body if section else "",
        tables=version_tables(version=version),
        basic_data=BasicDataTable.objects.filter(version=version).prefetch_related("rows").first(),
    )
