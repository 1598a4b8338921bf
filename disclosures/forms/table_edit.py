"""The entry form of one of the nine tables, built from its description (tables.spec).

Field names in the posted form:
    c__<row>__<column>   an amount, in the version's entry unit (元 or 万元)
    a__<row>__<column>   beside a total: the value last filled in by the page; while
                         the total still shows it (or is blank) the total is computed,
                         otherwise it is the user's own figure and is kept as typed
    row / name__<code>   the code lines in order, with the department's own names
    add_code / remove    add a code line (code, "code name" or exact name) / drop one
    revision / original  what the form was loaded from, to detect a concurrent save

Amounts become exact Decimals in 元 here (values.to_amount / wan_to_yuan); totals are
sums over the description's `sum` definitions and over the code hierarchy.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core import signing

from portal.textpolicy import text_problem

from ..excel.codes import code_verdicts, reference_list_year
from ..models import CodeRow, EntryUnit, ReferenceCode
from ..regions import region_profile
from ..regions.tables import table_layout
from ..tables.grid import _column_header_rows
from ..tables.spec import LAYOUT_CODES, LAYOUT_ECONOMIC, LAYOUT_LINES, TOTAL_ROW
from ..tables.values import ZERO, AmountError, TableData, to_amount, wan_to_yuan

SIGNING_SALT = "disclosures.table_edit.original"
ZERO_TEXTS = ("", "-", "—", "－")
WAN_PLACES = 6  # 万元 to six places is exactly 元 to the 分
LOOKUP_LIMIT = 20
NAME_LENGTH = CodeRow._meta.get_field("name").max_length


def cell_field(row, column):
    return f"c__{row}__{column}"


def auto_field(row, column):
    return f"a__{row}__{column}"


def cell_key(row, column):
    """The key of a cell in the page's JSON and data attributes."""
    return f"{row}|{column}"


# ---------------------------------------------------------------- amounts


def parse_amount(text, *, unit):
    """An amount typed in the entry unit, as exact 元; AmountError with a Chinese message."""
    text = (text or "").strip().replace(",", "").replace("，", "")
    if text in ZERO_TEXTS:
        return ZERO
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise AmountError(f"“{text}”不是数字") from None
    if not number.is_finite():
        raise AmountError(f"“{text}”不是数字")
    if unit == EntryUnit.WAN:
        if number.as_tuple().exponent < -WAN_PLACES:
            raise AmountError(f"“{text}”万元超过六位小数（按万元填报最多精确到0.000001万元，即1分）")
        return wan_to_yuan(number)
    if number.as_tuple().exponent < -2:
        raise AmountError(f"“{text}”元超过两位小数（精确到分）")
    return to_amount(number)


def format_amount(amount, *, unit):
    """An amount in 元 shown in the entry unit, exactly: 万元 keep up to six places."""
    if unit == EntryUnit.WAN:
        wan = amount.scaleb(-4)
        text = f"{wan:.6f}".rstrip("0")
        whole, _, places = text.partition(".")
        return f"{whole}.{places.ljust(2, '0')}"
    return f"{amount:.2f}"


# ---------------------------------------------------------------- shape and sums


def _parent_codes(codes):
    """Each code's nearest ancestor among the given codes (None at the top)."""
    present = set(codes)
    parents = {}
    for code in codes:
        parents[code] = next((code[:n] for n in (5, 3) if n < len(code) and code[:n] in present), None)
    return parents


