"""Run a compiled rule set over a report's tables and return findings.

Rules are data (reviews/rule_data/*.toml, the Rule model); this module knows
nothing of any particular relation. Amounts are Decimals in 元.

Rounding: data entered in 元 must reconcile exactly. Data entered in 万元 was
rounded amount by amount to 0.01 万元 (100 元), so each rounded amount may be off
by up to 50 元; a difference no larger than 50 元 × (number of non-zero amounts the
relation reads) is a 尾差 warning, anything larger is an error.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from disclosures.tables.spec import LAYOUT_LINES, TOTAL_ROW, table_spec
from disclosures.tables.values import TEN_THOUSAND, ZERO, TableData

from .expression import EACH, EACH_COLUMN, SAME_COLUMN, compile_expression
from .format_checks import FORMAT_CHECKS

ERROR = "error"
WARNING = "warning"
SEVERITY_WORDS = {"错误": ERROR, "提示": WARNING, ERROR: ERROR, WARNING: WARNING}
SEVERITY_LABELS = {ERROR: "错误", WARNING: "提示"}
UNIT_WAN = "万元"
HALF_CENT_WAN = Decimal(50)  # 0.005 万元 in 元: the largest rounding error of one amount
FULL_CELL_LIST = 3  # a term reading more cells than this lists only its non-zero ones


def format_wan(amount):
    """元 → 万元 text: two decimals, more only when the 元 amount is not a whole 0.01 万元."""
    wan = amount / TEN_THOUSAND
    if amount % 100 == 0:
        return f"{wan:,.2f}"
    return f"{wan.normalize():,f}"


@dataclass(frozen=True)
class CompiledRule:
    code: str
    description: str
    severity: str  # "error" | "warning"
    tables: tuple
    expression: object

    @classmethod
    def build(cls, *, code, description, severity, expression, tables=()):
        compiled = compile_expression(expression, format_checks=FORMAT_CHECKS)
        if severity not in SEVERITY_WORDS:
            raise ValueError(f"规则{code}的严重程度“{severity}”应为“错误”或“提示”")
        return cls(
            code=code,
            description=description,
            severity=SEVERITY_WORDS[severity],
            tables=tuple(tables) or compiled.tables,
            expression=compiled,
        )


@dataclass
class Finding:
    rule: str
    severity: str
    tables: tuple
    cells: list  # [{"table", "row", "column", "label", "source"}]
    expected: Decimal | None
    actual: Decimal | None
    difference: Decimal | None
    message: str
    rounding: bool = False
    description: str = ""

    @property
    def severity_label(self):
        return SEVERITY_LABELS[self.severity]

    @property
    def fingerprint(self):
        """What identifies 'the same finding' across recomputations: rule and cells."""
        cells = ";".join(sorted(f"{c['table']}-{c['row']}-{c['column']}" for c in self.cells))
        return f"{self.rule}|{cells}|{self.message if not self.cells else ''}"

    def sheet_cells(self):
        """Cells as the workbook names them (公开01表!F14), or their label without a source."""
        return [c["source"] or c["label"] for c in self.cells]


class TableIndex:
    """Lookups over one TableData, built once per run."""

    def __init__(self, data):
        self.data = data
        self.number = data.number
        self.spec = spec = table_spec(data.number)
        self.cells = data.cells
        self.codes = [code for code, _ in data.code_rows]
        self.names = dict(data.code_rows)
        self.code_set = set(self.codes)
        prefixes = {code[:n] for code in self.codes for n in (3, 5) if len(code) > n}
        self.leaves = [code for code in self.codes if code not in prefixes]
        self._under = {}
        self.class_lines = {line.function_class: line.key for line in spec.lines if line.function_class}

    def rows_under(self, prefix, level):
        key = (prefix, level)
        rows = self._under.get(key)
        if rows is None:
            if level is None:
                rows = tuple(c for c in self.leaves if c.startswith(prefix))
            else:
                rows = tuple(c for c in self.codes if len(c) == level and c.startswith(prefix))
            self._under[key] = rows
        return rows

    def code_rows(self, code):
        if code in self.code_set or code == TOTAL_ROW:
            return (code,)
        if self.spec.layout != LAYOUT_LINES and code in self.spec.fixed_row_keys():
            return (code,)
        return self.rows_under(code, None)

    def domain(self, kind, columns):
        spec = self.spec
        if spec.layout == LAYOUT_LINES:
            if kind == 3:
                return list(self.class_lines)
            return [
                line.key
                for line in spec.lines
                if not line.is_blank and all(c in {x.key for x in spec.side_of(line.key).columns} for c in columns)
            ]
        if kind == "row":
            return list(spec.fixed_row_keys()) + self.codes
        if kind == "code":
            return list(self.codes)
        return [code for code in self.codes if len(code) == kind]


class Run:
    """One evaluation of rules over one report's tables."""

    def __init__(self, tables, *, entry_unit):
        self.tables = tables
        self.entry_unit = entry_unit
        self.rounded = entry_unit == UNIT_WAN
        self.indexes = {n: TableIndex(data) for n, data in tables.items()}
        self._empty = {}
        for number in range(1, 10):
            self.index(number)
        self.indexes.update(self._empty)

    def index(self, number):
        index = self.indexes.get(number)
        if index is None:
            index = self._empty.get(number)
            if index is None:
                index = self._empty[number] = TableIndex(TableData(number=number))
        return index

    def term_rows(self, term, binding, kind):
        index = self.indexes[term.table]
        rows = term.rows
        what = rows[0]
        if what == "lines":
            return rows[1]
        if what == "code":
            return index.code_rows(rows[1])
        if what == "under":
            return index.rows_under(rows[1], rows[2])
        if what == "quantifier" or rows[1] == "same":
            if index.spec.layout == LAYOUT_LINES:
                if kind == 3:
                    key = index.class_lines.get(binding)
                    return (key,) if key else ()
                line = index.spec.lines_by_key.get(binding)
                return (binding,) if line and not line.is_blank else ()
            return index.code_rows(binding)
        # ("bound", "under", level, word)
        return index.rows_under(binding, rows[2])

    def term_refs(self, term, binding, kind, column=None):
        if term.rows[0] == "number":
            return ()
        index = self.index(term.table)
        refs = []
        for row in self.term_rows(term, binding, kind):
            if term.columns and term.columns[0] in (EACH, SAME_COLUMN):
                columns = (column,)
            else:
                columns = term.columns or self._default_columns(index, row)
            for column in columns:
                refs.append((term.table, row, column))
        return refs

    @staticmethod
    def _default_columns(index, row):
        spec = index.spec
        if spec.layout == LAYOUT_LINES:
            return (spec.side_of(row).columns[0].key,)
        return (spec.columns[0].key,)

    def amount(self, ref):
        return self.index(ref[0]).cells.get((ref[1], ref[2]), ZERO)

    def evaluate(self, rule):
        expression = rule.expression
        if expression.format_check:
            return [
                _format_finding(rule, self, violation)
                for violation in FORMAT_CHECKS[expression.format_check].check(self.tables, entry_unit=self.entry_unit)
            ]
        kind = expression.quantifier
        if kind is None:
            bindings = [None]
        else:
            seen = {}
            for term in expression.terms:
                if term.rows[0] == "quantifier" or (term.rows[0] == "bound" and term.rows[1] == "same"):
                    columns = () if term.columns and term.columns[0] in (EACH, SAME_COLUMN) else term.columns
                    for value in self.index(term.table).domain(kind, columns):
                        seen.setdefault(value, None)
            bindings = list(seen)
        findings = []
        for column in expression.each_columns or (None,):
            for binding in bindings:
                finding = self._check(rule, binding, kind, column)
                if finding is not None:
                    findings.append(finding)
        return findings

    def _side(self, terms, binding, kind, column):
        total, parts = ZERO, []
        for term in terms:
            if term.rows[0] == "number":
                total += term.sign * term.rows[1]
                parts.append((term, (), term.rows[1]))
                continue
            refs = self.term_refs(term, binding, kind, column)
            amount = sum((self.amount(ref) for ref in refs), ZERO)
            total += term.sign * amount
            parts.append((term, refs, amount))
        return total, parts

    def _total(self, terms, binding, kind, column):
        """The side's amount, without collecting its cells (the common, passing case)."""
        total = ZERO
        for term in terms:
            rows = term.rows
            if rows[0] == "number":
                total += term.sign * rows[1]
                continue
            cells = self.indexes[term.table].cells
            columns = term.columns
            amount = ZERO
            if columns and columns[0] in (EACH, SAME_COLUMN):
                columns = (column,)
            if columns:
                for row in self.term_rows(term, binding, kind):
                    for col in columns:
                        value = cells.get((row, col))
                        if value is not None:
                            amount += value
            else:
                index = self.indexes[term.table]
                for row in self.term_rows(term, binding, kind):
                    value = cells.get((row, self._default_columns(index, row)[0]))
                    if value is not None:
                        amount += value
            total = total + amount if term.sign > 0 else total - amount
        return total

    def _check(self, rule, binding, kind, column):
        expression = rule.expression
        difference = self._total(expression.left, binding, kind, column) - self._total(
            expression.right, binding, kind, column
        )
        comparator = expression.comparator
        if comparator == "=":
            broken = difference != 0
        elif comparator == "≤":
            broken = difference > 0
        else:
            broken = difference < 0
        if not broken:
            return None
        left, left_parts = self._side(expression.left, binding, kind, column)
        right, right_parts = self._side(expression.right, binding, kind, column)
        all_refs = [ref for _, refs, _ in left_parts + right_parts for ref in refs]
        nonzero = sum(1 for ref in all_refs if self.amount(ref))
        tolerance = HALF_CENT_WAN * nonzero
        rounding = self.rounded and abs(difference) <= tolerance
        severity = WARNING if rounding else rule.severity
        left_text = _side_text(left_parts, binding, kind, self, column)
        right_text = _side_text(right_parts, binding, kind, self, column)
        relation = {"=": "应等于", "≤": "应不大于", "≥": "应不小于"}[comparator]
        message = (
            f"{rule.description}：{left_text} {format_wan(left)}万元，{relation} {right_text} {format_wan(right)}万元，"
            f"相差 {format_wan(difference)}万元。"
        )
        if rounding:
            detail = "；".join(
                f"{self.label(ref)} {format_wan(self.amount(ref))}" for ref in all_refs if self.amount(ref)
            )
            message += (
                f"按万元填报，涉及{nonzero}个逐项四舍五入的金额，差额在尾差范围（±{format_wan(tolerance)}万元）内，"
                f"为尾差，请说明。合计与分项：{detail}。"
            )
        cells = []
        for _, refs, _ in left_parts + right_parts:
            for ref in refs:
                if len(refs) <= FULL_CELL_LIST or self.amount(ref):
                    cells.append(self.cell(ref))
        return Finding(
            rule=rule.code,
            severity=severity,
            tables=tuple(sorted({t.table for t in expression.terms if t.table})),
            cells=_unique(cells),
            expected=right,
            actual=left,
            difference=difference,
            message=message,
            rounding=rounding,
            description=rule.description,
        )

    def label(self, ref):
        return cell_label(*ref, index=self.index(ref[0]))

    def cell(self, ref):
        table, row, column = ref
        index = self.index(table)
        return {
            "table": table,
            "row": row,
            "column": column,
            "label": cell_label(table, row, column, index=index),
            "source": index.data.sources.get((row, column), ""),
        }


