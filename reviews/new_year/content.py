"""A year's rule set and checklist as plain values, wherever they are kept.

The database holds what the bureau loaded and edited; a year never loaded has its data files
in the repo (reviews/rule_data/rules_YEAR.toml, reviews/checklist_data/checklist_YEAR.json),
which are what its checks would use. Either way the values compare and copy alike.
"""

import json
from dataclasses import dataclass

from ..checklist.auto import CHECKLIST_DATA_DIR, auto_mapping
from ..models import ChecklistMode, Rule, Severity
from ..rules.data import read_rule_file, rule_file
from ..selectors import active_rule_set, checklist_template


@dataclass(frozen=True)
class RuleValues:
    code: str
    description: str
    severity: str
    tables: tuple
    expression: str
    enabled: bool
    position: int

    @property
    def summary(self):
        state = "" if self.enabled else "（停用）"
        return f"{self.description}｜{Severity(self.severity).label}｜{self.expression}{state}"


@dataclass(frozen=True)
class RuleSetValues:
    origin: str  # 数据库 or the data file's name
    name: str
    rules: tuple

    @property
    def by_code(self):
        return {rule.code: rule for rule in self.rules}

    def describe(self):
        return f"“{self.name}”，{len(self.rules)}条规则（{self.origin}）"


@dataclass(frozen=True)
class ItemValues:
    no: int
    group: str
    category: str
    text: str
    parent_text: str
    mode: str
    check_key: str

    @property
    def summary(self):
        mode = "自动判定" if self.mode == ChecklistMode.AUTO else "填报人回答"
        return f"{self.group}｜{self.category}｜{self.text}｜{mode}"


@dataclass(frozen=True)
class ChecklistValues:
    origin: str
    title: str
    publish_with_report: bool
    items: tuple

    @property
    def by_no(self):
        return {item.no: item for item in self.items}

    def describe(self):
        published = "随报告公开" if self.publish_with_report else "不随报告公开"
        return f"“{self.title}”，{len(self.items)}项，{published}（{self.origin}）"


def rule_set_values(*, year, files=True):
    """The year's active rule set, else (with `files`) its data file; None when neither."""
    rule_set = active_rule_set(year=year)
    if rule_set is not None:
        rules = tuple(
            RuleValues(r.code, r.description, r.severity, tuple(r.tables or ()), r.expression, r.enabled, r.position)
            for r in Rule.objects.filter(rule_set=rule_set).order_by("position", "code")
        )
        return RuleSetValues(origin="数据库", name=rule_set.name, rules=rules)
    path = rule_file(year)
    if not files or not path.exists():
        return None
    data = read_rule_file(path)
    rules = tuple(
        RuleValues(
            r["code"],
            r["description"],
            Severity.ERROR if r["severity"] in ("错误", "error") else Severity.WARNING,
            tuple(r["tables"]),
            r["expression"],
            True,
            r["position"],
        )
        for r in data.rules
    )
    return RuleSetValues(origin=f"文件 {path.name}", name=data.name, rules=rules)


def checklist_values(*, year, files=True):
    """The year's checklist, else (with `files`) its data file; None when neither."""
    template = checklist_template(year=year)
    if template is not None:
        items = tuple(
            ItemValues(i.no, i.group, i.category, i.text, i.parent_text, i.mode, i.check_key)
            for i in template.items.order_by("no")
        )
        return ChecklistValues(origin="数据库", title=template.title, publish_with_report=template.publish_with_report, items=items)
    path = CHECKLIST_DATA_DIR / f"checklist_{year}.json"
    if not files or not path.exists():
        return None
    with open(path, encoding="utf-8") as fh:
        raw = json.load(fh)
    mapping = auto_mapping(year)
    items = tuple(
        ItemValues(
            item["no"],
            item["group"],
            item["category"],
            item["text"],
            item.get("parent_text") or "",
            ChecklistMode.AUTO if mapping.get(item["no"]) else ChecklistMode.ACCOUNTANT,
            mapping.get(item["no"], ""),
        )
        for item in raw["items"]
    )
    return ChecklistValues(
        origin=f"文件 {path.name}", title=raw["title"], publish_with_report=bool(raw.get("publish_with_report")), items=items
    )


def rule_set_name(name, *, year, source_year):
    """The name a copied rule set gets: the source's with its year replaced (2024年度… → 2025年度…)."""
    renamed = name.replace(f"{source_year}年", f"{year}年")
    return (renamed if renamed != name else f"{year}年度{name}")[:128]