def sum_rules(spec, codes, columns=None):
    """[(target, members)] for the table with these code lines (and these amount columns of a
    code table: by default the project's); targets come first where they are computed from
    other targets (callers evaluate recursively)."""
    rules = []
    if spec.layout == LAYOUT_LINES:
        for side in spec.sides:
            live = [line for line in side.lines if not line.is_blank]
            for line in live:
                for column in side.columns:
                    if column.sum_of:
                        rules.append(((line.key, column.key), [(line.key, m) for m in column.sum_of]))
            for line in live:
                if line.sum_of:
                    members = [m for m in line.sum_of if not spec.lines_by_key[m].is_blank]
                    for column in side.columns:
                        rules.append(((line.key, column.key), [(m, column.key) for m in members]))
        return rules
    columns = columns or spec.code_columns
    rows = list(spec.fixed_row_keys()) + list(codes)
    for row in rows:
        for column in columns:
            if column.sum_of:
                rules.append(((row, column.key), [(row, m) for m in column.sum_of]))
    parents = _parent_codes(codes)
    children = {}
    for code, parent in parents.items():
        children.setdefault(parent, []).append(code)
    for code in codes:
        if code in children:
            for column in columns:
                rules.append(((code, column.key), [(child, column.key) for child in children[code]]))
    tops = children.get(None, [])
    if spec.layout == LAYOUT_CODES:
        for column in columns:
            rules.append(((TOTAL_ROW, column.key), [(code, column.key) for code in tops]))
    else:
        for group in spec.groups:
            for column in columns:
                members = [(code, column.key) for code in tops if code[:3] in group.classes]
                rules.append(((group.total_key, column.key), members))
    return rules


def evaluate(rules, typed):
    """Every cell's value: typed ones as typed, the others computed from the first rule naming them."""
    first = {}
    for target, members in rules:
        first.setdefault(target, members)
    values = {}

    def value(key, seen=()):
        if key in values:
            return values[key]
        if typed.get(key) is not None:
            result = typed[key]
        elif key in first and key not in seen:
            result = sum((value(m, seen + (key,)) for m in first[key]), ZERO)
        else:
            result = ZERO
        values[key] = result
        return result

    for target in first:
        value(target)
    for key in typed:
        value(key)
    return values, value


# ---------------------------------------------------------------- code lines


class CodeLookupError(ValueError):
    pass


def reference_matches(*, kind, year, query, limit=LOOKUP_LIMIT):
    """Reference codes of a kind and year whose code starts with, or name contains, the query."""
    query = (query or "").strip()
    codes = ReferenceCode.objects.filter(kind=kind, year=year)
    if not query:
        return list(codes[:limit])
    digits = re.match(r"^\d+", query)
    if digits:
        return list(codes.filter(code__startswith=digits.group())[:limit])
    return list(codes.filter(name__contains=query)[:limit])


def resolve_code(*, spec, year, text, codes=()):
    """(code, name, warning) for what was typed in 添加科目: a code, "code name" or an exact name.

    A code the year's list lacks is taken as codes_against_list judges it beside the table's other
    `codes`: under a known 类 (and 款) it is added with the typed name and a warning; else refused.
    """
    text = (text or "").strip()
    kind_label = "支出经济分类科目" if spec.code_kind == "economic" else "支出功能分类科目"
    list_year = reference_list_year(kind=spec.code_kind, year=year) or year
    reference = ReferenceCode.objects.filter(kind=spec.code_kind, year=list_year)
    digits = re.match(r"^\d+", text)
    warning = ""
    if digits:
        code = digits.group()
        found = reference.filter(code=code).first()
        if found is not None:
            name = found.name
        else:
            if not spec.is_valid_row_key(code):
                raise CodeLookupError(f"科目编码“{code}”不在{year}年度{kind_label}中")
            verdicts = code_verdicts(kind=spec.code_kind, year=year, codes=[*codes, code])
            verdict = next((v for v in verdicts if v.code == code), None)
            if verdict is None or verdict.error:
                raise CodeLookupError(verdict.message if verdict else f"科目编码“{code}”不在{year}年度{kind_label}中")
            name = text[len(code) :].strip()
            if not name:
                raise CodeLookupError(f"{verdict.message}。如确需使用，请在编码后写上科目名称，如“{code} 科目名称”")
            warning = verdict.message
    else:
        matches = list(reference.filter(name=text)[:10])
        if not matches:
            raise CodeLookupError(f"“{text}”不是{year}年度{kind_label}的编码或名称")
        if len(matches) > 1:
            raise CodeLookupError(
                f"名称“{text}”对应多个科目（{'、'.join(m.code for m in matches)}），请输入科目编码"
            )
        code, name = matches[0].code, matches[0].name
    if not spec.is_valid_row_key(code):
        raise CodeLookupError(f"{spec.code}的科目编码应为{'3或5' if spec.layout == LAYOUT_ECONOMIC else '3、5或7'}位")
    if spec.layout == LAYOUT_ECONOMIC and spec.group_for_code(code) is None:
        titles = "或".join(g.title for g in spec.groups)
        raise CodeLookupError(f"科目{code} {name}不属于{titles}")
    return code, name, warning


