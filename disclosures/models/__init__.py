from .attachments import (
    BasicDataGroup,
    BasicDataRow,
    BasicDataTable,
    DepartmentEvaluation,
    DepartmentIndicator,
    EvaluationIndicator,
    ProjectEvaluation,
    QualitativeTier,
)
from .cache import PublicCacheTag
from .calendar import ReportingYear
from .documents import DocumentStatus, RenderedDocument
from .narrative import GlossaryEntry, KeyWorkItem, NarrativeSection
from .organisation import Department, Region, UnitType
from .published import ComparisonDownload, PublicRegionYear, PublicReport, PublishedArtifact
from .reference import CodeKind, ReferenceCode
from .reports import EntryUnit, Report, ReportVersion, VersionState
from .search import SearchDocument
from .tables import CodeRow, TableCell

__all__ = (
    "BasicDataGroup",
    "BasicDataRow",
    "BasicDataTable",
    "DepartmentEvaluation",
    "DepartmentIndicator",
    "QualitativeTier",
    "CodeKind",
    "CodeRow",
    "ComparisonDownload",
    "Department",
    "DocumentStatus",
    "EntryUnit",
    "EvaluationIndicator",
    "GlossaryEntry",
    "KeyWorkItem",
    "NarrativeSection",
    "ProjectEvaluation",
    "PublicCacheTag",
    "PublicRegionYear",
    "PublicReport",
    "PublishedArtifact",
    "ReferenceCode",
    "Region",
    "RenderedDocument",
    "SearchDocument",
    "Report",
    "ReportVersion",
    "ReportingYear",
    "TableCell",
    "UnitType",
    "VersionState",
)
