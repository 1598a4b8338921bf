"""A directory's rows checked and compared with the database, without writing anything.

The plan lists every change (units created, units updated field by field, regions created) or
every problem, each naming its sheet, row and column. Columns the file does not have leave
their fields as they are; a column it has is the directory's word, an empty cell included.
"""

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from portal.textpolicy import text_problem

from ..models import Department, Region, UnitType
from .reader import DirectoryError

CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]*$")
REGION_CODE = re.compile(r"^\d{2,12}$")
REGION_BOTH = re.compile(r"^(\d{2,12})\s*[/／、,，\-\s]?\s*(.*)$")
PHONE = re.compile(r"^[0-9+\-() ,;/#*、转]+$")
CODE_LENGTH = Department._meta.get_field("code").max_length
NAME_LENGTH = Department._meta.get_field("name").max_length
REGION_CODE_LENGTH = Region._meta.get_field("code").max_length
REGION_NAME_LENGTH = Region._meta.get_field("name").max_length
CONTACT_LENGTH = Department._meta.get_field("contact_name").max_length
PHONE_LENGTH = Department._meta.get_field("contact_phone").max_length
EMAIL_LENGTH = Department._meta.get_field("contact_email").max_length
YES = {"是", "Y", "YES", "TRUE", "1", "√", "✓", "一级"}
NO = {"否", "N", "NO", "FALSE", "0", "×", "X"}
UNIT_TYPES = {"行政": UnitType.ADMINISTRATIVE, "行政单位": UnitType.ADMINISTRATIVE, "事业": UnitType.PUBLIC_INSTITUTION,
              "事业单位": UnitType.PUBLIC_INSTITUTION}
@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class Entry:
    """One checked row: what the unit is to be. `values` holds only the fields the file sets."""

    row: int
    code: str
    values: dict


@dataclass
class DepartmentChange:
    code: str
    name: str
    row: int
    changes: list  # [FieldChange]; for a new unit, every field it gets


@dataclass(frozen=True)
class RegionChange:
    code: str
    name: str
    parent: str  # "code name" of the region it is placed under, or ""