def _unique(cells):
    seen, result = set(), []
    for cell in cells:
        key = (cell["table"], cell["row"], cell["column"])
        if key not in seen:
            seen.add(key)
            result.append(cell)
    return result


def row_label(table, row, *, index=None):
    spec = table_spec(table)
    if spec.layout == LAYOUT_LINES:
        return f"第{row}行"
    if row == TOTAL_ROW:
        return "合计行"
    for group in spec.groups:
        if row == group.total_key:
            return group.total_label
    name = index.names.get(row, "") if index is not None else ""
    return f"{row}{name}"


def column_label(table, column):
    spec = table_spec(table)
    col = spec.columns_by_key[column]
    if sum(1 for c in spec.columns if c.label == col.label) > 1 and col.group_path:
        return col.group_path[0] + col.label
    return col.label


def cell_label(table, row, column, *, index=None):
    return f"{table_spec(table).code} {row_label(table, row, index=index)} {column_label(table, column)}"


def cell_key_label(key):
    """A cell key as returns store it ("表号:行:列") named as the findings name cells; the key itself if unknown."""
    parts = str(key).split(":")
    try:
        return cell_label(int(parts[0]), parts[1], parts[2]) if len(parts) == 3 else key
    except (KeyError, TypeError, ValueError):
        return key


