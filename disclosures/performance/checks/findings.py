from dataclasses import dataclass

ERROR, WARNING = "error", "warning"
SEVERITY_NAMES = {ERROR: "错误", WARNING: "提示"}


@dataclass(frozen=True)
class Finding:
    """One problem found in the self-evaluation tables. `evaluation` and `indicator` say where."""

    rule: str
    severity: str
    message: str
    evaluation: object = None
    indicator: object = None

    @property
    def severity_name(self):
        return SEVERITY_NAMES[self.severity]

    @property
    def location(self):
        parts = []
        if self.evaluation is not None:
            parts.append(f"《{evaluation_label(self.evaluation)}》")
        if self.indicator is not None:
            parts.append(f"第{self.indicator.position}行指标“{self.indicator.level3}”")
        return " ".join(parts)

    def __str__(self):
        where = f"{self.location}：" if self.location else ""
        return f"[{self.severity_name}] {self.rule} {where}{self.message}"


def evaluation_label(evaluation):
    return evaluation.table_title or evaluation.project_name
