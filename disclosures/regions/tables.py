"""A profile's [tables] section: how a region prints the nine tables, mapped onto nine_tables.toml.

The nine tables are described once (disclosures/tables/nine_tables.toml). A region
that prints them differently says so here, as data:

    [tables]
    order = [1, 2, 3, 4, 5, 6, 9, 7, 8]   # printed table 1..9 -> nine_tables.toml number
    rules_off = ["R04-060"]               # rule codes that do not apply to this region
    [tables.titles]                       # further titles a table is printed under
    6 = ["一般公共预算财政拨款基本支出决算表"]
    [tables.columns]                      # further header labels of a column: "table.key"
    "4.subtotal" = ["合计"]
    [tables.optional_columns]             # nine_tables.toml's optional columns it prints
    8 = ["opening", "income", "closing"]
    [tables.extra_columns]                # printed columns the project's table does not keep
    3 = ["其中：政府采购"]
    total_row_last = [5]                  # tables whose 合计 row is printed under the codes
    interleaved = [9]                     # tables printing 预算数/决算数 under each item
"""

from dataclasses import dataclass, field, replace
from functools import cache

from ..tables.spec import TABLES
from .profiles import ProfileError


@dataclass(frozen=True)
class TableLayout:
    profile_name: str
    # printed number -> nine_tables.toml number, and back
    order: tuple = tuple(range(1, 10))
    titles: dict = field(default_factory=dict)  # table number -> (title, variants…)
    column_labels: dict = field(default_factory=dict)  # (table number, column key) -> (label, …)
    extra_columns: dict = field(default_factory=dict)  # table number -> (header label, …)
    rules_off: frozenset = frozenset()
    # How the exporter prints the tables (the importer reads every one of these either way):
    line_numbers: bool = True  # a 行次 column in 01/04
    column_numbers: bool = True  # a 栏次 row under the headers
    info_line: bool = True  # 编制单位/年度/金额单位 above each table (else only 单位, the document title on the first)
    omit_lines: dict = field(default_factory=dict)  # table number -> line numbers not printed
    sheet_name: str = "{code}"  # {code}: 公开0N表, {printed}: the printed number
    optional_columns: dict = field(default_factory=dict)  # table number -> optional column keys printed
    total_row_last: frozenset = frozenset()  # code tables whose 合计 row is printed last
    interleaved: frozenset = frozenset()  # tables whose top column groups are printed under each item

    def is_project_layout(self):
        return self.order == tuple(range(1, 10)) and self.sheet_name == "{code}"

    def column_label(self, table, column):
        """The label the region prints a column under."""
        labels = self.column_labels.get((table, column.key))
        return labels[0] if labels else column.label

    def printed_columns(self, spec, columns=None):
        """A table's amount columns as the region prints them, left to right (`columns`: one
        side's, for 01/04; by default a code table's, with the optional ones the region prints):
        under its labels and, where it interleaves them, each item's 预算数 and 决算数 side by side
        (the top group printed last, under the item: group "合计", label "预算数")."""
        if columns is None:
            columns = spec.printed_code_columns(self.optional_columns.get(spec.number, ()))
        columns = [replace(c, label=self.column_label(spec.number, c)) for c in columns]
        if spec.number not in self.interleaved:
            return columns
        items = {}
        for column in columns:
            path = column.group_path
            if not path:
                items.setdefault(("", column.key), []).append(column)
                continue
            inner = path[1:] + (column.label,)
            items.setdefault(("/",) + inner, []).append(replace(column, group="/".join(inner), label=path[0]))
        return [column for item in items.values() for column in item]

    def table_for_printed(self, printed):
        return self.order[printed - 1] if 1 <= printed <= len(self.order) else None

    def printed_number(self, table):
        return self.order.index(table) + 1

    def title(self, table):
        return self.titles[table][0]


def _int_keys(mapping, what, profile_name):
    result = {}
    for key, value in (mapping or {}).items():
        try:
            number = int(key)
        except ValueError:
            raise ProfileError(f"地区配置“{profile_name}”的 tables.{what} 中“{key}”不是表号") from None
        if not 1 <= number <= len(TABLES):
            raise ProfileError(f"地区配置“{profile_name}”的 tables.{what} 中没有第{key}表")
        result[number] = tuple(value)
    return result


@cache
def _layout(key):
    from .profiles import _load

    profile = _load(key)
    raw = profile.section("tables", {}) or {}
    order = tuple(raw.get("order", range(1, 10)))
    if sorted(order) != list(range(1, 10)):
        raise ProfileError(f"地区配置“{profile.name}”的 tables.order 应恰好列出第1至9表各一次")
    extra_titles = _int_keys(raw.get("titles"), "titles", profile.name)
    # The region's printed title first, then the project's name for the table.
    titles = {
        spec.number: tuple(dict.fromkeys(extra_titles.get(spec.number, ()) + (spec.name,))) for spec in TABLES
    }
    columns = {}
    for key, labels in (raw.get("columns") or {}).items():
        number, _, column = key.partition(".")
        spec = TABLES[int(number) - 1] if number.isdigit() and 1 <= int(number) <= 9 else None
        if spec is None or column not in {c.key for c in spec.columns}:
            raise ProfileError(f"地区配置“{profile.name}”的 tables.columns 中“{key}”不是“表号.栏目”")
        columns[(spec.number, column)] = tuple(labels)
    return TableLayout(
        profile_name=profile.name,
        order=order,
        titles=titles,
        column_labels=columns,
        extra_columns=_int_keys(raw.get("extra_columns"), "extra_columns", profile.name),
        rules_off=frozenset(raw.get("rules_off", ())),
        line_numbers=bool(raw.get("line_numbers", True)),
        column_numbers=bool(raw.get("column_numbers", True)),
        info_line=bool(raw.get("info_line", True)),
        omit_lines=_int_keys(raw.get("omit_lines"), "omit_lines", profile.name),
        sheet_name=str(raw.get("sheet_name", "{code}")),
        optional_columns=_optional_columns(raw.get("optional_columns"), profile.name),
        total_row_last=_numbers(raw.get("total_row_last"), "total_row_last", profile.name),
        interleaved=_numbers(raw.get("interleaved"), "interleaved", profile.name),
    )


def _numbers(values, what, profile_name):
    """A list of table numbers (tables.total_row_last, tables.interleaved), checked as the keys are."""
    return frozenset(_int_keys(dict.fromkeys((str(v) for v in values or ()), ()), what, profile_name))


def _optional_columns(mapping, profile_name):
    result = _int_keys(mapping, "optional_columns", profile_name)
    for number, keys in result.items():
        optional = {c.key for c in TABLES[number - 1].optional_columns}
        unknown = [key for key in keys if key not in optional]
        if unknown:
            raise ProfileError(
                f"地区配置“{profile_name}”的 tables.optional_columns 中“{unknown[0]}”不是第{number}表的可选栏目"
                f"（nine_tables.toml 中 optional = true 的栏目）"
            )
    return result


def table_layout(profile=None):
    """The profile's table layout; without a profile, the default region's."""
    if profile is None:
        from .profiles import region_profile

        profile = region_profile()
    return _layout(profile.key)


def all_title_variants():
    """{table number: every title any profile prints it under}: a title names one table everywhere."""
    from .profiles import all_profiles

    found = {spec.number: [spec.name] for spec in TABLES}
    for profile in all_profiles():
        for number, titles in table_layout(profile).titles.items():
            found[number].extend(t for t in titles if t not in found[number])
    return found