def _binding_text(term, binding, kind, run):
    index = run.index(term.table)
    if index.spec.layout == LAYOUT_LINES:
        key = index.class_lines.get(binding) if kind == 3 else binding
        return f"第{key}行" if key else f"{binding}类（无此行）"
    if binding == TOTAL_ROW:
        return "合计行"
    return row_label(term.table, binding, index=index)


def _side_text(parts, binding, kind, run, column):
    texts = []
    for i, (term, _, _) in enumerate(parts):
        text = term.text
        if column is not None:
            for word in EACH_COLUMN:
                text = text.replace(word, column_label(term.table, column))
        if term.rows[0] == "quantifier":
            word = next(w for w in text.split() if w.startswith("每"))
            text = text.replace(word, _binding_text(term, binding, kind, run), 1)
        elif term.rows[0] == "bound":
            word = term.rows[-1]
            if term.rows[1] == "same":
                text = text.replace(word, _binding_text(term, binding, kind, run), 1)
            else:
                level_word = {3: "类", 5: "款"}.get(len(binding), "")
                text = text.replace(word, f"{binding}{level_word}{word[2:]}", 1)
        sign = "" if i == 0 and term.sign > 0 else (" + " if term.sign > 0 else " − ")
        texts.append(sign + text)
    return "".join(texts).strip()


def _format_finding(rule, run, violation):
    cells = [run.cell(ref) for ref in violation.get("refs", ())]
    return Finding(
        rule=rule.code,
        severity=rule.severity,
        tables=tuple(violation.get("tables") or rule.tables),
        cells=cells,
        expected=None,
        actual=None,
        difference=None,
        message=f"{rule.description}：{violation['message']}",
        description=rule.description,
    )


def run_rules(rules, tables, *, entry_unit):
    """Every finding of `rules` (CompiledRule) over `tables` ({number: TableData})."""
    run = Run(tables, entry_unit=entry_unit)
    findings = []
    for rule in rules:
        findings.extend(run.evaluate(rule))
    return findings


@dataclass
class RuleSetData:
    """A year's rules as read from a data file, before they reach the database."""

    year: int
    name: str
    rules: list = field(default_factory=list)  # dicts: code, description, severity, tables, expression
