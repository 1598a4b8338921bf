"""The corpus of real published disclosures (tests/fixtures/corpus/): reading a document and
scoring the text checks on it. The table rules are scored in reviews.corpus, which adds their
findings to the same results (disclosures never imports reviews).

Each document is a directory holding
- document.txt   the published text (a PDF's `pdftotext -layout` text, or a web page's text);
- tables.json    the nine tables as printed in the same document (the demo's fixture format), optional;
- expected.toml  region (profile name, optional), year, source (url, published), and one [[finding]]
                 per finding the document deserves:
                   text:   rule, section, figure (the text of its first place, spaces removed), severity
                   tables: rule, cell ("06/302/amount": table/row/column of its first cell), severity
                 A finding the checker is known to miss carries `missed = "why"`; a finding it is known
                 to raise wrongly is a [[false_alarm]] with the same fields and `reason`.
                 `section = KEY`: the whole text is that one section (a page publishing it alone);
                 `ignore = {RULE = "why"}`: rules the document is not judged on;
                 `judge_tables = true`: tables.json holds all nine tables as printed, so the table
                 rules are scored on it too.

A finding of the checker matches an expected one when rule, place, figure and severity agree.
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
from .findings import SEVERITY_LABELS, SEVERITY_WORDS, is_text_cell
from .text_file import reflow_layout_text, split_sections

CORPUS_DIR = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "corpus"
TOTAL = "合计"

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
_TEXT_RULE = re.compile(r"N\d+$")


def is_text_rule(rule):
    return bool(_TEXT_RULE.match(rule))


@dataclass(frozen=True)
class Key:
    """What identifies a finding in the corpus: its rule, where (a section key for the text, a
    cell "TT/row/column" for the tables), the words of its first place (text only), its severity."""

    rule: str
    place: str
    figure: str = ""
    severity: str = ""

    def __str__(self):
        figure = f" “{self.figure}”" if self.figure else ""
        return f"{self.rule} {self.place}{figure} {SEVERITY_LABELS.get(self.severity, self.severity)}"


def squeeze(text):
    return re.sub(r"\s+", "", text or "")


def text_key(finding):
    places = [c for c in finding.cells if is_text_cell(c)]
    first = places[0] if places else {"section": "", "text": ""}
    return Key(finding.rule, first["section"], squeeze(first["text"]), finding.severity)


def spec_key(item):
    """The Key of an expected finding (or a known false alarm) as expected.toml writes it."""
    place = item.get("section") or item.get("cell") or ""
    return Key(item["rule"], place, squeeze(item.get("figure", "")), SEVERITY_WORDS[item["severity"]])


@dataclass
class CorpusDocument:
    path: Path
    spec: dict
    text: str
    tables: dict

    @property
    def name(self):
        return self.path.name

    @property
    def year(self):
        return self.spec["year"]

    @property
    def profile(self):
        region = self.spec.get("region")
        return region_profile(name_or_code=region) if region else region_profile()

    @property
    def ignored(self):
        return tuple(self.spec.get("ignore", {}))

    @property
    def judge_tables(self):
        return bool(self.spec.get("judge_tables")) and bool(self.tables)

    @property
    def sections(self):
        """{section key: body}: by the titles of the region's list, or the whole text as one section."""
        if self.spec.get("section"):
            return {self.spec["section"]: reflow_layout_text(self.text).strip()}
        return split_sections(self.text, year=self.year, profile=self.profile)

    @property
    def expected(self):
        return [spec_key(item) for item in self.spec.get("finding", ())]

    @property
    def known_missed(self):
        """{Key: why} of expected findings the checker is known to miss."""
        return {spec_key(item): item["missed"] for item in self.spec.get("finding", ()) if item.get("missed")}

    @property
    def known_false(self):
        """{Key: why} of findings the checker is known to raise although the document is right there."""
        return {spec_key(item): item["reason"] for item in self.spec.get("false_alarm", ())}


def read_document(path):
    path = Path(path)
    with open(path / "expected.toml", "rb") as fh:
        spec = tomllib.load(fh)
    tables = {}
    if (path / "tables.json").is_file():
        tables = tables_from_fixture(json.loads((path / "tables.json").read_text(encoding="utf-8")))
    return CorpusDocument(path=path, spec=spec, text=(path / "document.txt").read_text(encoding="utf-8"), tables=tables)


def documents(directory=CORPUS_DIR):
    return sorted(path for path in Path(directory).iterdir() if (path / "expected.toml").is_file())


def text_keys(document):
    """The Keys of the text checks' findings on a document (rules it is not judged on left out)."""
    findings = narrative_check(sections=document.sections, tables=document.tables, year=document.year, profile=document.profile)
    return [text_key(f) for f in findings if f.rule not in document.ignored]


@dataclass
class DocumentResult:
    name: str
    expected: list
    found: list
    known_missed: dict = field(default_factory=dict)
    known_false: dict = field(default_factory=dict)

    @property
    def missed(self):
        return list((Counter(self.expected) - Counter(self.found)).elements())

    @property
    def false(self):
        return list((Counter(self.found) - Counter(self.expected)).elements())

    @property
    def unexplained_missed(self):
        return [key for key in self.missed if key not in self.known_missed]

    @property
    def unexplained_false(self):
        return [key for key in self.false if key not in self.known_false]

    @property
    def stale_known(self):
        """Known misses now found, known false alarms no longer raised: the list to update."""
        missed, false = set(self.missed), set(self.false)
        return [k for k in self.known_missed if k not in missed] + [k for k in self.known_false if k not in false]


def document_result(document, found, *, keep=lambda key: True):
    """The DocumentResult of `found` against what the document expects (the Keys `keep` accepts)."""
    return DocumentResult(
        name=document.name,
        expected=[k for k in document.expected if keep(k)],
        found=list(found),
        known_missed={k: why for k, why in document.known_missed.items() if keep(k)},
        known_false={k: why for k, why in document.known_false.items() if keep(k)},
    )


def check_document(path):
    """The text checks' DocumentResult of one corpus directory (its table expectations left out)."""
    document = read_document(path)
    return document_result(document, text_keys(document), keep=lambda key: is_text_rule(key.rule))


def text_family(rule):
    return FAMILIES.get(rule, rule)


def precision_recall(results, family=text_family):
    """{family: (matched, found, expected)} over the results, and TOTAL over every family."""
    table = {}
    for result in results:
        matched = Counter(result.expected) & Counter(result.found)
        for keys, column in ((matched, 0), (Counter(result.found), 1), (Counter(result.expected), 2)):
            for key, count in keys.items():
                for name in (family(key.rule), TOTAL):
                    row = table.setdefault(name, [0, 0, 0])
                    row[column] += count
    return {name: tuple(row) for name, row in table.items()}


def ratio(part, whole):
    return f"{part / whole:.0%}" if whole else "—"
