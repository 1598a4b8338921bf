"""Findings of the text checks, in the shape of the table engine's (reviews.rules.engine.Finding),
and the rule catalogue they come from (rules.toml).

Where a finding is: `cells` holds one dict per place in the text —
{"table": 0, "row": section key, "column": "start-end", "section", "start", "end", "text", "label", "source": ""}
— offsets into the section body (Python str indices, end exclusive). See text_locations().
"""

import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

RULES_FILE = Path(__file__).with_name("rules.toml")
ERROR, WARNING = "error", "warning"
SEVERITY_WORDS = {"错误": ERROR, "提示": WARNING}
SEVERITY_LABELS = {ERROR: "错误", WARNING: "提示"}
TEXT_TABLE = 0  # the "table" of a place in the text
TEXT_PART = "情况说明"


@dataclass(frozen=True)
class NarrativeRule:
    code: str
    name: str
    severity: str
    rounding_severity: str
    message: str


@cache
def _catalogue():
    with open(RULES_FILE, "rb") as fh:
        raw = tomllib.load(fh)
    rules = {}
    for rule in raw["rule"]:
        severity = SEVERITY_WORDS[rule["severity"]]
        rules[rule["code"]] = NarrativeRule(
            code=rule["code"],
            name=rule["name"],
            severity=severity,
            rounding_severity=SEVERITY_WORDS.get(rule.get("rounding_severity", ""), severity),
            message=rule["message"],
        )
    wording = tuple((re.compile(w["pattern"]), w["detail"]) for w in raw.get("wording", ()))
    return rules, wording


def narrative_rules():
    return _catalogue()[0]


def wording_patterns():
    return _catalogue()[1]


@dataclass(frozen=True)
class Place:
    """A span of a section's body."""

    section: str
    title: str
    start: int
    end: int
    text: str
    sentence: int

    @property
    def label(self):
        return f"{TEXT_PART}·{self.title}·第{self.sentence}句"

    def cell(self):
        return {
            "table": TEXT_TABLE,
            "row": self.section,
            "column": f"{self.start}-{self.end}",
            "section": self.section,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "label": self.label,
            "source": "",
        }


@dataclass
class NarrativeFinding:
    """A finding of the text checks; the attributes are those of the table engine's Finding."""

    rule: str
    severity: str
    tables: tuple
    cells: list
    message: str
    expected: Decimal | None = None  # 元, for amounts only
    actual: Decimal | None = None
    difference: Decimal | None = None
    rounding: bool = False
    description: str = ""
    key: str = field(default="", repr=False)  # what stays the same while the text is edited elsewhere

    @property
    def severity_label(self):
        return SEVERITY_LABELS[self.severity]

    @property
    def fingerprint(self):
        """Rule, sections and what was written: an explanation survives edits elsewhere in the text."""
        sections = ",".join(sorted({c["section"] for c in self.cells}))
        return f"{self.rule}|{sections}|{self.key or self.message}"

    def sheet_cells(self):
        return [c["label"] for c in self.cells]


def make_finding(code, places, *, rounding=False, tables=(), amounts=(None, None), key="", **fields):
    """A finding of rule `code` at `places`; amounts = (expected, actual) in 元 for amount slips."""
    expected, actual = amounts
    rule = narrative_rules()[code]
    where = places[0].label if places else TEXT_PART
    message = f"{where}：" + rule.message.format(**fields)
    return NarrativeFinding(
        rule=code,
        severity=rule.rounding_severity if rounding else rule.severity,
        tables=tuple(tables),
        cells=[place.cell() for place in places],
        message=message,
        expected=expected,
        actual=actual,
        difference=None if expected is None or actual is None else actual - expected,
        rounding=rounding,
        description=rule.name,
        key=key,
    )


def is_text_cell(cell):
    return isinstance(cell, dict) and "section" in cell


def text_locations(finding):
    """[(section key, start, end)] of a finding (stored Finding or NarrativeFinding); [] for table findings."""
    return [(c["section"], c["start"], c["end"]) for c in finding.cells or () if is_text_cell(c)]