@dataclass
class DirectoryPlan:
    filename: str
    creates: list = field(default_factory=list)
    updates: list = field(default_factory=list)
    regions: list = field(default_factory=list)
    unchanged: int = 0
    not_listed: int = 0  # units of the database the file does not list: left as they are
    problems: list = field(default_factory=list)
    entries: list = field(default_factory=list)

    @property
    def changes(self):
        return len(self.creates) + len(self.updates) + len(self.regions)

    def digest(self):
        """A fingerprint of the changes, to tell whether the database moved between the preview and
        the confirmation."""
        described = {
            "creates": [[c.code, [[f.label, f.before, f.after] for f in c.changes]] for c in self.creates],
            "updates": [[c.code, [[f.label, f.before, f.after] for f in c.changes]] for c in self.updates],
            "regions": [[r.code, r.name, r.parent] for r in self.regions],
        }
        return hashlib.sha256(json.dumps(described, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def _nfkc(text):
    return unicodedata.normalize("NFKC", text or "").strip()


def _code_problem(code, label, max_length):
    if len(code) > max_length:
        return f"{label}“{code[:40]}”超过{max_length}个字符"
    if not CODE.match(code):
        return f"{label}“{code[:40]}”只能由数字、字母和 . _ - 组成"
    return None


class _Checker:
    """Reads one row's values, collecting problems with their place."""

    def __init__(self, row, problems):
        self.row, self.problems = row, problems
        self.ok = True

    def problem(self, key, message):
        self.problems.append(f"{self.row.place(key)}：{message}")
        self.ok = False

    def text(self, key, *, label, max_length, required=False):
        value = self.row.values.get(key, "")
        problem = text_problem(value, max_length=max_length, label=label)
        if problem:
            self.problem(key, problem)
            return ""
        if required and not value:
            self.problem(key, f"{label}不能为空")
        return value


def _region_ancestors(code):
    """Codes that may be the region's parent, nearest first (420114 → 420100, 420000)."""
    if len(code) in (9, 12):
        return [code[:6], *_region_ancestors(code[:6])]
    if len(code) != 6:
        return []
    return [c for c in dict.fromkeys((code[:4] + "00", code[:2] + "0000")) if c != code]


def _display(department):
    return f"{department.code} {department.name}" if department is not None else "（无：主管部门）"


def directory_plan(*, directory):
    """The DirectoryPlan of a DirectoryFile (reader.directory_read) against the database."""
    plan = DirectoryPlan(filename=directory.filename)
    columns = set(directory.columns)
    problems = plan.problems
    if not directory.rows:
        problems.append("目录中没有单位：表头下没有数据行")
        return plan
    if "region_code" not in columns and "region" not in columns:
        problems.append("目录缺少“区划代码”列（或“区划代码/名称”列）")
        return plan
    entries, first_row = [], {}
    region_names = {}  # region code -> (name, place) as the file gives it
    for row in directory.rows:
        check = _Checker(row, problems)
        code = _nfkc(row.values.get("code", ""))
        if not code:
            check.problem("code", "单位代码不能为空")
        else:
            problem = _code_problem(code, "单位代码", CODE_LENGTH)
            if problem:
                check.problem("code", problem)
            elif code in first_row:
                check.problem("code", f"单位代码 {code} 与第{first_row[code]}行重复")
            else:
                first_row[code] = row.row
        values = {"name": check.text("name", label="单位名称", max_length=NAME_LENGTH, required=True)}
        parent = _nfkc(row.values.get("parent_code", ""))
        if parent:
            problem = _code_problem(parent, "上级单位代码", CODE_LENGTH)
            if problem:
                check.problem("parent_code", problem)
            elif parent == code:
                check.problem("parent_code", "上级单位代码不能是本单位自己的代码")
        if "parent_code" in columns:
            values["parent"] = parent
        region_code, region_name, region_key = _region_of(row, check)
        if region_code:
            values["region"] = region_code
            if region_name:
                known = region_names.get(region_code)
                if known is None:
                    region_names[region_code] = (region_name, row.place(region_key))
                elif known[0] != region_name:
                    check.problem(region_key, f"区划代码 {region_code} 在{known[1]}名为“{known[0]}”，此处为“{region_name}”")
        if "unit_type" in columns:
            raw = _nfkc(row.values.get("unit_type", ""))
            if raw and raw not in UNIT_TYPES:
                check.problem("unit_type", f"单位类型应为“行政”或“事业”，不是“{raw[:20]}”")
            values["unit_type"] = UNIT_TYPES.get(raw, "")
        primary = None
        if "primary_unit" in columns:
            raw = _nfkc(row.values.get("primary_unit", "")).upper()
            if raw in YES:
                primary = True
            elif raw in NO:
                primary = False
            elif raw:
                check.problem("primary_unit", f"是否一级预算单位应填“是”或“否”，不是“{raw[:20]}”")
            if primary and parent:
                check.problem("primary_unit", f"一级预算单位不应有上级单位（本行上级单位代码为 {parent}）")
        if primary is not None:
            values["primary_unit"] = primary
        elif "primary_unit" in columns or "parent_code" in columns:
            values["primary_unit"] = not parent  # not stated: a unit without a parent is a 主管部门
        if "contact_name" in columns:
            values["contact_name"] = check.text("contact_name", label="联系人", max_length=CONTACT_LENGTH)
        if "contact_phone" in columns:
            phone = _nfkc(row.values.get("contact_phone", ""))
            if len(phone) > PHONE_LENGTH:
                check.problem("contact_phone", f"电话超过{PHONE_LENGTH}个字符")
            elif phone and not PHONE.match(phone):
                check.problem("contact_phone", f"电话“{phone[:40]}”只能含数字、空格和 + - ( ) 转 等")
            values["contact_phone"] = phone
        if "contact_email" in columns:
            email = _nfkc(row.values.get("contact_email", ""))
            if email:
                try:
                    validate_email(email)
                except ValidationError:
                    check.problem("contact_email", f"电子邮箱“{email[:60]}”格式不对")
                if len(email) > EMAIL_LENGTH:
                    check.problem("contact_email", f"电子邮箱超过{EMAIL_LENGTH}个字符")
            values["contact_email"] = email
        if check.ok:
            entries.append(Entry(row=row.row, code=code, values=values))
    if problems:
        return plan
    _compare(plan, entries, region_names, directory)
    return plan


def _region_of(row, check):
    """(code, name, the column key where the name was written) of a row's 区划; ("", "", key) when
    the row's region is wrong (the problem is noted)."""
    if "region_code" in row.values:
        code_key = "region_code"
        name_key = "region_name" if "region_name" in row.values else code_key
        code = _nfkc(row.values.get("region_code", ""))
        name = check.text("region_name", label="区划名称", max_length=REGION_NAME_LENGTH) if name_key != code_key else ""
    else:
        code_key = name_key = "region"
        both = _nfkc(row.values.get("region", ""))
        match = REGION_BOTH.match(both)
        code, name = (match.group(1), match.group(2).strip()) if match else (both, "")
        problem = text_problem(name, max_length=REGION_NAME_LENGTH, label="区划名称")
        if problem:
            check.problem(name_key, problem)
            return "", "", name_key
    if not code:
        check.problem(code_key, "区划代码不能为空")
        return "", "", code_key
    if not REGION_CODE.match(code) or len(code) > REGION_CODE_LENGTH:
        check.problem(code_key, f"区划代码“{code[:20]}”应为2至12位数字")
        return "", "", code_key
    return code, name, name_key


def _compare(plan, entries, region_names, directory):
    """Fill the plan's changes (or its problems: regions, parents and cycles against the database)."""
    problems = plan.problems
    rows = {row.row: row for row in directory.rows}
    regions = {r.code: r for r in Region.objects.filter(code__in={e.values["region"] for e in entries})}
    new_regions = {}
    for entry in entries:
        code = entry.values["region"]
        if code in regions or code in new_regions:
            continue
        named = region_names.get(code)
        key = "region_code" if "region_code" in directory.columns else "region"
        if named is None:
            problems.append(f"{rows[entry.row].place(key)}：区划代码 {code} 不是已有区域，请在“区划名称”列写明名称")
            continue
        new_regions[code] = named[0]
    for code, (name, place) in region_names.items():
        existing = regions.get(code)
        if existing is not None and existing.name != name:
            problems.append(f"{place}：区划代码 {code} 是已有区域“{existing.name}”，此处写作“{name}”，请核对")
    known_regions = {r.code: r for r in Region.objects.filter(code__in={a for c in new_regions for a in _region_ancestors(c)})}
    for code in sorted(new_regions, key=lambda c: (len(c), c)):
        parent = next(
            (f"{a} {known_regions[a].name}" if a in known_regions else f"{a} {new_regions[a]}"
             for a in _region_ancestors(code) if a in known_regions or a in new_regions),
            "",
        )
        plan.regions.append(RegionChange(code=code, name=new_regions[code], parent=parent))

    listed = {entry.code: entry for entry in entries}
    existing = {d.code: d for d in Department.objects.select_related("region", "parent")}
    plan.not_listed = sum(1 for code in existing if code not in listed)
    names = {code: d.name for code, d in existing.items()} | {code: e.values["name"] for code, e in listed.items()}
    parents = {code: (d.parent.code if d.parent_id else "") for code, d in existing.items()}
    for entry in entries:
        parent = entry.values.get("parent")
        if parent is None:
            continue
        if parent and parent not in names:
            problems.append(f"{rows[entry.row].place('parent_code')}：上级单位代码 {parent} 既不在本目录中，也不是已有单位")
        parents[entry.code] = parent
    for entry in entries:
        seen, code = [entry.code], parents.get(entry.code, "")
        while code and code not in seen:
            seen.append(code)
            code = parents.get(code, "")
        if code == entry.code:
            chain = " → ".join([*seen, code])
            problems.append(f"{rows[entry.row].place('parent_code')}：上级单位关系成环（{chain}）")
    if problems:
        return

    def region_label(code):
        region = regions.get(code)
        return f"{code} {region.name if region is not None else new_regions.get(code, '')}"

    def parent_label(code):
        return f"{code} {names[code]}" if code else "（无：主管部门）"

    for entry in entries:
        values = entry.values
        current = existing.get(entry.code)
        if current is None:
            shown = [
                FieldChange("单位名称", "", values["name"]),
                FieldChange("区划", "", region_label(values["region"])),
                FieldChange("上级单位", "", parent_label(values.get("parent", ""))),
            ]
            if values.get("unit_type"):
                shown.append(FieldChange("单位类型", "", UnitType(values["unit_type"]).label))
            shown.append(FieldChange("一级预算单位", "", "是" if values.get("primary_unit", not values.get("parent")) else "否"))
            for key, label in (("contact_name", "联系人"), ("contact_phone", "电话"), ("contact_email", "电子邮箱")):
                if values.get(key):
                    shown.append(FieldChange(label, "", values[key]))
            plan.creates.append(DepartmentChange(code=entry.code, name=values["name"], row=entry.row, changes=shown))
        else:
            changes = _changes(current, values, region_label, parent_label)
            if changes:
                plan.updates.append(DepartmentChange(code=entry.code, name=values["name"], row=entry.row, changes=changes))
            else:
                plan.unchanged += 1
        plan.entries.append(entry)


def _changes(current, values, region_label, parent_label):
    """[FieldChange] between a stored unit and what the directory says."""
    changes = []
    if values["name"] != current.name:
        changes.append(FieldChange("单位名称", current.name, values["name"]))
        if current.name not in current.alias_list():
            changes.append(FieldChange("其他名称", current.aliases, "\n".join([*current.alias_list(), current.name])))
    if values["region"] != current.region.code:
        changes.append(FieldChange("区划", f"{current.region.code} {current.region.name}", region_label(values["region"])))
    if "parent" in values and values["parent"] != (current.parent.code if current.parent_id else ""):
        changes.append(FieldChange("上级单位", _display(current.parent), parent_label(values["parent"])))
    if "unit_type" in values and values["unit_type"] != current.unit_type:
        changes.append(
            FieldChange(
                "单位类型",
                current.get_unit_type_display() if current.unit_type else "（未填）",
                UnitType(values["unit_type"]).label if values["unit_type"] else "（未填）",
            )
        )
    if "primary_unit" in values and values["primary_unit"] != current.primary_unit:
        changes.append(FieldChange("一级预算单位", "是" if current.primary_unit else "否", "是" if values["primary_unit"] else "否"))
    for key, label in (("contact_name", "联系人"), ("contact_phone", "电话"), ("contact_email", "电子邮箱")):
        if key in values and values[key] != getattr(current, key):
            changes.append(FieldChange(label, getattr(current, key), values[key]))
    return changes


def directory_plan_or_raise(*, directory):
    plan = directory_plan(directory=directory)
    if plan.problems:
        raise DirectoryError(plan.problems)
    return plan