def insert_code(code_rows, code, name):
    """Insert at the code's place: string order puts 类 before its 款 before its 项."""
    position = next((i for i, (c, _) in enumerate(code_rows) if c > code), len(code_rows))
    return code_rows[:position] + [(code, name)] + code_rows[position:]


# ---------------------------------------------------------------- snapshots


def snapshot(data):
    """A signed copy of a table as loaded, carried by the form to explain a conflict later."""
    payload = {
        "cells": {cell_key(r, c): str(a) for (r, c), a in data.cells.items() if a},
        "rows": [list(pair) for pair in data.code_rows],
    }
    return signing.dumps(payload, salt=SIGNING_SALT, compress=True)


def unsnapshot(number, token):
    data = TableData(number=number)
    try:
        payload = signing.loads(token or "", salt=SIGNING_SALT)
    except signing.BadSignature:
        return None
    for key, amount in payload.get("cells", {}).items():
        row, _, column = key.partition("|")
        data.cells[(row, column)] = Decimal(amount)
    data.code_rows = [tuple(pair) for pair in payload.get("rows", [])]
    return data


@dataclass
class Difference:
    where: str
    mine: str
    theirs: str
    changed_by_other: bool


def differences(*, spec, mine, theirs, original, unit):
    """Every cell and code line where the user's table and the saved one differ."""
    result = []
    names_mine, names_theirs = dict(mine.code_rows), dict(theirs.code_rows)
    names_original = dict(original.code_rows) if original else {}
    for code in sorted(set(names_mine) | set(names_theirs)):
        a, b = names_mine.get(code), names_theirs.get(code)
        if a != b:
            changed = original is None or names_original.get(code) != b
            result.append(
                Difference(f"科目行 {code}", a if a is not None else "（无此行）", b if b is not None else "（无此行）", changed)
            )
    keys = sorted(set(mine.cells) | set(theirs.cells))
    for row, column in keys:
        a, b = mine.get(row, column), theirs.get(row, column)
        if a != b:
            changed = original is None or original.get(row, column) != b
            label = spec.row_label(row, names_mine.get(row) or names_theirs.get(row) or "")
            if spec.layout == LAYOUT_LINES:
                label = f"第{row}行 {label}".strip()
            elif spec.has_codes and row not in spec.fixed_row_keys():
                label = f"{row} {label}"
            column_label = spec.columns_by_key[column].label if column in spec.columns_by_key else column
            result.append(Difference(f"{label} · {column_label}", format_amount(a, unit=unit), format_amount(b, unit=unit), changed))
    return result


# ---------------------------------------------------------------- the form


@dataclass
class Cell:
    kind: str  # th, td, code, name, amount, remove
    text: str = ""
    colspan: int = 1
    rowspan: int = 1
    scope: str = ""
    name: str = ""
    value: str = ""
    key: str = ""
    label: str = ""
    error: str = ""
    warning: str = ""
    returned: str = ""  # the reviewer's reason when the last return named this cell
    total: bool = False
    auto_value: str = None  # set on totals that are computed; None on the user's own figures

    @property
    def auto_name(self):
        return "a" + self.name[1:] if self.name.startswith("c__") else ""


@dataclass
class Row:
    cells: list
    css: str = ""


