"""The region's 通报 of a 公开检查: how many departments published, on time and complete, and
the slips most of them made, in the pattern of a finance bureau's yearly 决算公开情况通报.

A department counts as published when a checked file of the year is its (matched surely,
proposed or confirmed by a reviewer; its newest such file stands for it; a file whose year reads
otherwise is not counted). On time: published on or before the
year's publication deadline (reviews.selectors.deadlines_for_year), the date being the
reviewer's, else the portal's record, else the PDF's own (selectors.file_publication); a file
with no date is neither. Complete: all nine tables found and every part the region's profile
lists under [published] parts. The slips are the checks' findings grouped by family (within a
table, between tables, formats, codes, the text, placeholders; rounding differences apart) and
by rule, counted in departments.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from disclosures.narrative.findings import narrative_rules
from disclosures.published.parts import PART_NAMES
from disclosures.regions import region_profile

from ..models import FileStatus, InspectedFinding, MatchState
from ..rules.code_checks import CODE_RULE
from ..selectors import deadlines_for_year, rules_for_year
from .selectors import file_publication, inspection_files, portal_publication_dates, region_departments

DEFAULT_PARTS = ("overview", "tables", "explanation", "glossary")
# (code prefix, family), the first that matches decides; rounding differences are a family of their own.
FAMILIES = (
    ("R", "表内数据勾稽关系不符"),
    ("X", "表间数据勾稽关系不符"),
    ("F-", "报表格式不规范（金额小数位、科目级次、零值行等）"),
    ("K", "功能分类科目编码不在当年政府收支分类科目中"),
    ("N", "情况说明中的数字与报表不一致或计算有误"),
    ("C-PLACEHOLDER", "情况说明留有模板提示文字"),
)
ROUNDING = "合计与分项存在尾差（应在情况说明中说明）"
OTHER = "其他问题"
OTHER_NAMES = {CODE_RULE: "科目编码不在当年政府收支分类科目中", "C-PLACEHOLDER": "文中留有模板提示文字"}
COUNTED = (MatchState.SURE, MatchState.PROPOSED, MatchState.CONFIRMED)


def required_parts(profile):
    """The parts a complete published document has in the region (its profile's [published] parts)."""
    listed = (profile.section("published", {}) or {}).get("parts")
    return tuple(listed) if listed else DEFAULT_PARTS


def rule_names(*, year, profile):
    """{rule code: its name} of the table rules of the year, the text checks and the others."""
    names = dict(OTHER_NAMES)
    names.update({code: rule.name for code, rule in narrative_rules().items()})
    try:
        names.update({compiled.code: compiled.description for _, compiled in rules_for_year(year=year, profile=profile)})
    except (LookupError, FileNotFoundError, ValueError):
        pass  # no rules of that year: the codes are named by themselves
    return names


def family_of(code, rounding=False):
    if rounding:
        return ROUNDING
    return next((family for prefix, family in FAMILIES if code.startswith(prefix)), OTHER)


@dataclass
class Standing:
    """One department of the region in the inspection."""

    department: object
    file: object = None  # the InspectedFile that stands for it, or None: not published
    published_on: object = None
    date_source: str = ""
    on_time: bool | None = None  # None: not published, or no date known
    missing: list = field(default_factory=list)  # names of the tables and parts not found
    errors: int = 0
    warnings: int = 0
    rounding: int = 0

    @property
    def published(self):
        return self.file is not None

    @property
    def complete(self):
        return self.published and not self.missing


@dataclass
class Slip:
    label: str
    departments: list = field(default_factory=list)  # names
    findings: int = 0
    codes: list = field(default_factory=list)


@dataclass
class Notice:
    region: object
    year: int
    deadline: object
    today: object
    standings: list
    families: list  # [Slip] by family, most departments first
    rules: list  # [Slip] by rule, most departments first (the most common slips)
    unmatched: list  # files checked but of no department of the region
    unreadable: list  # files that could not be read
    other_year: list  # files of another year than the inspection's: not counted
    open_files: int  # files not checked yet
    part_names: list = field(default_factory=list)  # the parts a complete document has, other than the tables
    top: int = 8  # how many of the most common slips the notice names

    def _count(self, test):
        return sum(1 for s in self.standings if test(s))

    @property
    def expected(self):
        return len(self.standings)

    @property
    def published(self):
        return self._count(lambda s: s.published)

    @property
    def on_time(self):
        return self._count(lambda s: s.on_time is True)

    @property
    def late(self):
        return [s for s in self.standings if s.on_time is False]

    @property
    def date_unknown(self):
        return [s for s in self.standings if s.published and s.on_time is None]

    @property
    def complete(self):
        return self._count(lambda s: s.complete)

    @property
    def on_time_and_complete(self):
        return self._count(lambda s: s.complete and s.on_time is True)

    @property
    def incomplete(self):
        return [s for s in self.standings if s.published and not s.complete]

    @property
    def not_published(self):
        return [s for s in self.standings if not s.published]

    @property
    def top_rules(self):
        return self.rules[: self.top]

    @property
    def missing_counts(self):
        """[(table or part name, departments without it)], most common first."""
        return Counter(name for s in self.incomplete for name in s.missing).most_common()

    @property
    def rate(self):
        return 0 if not self.expected else round(100 * self.published / self.expected, 1)


def _missing(file, parts):
    found = {p["part"] for p in file.parts}
    missing = [f"{t['label']}（{t['name']}）" for t in file.tables if not t.get("found")]
    return missing + [PART_NAMES.get(key, key) for key in parts if key not in found]


def inspection_notice(*, inspection, today=None):
    """The Notice of an inspection as its files stand now."""
    today = today or timezone.localdate()
    year = inspection.year
    profile = region_profile(region=inspection.region)
    parts = required_parts(profile)
    deadline = deadlines_for_year(year=year).publish
    departments = list(region_departments(region=inspection.region))
    files = list(inspection_files(inspection=inspection))
    portal_dates = portal_publication_dates(departments=departments, year=year)
    newest = {}
    other_year = [f for f in files if f.is_done and f.year not in (None, year)]
    for file in sorted((f for f in files if f.is_done and f.department_id and f.match in COUNTED and f not in other_year), key=lambda f: f.pk):
        newest[file.department_id] = file
    standings = []
    for department in sorted(departments, key=lambda d: ((d.parent.code if d.parent_id else d.code), d.code)):
        file = newest.get(department.pk)
        standing = Standing(department=department, file=file)
        if file is not None:
            standing.published_on, standing.date_source = file_publication(file, portal_dates)
            standing.on_time = None if standing.published_on is None else standing.published_on <= deadline
            standing.missing = _missing(file, parts)
            standing.errors, standing.warnings, standing.rounding = file.errors, file.warnings, file.rounding
        standings.append(standing)
    names = rule_names(year=year, profile=profile)
    families, rules = defaultdict(lambda: [set(), 0, set()]), defaultdict(lambda: [set(), 0])
    counted = {f.pk: f for f in newest.values()}
    for finding in InspectedFinding.objects.filter(file_id__in=counted).only("file_id", "rule_code", "rounding"):
        department = counted[finding.file_id].department.name
        family = families[family_of(finding.rule_code, finding.rounding)]
        family[0].add(department)
        family[1] += 1
        family[2].add(finding.rule_code)
        if not finding.rounding:
            rule = rules[finding.rule_code]
            rule[0].add(department)
            rule[1] += 1
    return Notice(
        region=inspection.region,
        year=year,
        deadline=deadline,
        today=today,
        standings=standings,
        families=_ranked({label: v for label, v in families.items()}, lambda label: label),
        rules=_ranked(rules, lambda code: f"{names.get(code, code)}（{code}）"),
        unmatched=[f for f in files if f.is_done and (not f.department_id or f.match not in COUNTED)],
        unreadable=[f for f in files if f.status == FileStatus.FAILED],
        other_year=other_year,
        open_files=sum(1 for f in files if f.is_open),
        part_names=[PART_NAMES.get(key, key) for key in parts if key != "tables"],
    )


def _ranked(groups, label_of):
    slips = [
        Slip(label=label_of(key), departments=sorted(values[0]), findings=values[1], codes=sorted(values[2]) if len(values) > 2 else [key])
        for key, values in groups.items()
    ]
    return sorted(slips, key=lambda s: (-len(s.departments), -s.findings, s.label))
