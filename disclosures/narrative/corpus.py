"""Precision and recall of the text checks on real published disclosures (tests/fixtures/corpus/).

Each document of the corpus is a directory holding
- document.txt   the published text (a PDF's `pdftotext -layout` text, or plain text);
- tables.json    the nine tables as printed in the same document (the demo's fixture format), optional;
- expected.toml  region (profile name), year, source, and one [[finding]] per finding the text
                 deserves: rule, section, figure (the text of its first place, spaces removed),
                 severity (错误/提示); and ignore = [rule codes] the document is not judged on.

A finding of the checker matches an expected one when rule, section, figure and severity agree.
Precision = matched / found, recall = matched / expected, per rule family and overall.
"""

import json
import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..demo.loader import tables_from_fixture
from ..regions.profiles import region_profile
from .check import narrative_check
from .findings import SEVERITY_WORDS, is_text_cell
from .text_file import split_sections

CORPUS_DIR = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "corpus"

FAMILIES = {
    "N01": "金额与表",
    "N02": "占比",
    "N03": "增减与增长",
    "N04": "增减与增长",
    "N11": "增减与增长",
    "N05": "预算完成率",
    "N12": "预算完成率",
    "N06": "数字格式与单位",
    "N14": "数字格式与单位",
    "N07": "前后一致",
    "N08": "附件",
    "N09": "年度与用语",
    "N10": "年度与用语",
    "N13": "分项合计",
}


@dataclass(frozen=True)
class Key:
    rule: str
    section: str
    figure: str
    severity: str

    @property
    def family(self):
        return FAMILIES.get(self.rule, self.rule)

    def __str__(self):
        return f"{self.rule} {self.section} “{self.figure}” {self.severity}"


@dataclass
class DocumentResult:
    name: str
    expected: list
    found: list
    ignored: tuple = ()
    sections: list = field(default_factory=list)

    @property
    def missed(self):
        return list((Counter(self.expected) - Counter(self.found)).elements())

    @property
    def false(self):
        return list((Counter(self.found) - Counter(self.expected)).elements())


def _squeeze(text):
    return re.sub(r"\s+", "", text or "")


def finding_key(finding):
    places = [c for c in finding.cells if is_text_cell(c)]
    first = places[0] if places else {"section": "", "text": ""}
    return Key(finding.rule, first["section"], _squeeze(first["text"]), finding.severity)


def documents(directory=CORPUS_DIR):
    return sorted(path for path in Path(directory).iterdir() if (path / "expected.toml").is_file())


def check_document(path):
    """The DocumentResult of one corpus directory."""
    path = Path(path)
    with open(path / "expected.toml", "rb") as fh:
        spec = tomllib.load(fh)
    profile = region_profile(name_or_code=spec["region"]) if spec.get("region") else region_profile()
    tables = {}
    if (path / "tables.json").is_file():
        tables = tables_from_fixture(json.loads((path / "tables.json").read_text(encoding="utf-8")))
    text = (path / "document.txt").read_text(encoding="utf-8")
    sections = split_sections(text, year=spec["year"], profile=profile)
    ignored = tuple(spec.get("ignore", ()))
    findings = narrative_check(sections=sections, tables=tables, year=spec["year"], profile=profile)
    found = [finding_key(f) for f in findings if f.rule not in ignored]
    expected = [
        Key(item["rule"], item["section"], _squeeze(item["figure"]), SEVERITY_WORDS[item["severity"]])
        for item in spec.get("finding", ())
    ]
    return DocumentResult(name=path.name, expected=expected, found=found, ignored=ignored, sections=list(sections))


def precision_recall(results):
    """{family: (matched, found, expected)} over the results, and "合计" over every family."""
    table = {}
    for result in results:
        matched = Counter(result.expected) & Counter(result.found)
        for keys, column in ((matched, 0), (Counter(result.found), 1), (Counter(result.expected), 2)):
            for key, count in keys.items():
                for family in (key.family, "合计"):
                    row = table.setdefault(family, [0, 0, 0])
                    row[column] += count
    return {family: tuple(row) for family, row in table.items()}


def ratio(part, whole):
    return f"{part / whole:.0%}" if whole else "—"