@dataclass
class TableEditForm:
    """One table's entry form, unbound (from the stored table) or bound (from a POST)."""

    spec: object
    version: object
    stored: TableData
    data: object = None  # request.POST
    editable: bool = True
    code_rows: list = field(default_factory=list)
    texts: dict = field(default_factory=dict)  # (row, column) -> text shown
    auto: dict = field(default_factory=dict)  # target -> auto value text (computed totals)
    errors: dict = field(default_factory=dict)  # (row, column) -> message
    warnings: dict = field(default_factory=dict)
    returned: dict = field(default_factory=dict)  # (row, column) -> the reviewer's reason
    general_errors: list = field(default_factory=list)
    add_error: str = ""
    add_text: str = ""
    code_warnings: list = field(default_factory=list)  # codes kept although the year's list lacks them
    changed_rows: bool = False  # a code line was added or removed in this request
    cleaned: TableData = None

    def __post_init__(self):
        self.unit = self.version.entry_unit
        self.year = self.version.report.year
        self.columns = self._code_columns()
        if self.data is None:
            self.original = self.stored
            self.loaded_revision = self.version.revision
            self._load_stored()
        else:
            self.original = unsnapshot(self.spec.number, self.data.get("original"))
            try:
                self.loaded_revision = int(self.data.get("revision", ""))
            except ValueError:
                self.loaded_revision = None
            self._load_posted()
        self._compute()
        if self.spec.has_codes:
            codes = [code for code, _ in self.code_rows]
            verdicts = code_verdicts(kind=self.spec.code_kind, year=self.year, codes=codes)
            self.code_warnings = [v.message for v in verdicts if not v.error]

    # -- reading

    @property
    def is_bound(self):
        return self.data is not None

    @property
    def action(self):
        if not self.is_bound:
            return ""
        if self.data.get("remove"):
            return "remove"
        return "add" if self.data.get("action") == "add" else "save"

    def _code_columns(self):
        """A code table's amount columns: the project's, and the optional ones (nine_tables.toml)
        the department's region prints or the stored table holds, so none is lost on saving."""
        spec = self.spec
        if not spec.optional_columns:
            return spec.code_columns
        layout = table_layout(region_profile(region=self.version.report.department.region))
        optional = {c.key for c in spec.optional_columns}
        keys = set(layout.optional_columns.get(spec.number, ())) | {k for _, k in self.stored.cells if k in optional}
        return spec.printed_code_columns(keys)

    def cells_of_row(self, row):
        if self.spec.layout == LAYOUT_LINES:
            return [(row, column.key) for column in self.spec.columns_for_row(row)]
        return [(row, column.key) for column in self.columns]

    def all_keys(self):
        rows = list(self.spec.fixed_row_keys()) + [code for code, _ in self.code_rows]
        return [key for row in rows for key in self.cells_of_row(row)]

    def _load_stored(self):
        self.code_rows = list(self.stored.code_rows)
        for key in self.all_keys():
            amount = self.stored.get(*key)
            self.texts[key] = format_amount(amount, unit=self.unit) if amount else ""

    def _load_posted(self):
        data = self.data
        rows, seen = [], set()
        for code in data.getlist("row"):
            code = code.strip()
            if code in seen or not self.spec.has_codes or not self.spec.is_valid_row_key(code):
                continue
            if code in self.spec.fixed_row_keys():
                continue
            seen.add(code)
            rows.append((code, data.get(f"name__{code}", "").strip()))
        removed = data.get("remove", "").strip()
        if removed and removed in seen:
            rows = [(c, n) for c, n in rows if c != removed]
            self.changed_rows = True
        self.add_text = data.get("add_code", "").strip()
        problem = text_problem(self.add_text, max_length=NAME_LENGTH, label="添加的科目")
        if problem:
            self.add_error, self.add_text = problem, ""
        elif self.add_text and not removed:
            try:
                code, name, _ = resolve_code(
                    spec=self.spec, year=self.year, text=self.add_text, codes=[c for c, _ in rows]
                )
            except CodeLookupError as exc:
                self.add_error = str(exc)
            else:
                if code in seen:
                    self.add_error = f"科目{code}已在表中"
                else:
                    rows = insert_code(rows, code, name)
                    self.changed_rows = True
                    self.add_text = ""
        elif self.action == "add" and not self.add_text:
            self.add_error = "请输入要添加的科目编码或名称"
        known = {code for code, _ in self.stored.code_rows}
        known |= {code for code, _ in self.original.code_rows} if self.original else set()
        verdicts = code_verdicts(kind=self.spec.code_kind, year=self.year, codes=[code for code, _ in rows])
        self.general_errors += [v.message for v in verdicts if v.error and v.code not in known]
        names = {}
        list_year = reference_list_year(kind=self.spec.code_kind, year=self.year) or self.year
        for code, name in rows:
            if not name:
                found = ReferenceCode.objects.filter(kind=self.spec.code_kind, year=list_year, code=code).first()
                name = found.name if found else ""
            if not name:
                self.general_errors.append(f"科目{code}没有名称，请填写科目名称")
            problem = text_problem(name, max_length=NAME_LENGTH, label=f"科目{code}的名称")
            if problem:
                self.general_errors.append(problem)
            names[code] = name
        self.code_rows = [(code, names[code]) for code, _ in rows]
        for key in self.all_keys():
            self.texts[key] = data.get(cell_field(*key), "").strip()

    # -- computing

    def _compute(self):
        rules = sum_rules(self.spec, [code for code, _ in self.code_rows], self.columns)
        targets = {target for target, _ in rules}
        typed = {}
        for key in self.all_keys():
            text = self.texts.get(key, "")
            try:
                typed[key] = parse_amount(text, unit=self.unit)
            except AmountError as exc:
                self.errors[key] = str(exc)
                typed[key] = None
        if self.is_bound:
            for target in targets:
                if target in typed and self._is_auto_posted(target):
                    typed[target] = None  # computed below
        else:
            values, _ = evaluate(rules, typed)
            by_target = {}
            for target, members in rules:
                by_target.setdefault(target, []).append(members)
            for target, member_lists in by_target.items():
                if target in typed and all(
                    typed[target] == sum((values[k] for k in ms), ZERO) for ms in member_lists
                ):
                    self.auto[target] = ""
                elif target in typed and not self.texts[target]:
                    self.texts[target] = format_amount(ZERO, unit=self.unit)  # a typed 0 stays typed
        values, _ = evaluate(rules, typed)
        if self.is_bound:
            for target in targets:
                if target in typed and typed[target] is None and target not in self.errors:
                    self.auto[target] = ""
        blocked = {t for t, members in rules if any(m in self.errors for m in members)}
        for target in self.auto:
            if target not in blocked:
                self.texts[target] = format_amount(values[target], unit=self.unit)
            self.auto[target] = self.texts[target]
        for target, members in rules:
            if target not in self.texts or target in self.errors or target in self.auto or target in blocked:
                continue
            computed = sum((values[m] for m in members), ZERO)
            if values[target] != computed and target not in self.warnings:
                difference = values[target] - computed
                self.warnings[target] = (
                    f"按分项计算为{format_amount(computed, unit=self.unit)}，"
                    f"与填报数相差{format_amount(difference, unit=self.unit)}（已保留填报数）"
                )
        self.rules = rules
        if not self.errors and not self.general_errors and not self.add_error:
            cleaned = TableData(number=self.spec.number, code_rows=list(self.code_rows))
            for key in self.all_keys():
                if values.get(key):
                    cleaned.cells[key] = values[key]
            problems = cleaned.errors()
            if problems:
                self.general_errors.extend(problems)
            else:
                self.cleaned = cleaned

    def _is_auto_posted(self, key):
        text = self.texts.get(key, "")
        if text == "":
            return True
        marker = self.data.get(auto_field(*key))
        return marker is not None and marker.strip() == text

    def is_valid(self):
        return self.is_bound and self.cleaned is not None and self.action == "save"

    @property
    def has_errors(self):
        return bool(self.errors or self.general_errors or self.add_error)

    # -- the page

    def field_count(self):
        """How many fields a browser posts for this form (Django refuses more than DATA_UPLOAD_MAX_NUMBER_FIELDS)."""
        totals = {target for target, _ in self.rules}
        return len(self.all_keys()) + len(totals) + 2 * len(self.code_rows) + 8

    def original_token(self):
        return snapshot(self.original or self.stored)

    def page_data(self):
        """What table_edit.js needs: sums as [target, [members]] keys, and the unit's places."""
        return {
            "places": WAN_PLACES if self.unit == EntryUnit.WAN else 2,
            "rules": [[cell_key(*t), [cell_key(*m) for m in ms]] for t, ms in self.rules],
        }

    def _amount(self, row, column, label):
        key = (row, column.key)
        return Cell(
            kind="amount",
            name=cell_field(row, column.key),
            value=self.texts.get(key, ""),
            key=cell_key(*key),
            label=" ".join(part for part in (label, column.group.replace("/", " "), column.label) if part),
            error=self.errors.get(key, ""),
            warning=self.warnings.get(key, ""),
            returned=self.returned.get(key, ""),
            total=key in {t for t, _ in self.rules},
            auto_value=self.auto.get(key),
        )

    def head(self):
        spec = self.spec
        tail = [] if not self.editable or not spec.has_codes else ["操作"]
        if spec.layout == LAYOUT_LINES and len(spec.sides) == 2:
            income, expenditure = spec.sides
            top = [
                Cell("th", income.title, colspan=2 + len(income.columns), scope="colgroup"),
                Cell("th", expenditure.title, colspan=2 + len(expenditure.columns), scope="colgroup"),
            ]
            second = []
            for side in spec.sides:
                second += [Cell("th", "项目", scope="col"), Cell("th", "行次", scope="col")]
                second += [Cell("th", c.label, scope="col") for c in side.columns]
            return [top, second]
        if spec.layout == LAYOUT_LINES:
            lead = ("项目", "行次")
            columns = list(spec.sides[0].columns)
        elif spec.layout == LAYOUT_ECONOMIC:
            lead = ("经济分类科目编码", "科目名称")
            columns = list(self.columns)
        else:
            lead = ("科目编码", "科目名称")
            columns = list(self.columns)
        rows = _column_header_rows(columns, lead=lead)
        rows = [[Cell("th", c.text, colspan=c.colspan, rowspan=c.rowspan, scope=c.scope) for c in row] for row in rows]
        for text in tail:
            rows[0].append(Cell("th", text, rowspan=len(rows), scope="col"))
        return rows

    def body(self):
        spec = self.spec
        if spec.layout == LAYOUT_LINES:
            return self._lines_body()
        rows = []
        if spec.layout == LAYOUT_CODES:
            rows.append(self._fixed_row(TOTAL_ROW, "合计"))
            rows.extend(self._code_row(code, name) for code, name in self.code_rows)
            return rows
        width = 2 + len(self.columns) + (1 if self.editable else 0)
        placed = set()
        for group in spec.groups:
            rows.append(Row([Cell("th", group.title, colspan=width, scope="rowgroup")], css="group"))
            for code, name in self.code_rows:
                if code[:3] in group.classes:
                    placed.add(code)
                    rows.append(self._code_row(code, name))
            rows.append(self._fixed_row(group.total_key, group.total_label))
        stray = [(c, n) for c, n in self.code_rows if c not in placed]
        if stray:
            titles = "或".join(g.title for g in spec.groups)
            rows.append(Row([Cell("th", f"不属于{titles}的科目", colspan=width, scope="rowgroup")], css="group"))
            rows.extend(self._code_row(code, name) for code, name in stray)
        return rows

    def _fixed_row(self, row, label):
        cells = [Cell("th", label, colspan=2, scope="row")]
        cells += [self._amount(row, column, label) for column in self.columns]
        if self.editable:
            cells.append(Cell("td"))
        return Row(cells, css="total-row")

    def _code_row(self, code, name):
        label = f"{code} {name}"
        cells = [Cell("code", code, name="row", value=code), Cell("name", name, name=f"name__{code}", value=name, label=f"{code} 科目名称")]
        cells += [self._amount(code, column, label) for column in self.columns]
        if self.editable:
            cells.append(Cell("remove", "移除", name="remove", value=code, label=f"移除科目 {code} {name}"))
        return Row(cells, css=f"level-{len(code)}")

    def _lines_body(self):
        spec = self.spec
        sides = spec.sides
        if len(sides) == 1:
            side = sides[0]
            return [
                Row([Cell("th", line.label or spec.name, scope="row"), Cell("td", str(line.number))]
                    + [self._amount(line.key, column, line.label) for column in side.columns])
                for line in side.lines
            ]
        rows = []
        for pair in zip(*(side.lines for side in sides)):
            cells = []
            for line, side in zip(pair, sides):
                if line.is_blank:
                    cells += [Cell("td"), Cell("td", str(line.number))] + [Cell("td") for _ in side.columns]
                    continue
                cells += [Cell("th", line.label, scope="row"), Cell("td", str(line.number))]
                cells += [self._amount(line.key, column, f"第{line.number}行 {line.label}") for column in side.columns]
            rows.append(Row(cells))
        return rows
