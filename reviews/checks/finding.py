"""The finding every check returns, before it is stored as reviews.models.Finding."""

from dataclasses import dataclass, field
from decimal import Decimal

from ..models import Severity

ERROR, WARNING = Severity.ERROR.value, Severity.WARNING.value
SEVERITY_LABELS = {ERROR: "错误", WARNING: "提示"}


@dataclass
class CheckFinding:
    rule: str
    severity: str
    message: str
    part: str = ""  # set from the registration when the check leaves it empty
    tables: tuple = ()
    cells: list = field(default_factory=list)  # table cells, or spans of the text (disclosures.narrative.findings)
    expected: Decimal | None = None
    actual: Decimal | None = None
    difference: Decimal | None = None
    rounding: bool = False
    section: str = ""  # a text section's key
    evaluation_kind: str = ""  # "project" | "department"
    evaluation_ref: int | None = None  # the evaluation's pk
    evaluation_field: str = ""  # a field of the evaluation, or "indicator-N"
    checklist_no: int | None = None
    rule_row: object = None  # the Rule row a table rule comes from, when stored in the database
    key: str = ""  # what identifies the finding across recomputations, besides rule and place
    engine_fingerprint: str = field(default="", repr=False)  # kept from the table or text engine

    @property
    def severity_label(self):
        return SEVERITY_LABELS[self.severity]

    @property
    def fingerprint(self):
        """Rule, place and key: a warning's explanation is kept while the same finding recurs."""
        if self.engine_fingerprint:
            return self.engine_fingerprint[:512]
        place = [self.section, self.evaluation_kind, self.evaluation_field, self.checklist_no or ""]
        place += sorted(f"{c.get('table')}-{c.get('row')}-{c.get('column')}" for c in self.cells)
        return f"{self.rule}|{'|'.join(str(p) for p in place)}|{self.key or self.message}"[:512]

    def sheet_cells(self):
        """Cells as the workbook names them (公开01表!F14), or their label."""
        return [c.get("source") or c.get("label", "") for c in self.cells]

    @classmethod
    def from_engine(cls, finding, *, part="", rule_row=None):
        """A table rule's (reviews.rules.engine.Finding) or the text's (NarrativeFinding) finding;
        the fingerprint stays theirs so explanations stored before the registry are kept."""
        sections = sorted({c["section"] for c in finding.cells if isinstance(c, dict) and "section" in c})
        return cls(
            rule=finding.rule,
            severity=finding.severity,
            message=finding.message,
            part=part,
            tables=tuple(finding.tables),
            cells=list(finding.cells),
            expected=finding.expected,
            actual=finding.actual,
            difference=finding.difference,
            rounding=finding.rounding,
            section=sections[0] if sections else "",
            rule_row=rule_row,
            engine_fingerprint=finding.fingerprint,
        )
