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


def context_for_version(*, version, tables=None, sections=None):
    """The context of a stored version; `tables` (version_tables) and `sections` ({key: body} of
    its text) when the caller has them already loaded."""
    from ...models import BasicDataTable, DepartmentEvaluation, NarrativeSection
    from ...selectors import version_tables

    if sections is None:
        section = NarrativeSection.objects.filter(version=version, key=PERFORMANCE_SECTION).first()
        narrative = section.body if section else ""
    else:
        narrative = sections.get(PERFORMANCE_SECTION, "")
    department = DepartmentEvaluation.objects.filter(version=version).prefetch_related("indicators").first()
    return CheckContext(
        version=version,
        evaluations=list(version.evaluations.prefetch_related("indicators")),
        department_evaluation=department,
        narrative=narrative,
        tables=version_tables(version=version) if tables is None else tables,
        basic_data=BasicDataTable.objects.filter(version=version).prefetch_related("rows").first(),
    )
