from .attachments import EvaluationIndicator, ProjectEvaluation
from .narrative import GlossaryEntry, KeyWorkItem, NarrativeSection
from .organisation import Department, Region
from .reference import CodeKind, ReferenceCode
from .reports import EntryUnit, Report, ReportVersion, VersionState
from .tables import CodeRow, TableCell

__all__ = (
    "CodeKind",
    "CodeRow",
    "Department",
    "EntryUnit",
    "EvaluationIndicator",
    "GlossaryEntry",
    "KeyWorkItem",
    "NarrativeSection",
    "ProjectEvaluation",
    "ReferenceCode",
    "Region",
    "Report",
    "ReportVersion",
    "TableCell",
    "VersionState",
)
