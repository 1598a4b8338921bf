"""What opening a year changes, item by item, beside the year it copies (nothing is written).

Per-year data kept in the database (the calendar, the rule set, the checklist, the code lists,
the reports) is compared as it is and as it will be. The section list, the scoring templates
and the region profiles are files of the repo: they are not copied, and the page shows which of
them the new year uses (the section list by the year it applies from, the others whatever the
year).
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date

from disclosures.excel.codes import reference_list_year
from disclosures.models import CodeKind, Department, ReferenceCode, Report, ReportingYear
from disclosures.narrative_catalog import sections_for_year
from disclosures.performance.scoring_templates import all_templates
from disclosures.reference import DATA_DIR as REFERENCE_DATA_DIR
from disclosures.regions.profiles import all_profiles

from ..selectors import deadlines_for_year
from .content import checklist_values, rule_set_name, rule_set_values

# What happens to an item (ComparisonRow.action), as the services read it too.
COPY, LOAD_FILE, KEEP, NONE, SAME_FILE = "copy", "load_file", "keep", "none", "same_file"


@dataclass(frozen=True)
class Calendar:
    submit: date
    publish: date
    approval: date | None = None

    def describe(self):
        approval = f"{self.approval:%Y-%m-%d}" if self.approval else "—"
        return f"报送截止 {self.submit:%Y-%m-%d}；批复 {approval}；公开截止 {self.publish:%Y-%m-%d}"


@dataclass(frozen=True)
class Difference:
    key: str
    left: str
    right: str


@dataclass
class ComparisonRow:
    key: str  # calendar, rules, checklist, sections, templates, profiles, codes:<kind>, reports
    item: str
    source: str
    now: str
    after: str
    change: str
    action: str = ""
    differences: list = field(default_factory=list)
    listing: list = field(default_factory=list)  # [(key, text)] of what the new year gets


@dataclass
class YearPreview:
    year: int
    source_year: int
    rows: list
    departments: list  # the departments that get a report
    existing: int  # of the chosen departments, how many have the year's report already

    @property
    def changes(self):
        return any(row.action in (COPY, LOAD_FILE) for row in self.rows)

    def row(self, key):
        return next(row for row in self.rows if row.key == key)

    def digest(self):
        """A fingerprint of what opening the year would do, to tell whether anything moved between
        the preview and the confirmation."""
        described = [[r.key, r.now, r.after, r.change, r.action, [list(x) for x in r.listing]] for r in self.rows]
        return hashlib.sha256(json.dumps(described, ensure_ascii=False).encode()).hexdigest()


def values_compare(left, right, summary):
    """[Difference] between two {key: values} maps: the keys only one side has, and the changed ones."""
    differences = []
    for key in sorted(set(left) | set(right)):
        a, b = left.get(key), right.get(key)
        if a is None or b is None or a != b:
            differences.append(
                Difference(str(key), summary(a) if a is not None else "（无）", summary(b) if b is not None else "（无）")
            )
    return differences


def _calendar_row(*, year, source_year, calendar):
    source = deadlines_for_year(year=source_year)
    current = deadlines_for_year(year=year)

    def described(deadlines):
        text = Calendar(deadlines.submit, deadlines.publish, deadlines.approval).describe()
        return text if deadlines.configured else f"{text}（未设置，按默认）"

    now = Calendar(current.submit, current.publish, current.approval)
    if not current.configured:
        change, action = "新建年度时间安排", COPY
    elif now == calendar:
        change, action = "不变", KEEP
    else:
        change, action = "更新年度时间安排", COPY
    return ComparisonRow("calendar", "年度时间安排", described(source), described(current), calendar.describe(), change, action)


def _rules_row(*, year, source_year):
    source = rule_set_values(year=source_year)
    current = rule_set_values(year=year)
    if current is not None and current.origin == "数据库":
        after, change, action = current, "已有本年度规则集，保留不变", KEEP
    elif current is not None:
        after, change, action = current, f"载入本年度的规则文件（{current.origin}）", LOAD_FILE
    elif source is not None:
        after, change, action = source, f"复制{source_year}年度的规则集", COPY
    else:
        after, change, action = None, f"{source_year}年度没有审核规则，新年度仍将没有规则（审核时报“本年度审核规则未载入”）", NONE
    if action == COPY:
        after_text = f"“{rule_set_name(source.name, year=year, source_year=source_year)}”，{len(source.rules)}条规则（数据库）"
    else:
        after_text = f"{after.describe().split('（')[0]}（数据库）" if after else "（无）"
    return ComparisonRow(
        "rules",
        "审核规则集",
        source.describe() if source else "（无）",
        current.describe() if current else "（无）",
        after_text,
        change,
        action,
        differences=values_compare(source.by_code if source else {}, after.by_code if after else {}, lambda r: r.summary),
        listing=[(r.code, r.description) for r in after.rules] if after else [],
    )


def _checklist_row(*, year, source_year):
    source = checklist_values(year=source_year)
    current = checklist_values(year=year)
    if current is not None and current.origin == "数据库":
        after, change, action = current, "已有本年度自查表，保留不变", KEEP
    elif current is not None:
        after, change, action = current, f"载入本年度的自查表文件（{current.origin}）", LOAD_FILE
    elif source is not None:
        after, change, action = source, f"复制{source_year}年度的自查表", COPY
    else:
        after, change, action = None, f"{source_year}年度没有自查表，新年度仍将没有自查表", NONE
    differences = values_compare(source.by_no if source else {}, after.by_no if after else {}, lambda i: i.summary)
    if source and after and (source.title, source.publish_with_report) != (after.title, after.publish_with_report):
        differences.insert(0, Difference("标题/公开", source.describe(), after.describe()))
    return ComparisonRow(
        "checklist",
        "自查表",
        source.describe() if source else "（无）",
        current.describe() if current else "（无）",
        f"{after.describe().split('（')[0]}（数据库）" if after else "（无）",
        change,
        action,
        differences=differences,
        listing=[(str(i.no), i.text) for i in after.items] if after else [],
    )


def _sections_row(*, year, source_year):
    def listed(y):
        try:
            return {s.key: s for s in sections_for_year(y)}
        except LookupError:
            return {}

    source, after = listed(source_year), listed(year)
    differences = values_compare(source, after, lambda s: s.title)
    change = "相同，沿用（文件 disclosures/data/narrative_sections.toml，按年度选用版本）" if not differences else "本年度适用的版本不同，见下"
    return ComparisonRow(
        "sections",
        "情况说明部分",
        f"{len(source)}个部分",
        f"{len(after)}个部分",
        f"{len(after)}个部分",
        change,
        SAME_FILE,
        differences=differences,
        listing=[(s.key, s.title) for s in after.values()],
    )


def _files_row(key, item, names, where):
    return ComparisonRow(key, item, f"{len(names)}个：{'、'.join(names)}", "同左", "同左", f"沿用（文件 {where}，不分年度）", SAME_FILE)


def _codes_rows(*, year, source_year):
    rows = []
    for kind in (CodeKind.FUNCTION, CodeKind.ECONOMIC):
        label = CodeKind(kind).label
        key = f"codes:{kind}"

        def count(y):
            return ReferenceCode.objects.filter(kind=kind, year=y).count()

        source_count = count(source_year)
        own = count(year)
        applies = reference_list_year(kind=kind, year=year)
        now = f"{year}年科目表，{own}个" if own else (f"沿用{applies}年科目表" if applies else "（无）")
        file = REFERENCE_DATA_DIR / f"{kind}_codes_{source_year}.csv"
        if own or (applies and applies >= source_year):
            rows.append(ComparisonRow(key, label, f"{source_count}个", now, now, "不变", KEEP))
        elif source_count:
            rows.append(ComparisonRow(key, label, f"{source_count}个", now, f"沿用{source_year}年科目表，{source_count}个", f"沿用{source_year}年科目表，直到导入{year}年科目表", KEEP))
        elif file.exists():
            rows.append(
                ComparisonRow(
                    key, label, f"未载入（文件 {file.name}）", now, f"沿用{source_year}年科目表（从文件载入）",
                    f"载入{source_year}年科目表文件 {file.name}，{year}年沿用，直到导入{year}年科目表", LOAD_FILE,
                )
            )
        else:
            rows.append(ComparisonRow(key, label, "（无）", now, now, "没有科目表：上传时不核对科目编码", NONE))
    return rows


def year_departments(*, departments=None):
    """The departments a year is opened for: the given ones, else every active one."""
    if departments is None:
        departments = Department.objects.filter(active=True)
    return sorted(departments, key=lambda d: d.code)


def year_preview(*, year, source_year, calendar, departments=None):
    """The YearPreview of opening `year` from `source_year` with `calendar` (a Calendar) for
    `departments` (default: every active department)."""
    chosen = year_departments(departments=departments)
    have = set(Report.objects.filter(year=year, department__in=chosen).values_list("department_id", flat=True))
    missing = [d for d in chosen if d.pk not in have]
    source_reports = Report.objects.filter(year=source_year).count()
    reports = ComparisonRow(
        "reports",
        "决算报告",
        f"{source_reports}个",
        f"{Report.objects.filter(year=year).count()}个",
        f"{Report.objects.filter(year=year).count() + len(missing)}个",
        f"为{len(missing)}个单位新建{year}年度报告（各含第1版草稿）" + (f"；{len(have)}个单位已有，不变" if have else ""),
        COPY if missing else KEEP,
        listing=[(d.code, d.name) for d in missing],
    )
    rows = [
        _calendar_row(year=year, source_year=source_year, calendar=calendar),
        _rules_row(year=year, source_year=source_year),
        _checklist_row(year=year, source_year=source_year),
        _sections_row(year=year, source_year=source_year),
        _files_row("templates", "绩效评分模板", [t.name for t in all_templates().values()], "disclosures/performance/templates_data/"),
        _files_row("profiles", "地区配置", [p.name for p in all_profiles()], "disclosures/regions/profiles/"),
        *_codes_rows(year=year, source_year=source_year),
        reports,
    ]
    return YearPreview(year=year, source_year=source_year, rows=rows, departments=missing, existing=len(have))


def year_calendar(*, year):
    """The year's Calendar as stored, or None."""
    row = ReportingYear.objects.filter(year=year).first()
    return Calendar(row.submit_deadline, row.publish_deadline, row.approval_date) if row else None
