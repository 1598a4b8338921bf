"""A small expression language for consistency rules, readable by a finance officer.

A rule compares two sides with one of =, ≤, ≥ (also <=, >=); each side is one
or more terms joined by + and − (or -). A term names a table and the cells it reads:

    公开NN表 行 [栏] [之和]

Rows (the first word after the table):
    第27行                  a numbered line (tables 01, 04, 09)
    第1行至第8行            lines 1 to 8, summed (blank placeholder lines are skipped)
    本年收入合计            a line by its label, when the label is unique in the table
    合计行                  the 合计 row of a code table
    人员经费合计/公用经费合计 the group totals of table 06
    科目208 / 科目30217     a code: its row, or when the table has no such row the sum
                            of its detail rows (so 类/款 subtotal rows are optional)
    科目301各款             rows of that code's 款 (各类/各款/各项: rows of that level;
                            各科目: detail rows, i.e. rows without sub-rows) — summed
    各科目 / 各项 / 各款 / 各类   the same over the whole table
Quantifiers (at most one per rule; the rule is checked once for each value):
    每行                    every row holding the column (code tables: 合计行 and every code)
    每个科目 / 每个项 / 每个款 / 每个类
                            every code row (of that level); in tables 01 and 04, 每个类
                            is every expenditure line standing for a function class
and in the other terms the value bound by the quantifier:
    该行 / 同一行           the same row (same line number or code)
    该科目 / 同一科目       the same code (row, or the sum of its detail rows)
    该类 / 同一类 / 该款    the same class (in 01/04 the line standing for it)
    该类各科目 / 该类各款 / 该类各项 / 该款各项 / 该款各科目   rows under the bound code, summed
Columns (the second word; may be left out when the row has one column):
    本年支出合计            a column label as in the table description; when a label occurs
                            twice (table 09) prefix its group: 决算数公务接待费
    第3栏 / 第2栏至第6栏    by 栏次 (column number); a range is summed
A term may also be a plain number in 元 (e.g. 0).

Compile once with `compile_expression`; a bad expression raises ValueError with a
Chinese message naming the character position.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from disclosures.tables.spec import LAYOUT_CODES, LAYOUT_ECONOMIC, LAYOUT_LINES, TOTAL_ROW, table_spec

COMPARATORS = {"=": "=", "＝": "=", "≤": "≤", "<=": "≤", "≥": "≥", ">=": "≥"}
PLUS = {"+", "＋"}
MINUS = {"-", "−", "－"}
_TOKEN = re.compile(r"<=|>=|≤|≥|=|＝|\+|＋|-|−|－")
_TABLE = re.compile(r"^公开\s*0?([1-9])\s*表")
_LINE = re.compile(r"^第(\d+)行$")
_LINE_RANGE = re.compile(r"^第(\d+)行至第(\d+)行$")
_LINE_LIST = re.compile(r"^第(\d+(?:[、,，]\d+)+)行$")
_COLUMN = re.compile(r"^第(\d+)栏$")
_COLUMN_RANGE = re.compile(r"^第(\d+)栏至第(\d+)栏$")
_CODE = re.compile(r"^科目(\d{3}|\d{5}|\d{7})$")
_CODE_CHILDREN = re.compile(r"^科目(\d{3}|\d{5})各(科目|类|款|项)$")
_ALL_CHILDREN = re.compile(r"^各(科目|类|款|项)$")
LEVELS = {"类": 3, "款": 5, "项": 7, "科目": None}

EACH = "*each"
SAME_COLUMN = "*same"
EACH_COLUMN = {"每栏": EACH, "该栏": SAME_COLUMN, "同一栏": SAME_COLUMN}
QUANTIFIERS = {"每行": "row", "每个科目": "code", "每个项": 7, "每个款": 5, "每个类": 3}
# bound words: (quantifier kinds they may follow, what they select)
BOUND = {
    "该行": ({"row"}, ("same",)),
    "同一行": ({"row"}, ("same",)),
    "该科目": ({"code", 7, 5, 3}, ("same",)),
    "同一科目": ({"code", 7, 5, 3}, ("same",)),
    "该项": ({7}, ("same",)),
    "该款": ({5}, ("same",)),
    "同一款": ({5}, ("same",)),
    "该类": ({3}, ("same",)),
    "同一类": ({3}, ("same",)),
    "该类各科目": ({3}, ("under", None)),
    "该类各款": ({3}, ("under", 5)),
    "该类各项": ({3}, ("under", 7)),
    "该款各科目": ({5}, ("under", None)),
    "该款各项": ({5}, ("under", 7)),
    "该科目各科目": ({"code", 3, 5}, ("under", None)),
}


@dataclass(frozen=True)
class Term:
    """One signed term. `rows` is ("lines", keys) | ("code", code) | ("under", prefix, level)
    | ("bound", "same") | ("bound", "under", level) | ("quantifier", kind) | ("number", value)."""

    sign: int
    table: int
    rows: tuple
    columns: tuple  # column keys; () = the row's only column
    text: str
    position: int

    @property
    def is_bound(self):
        return self.rows[0] in ("bound", "quantifier")


@dataclass(frozen=True)
class Expression:
    source: str
    left: tuple
    comparator: str
    right: tuple
    quantifier: object = None  # "row" | "code" | 3 | 5 | 7
    each_columns: tuple = ()  # with 每栏: the column keys it runs over
    format_check: str = ""  # name of a built-in format check instead of a comparison

    @property
    def terms(self):
        return self.left + self.right

    @property
    def tables(self):
        return tuple(sorted({t.table for t in self.terms if t.table}))


FORMAT_PREFIX = "格式检查："


def _fail(position, message):
    raise ValueError(f"第{position + 1}个字符处：{message}")


def compile_expression(source, *, format_checks=()):
    """Parse a rule expression into an Expression; ValueError names the position of a problem."""
    if not isinstance(source, str) or not source.strip():
        raise ValueError("表达式不能为空")
    text = source.strip()
    if text.startswith(FORMAT_PREFIX) or text.startswith("格式检查:"):
        name = text[len(FORMAT_PREFIX) :].strip()
        if name not in format_checks:
            known = "、".join(format_checks) or "无"
            raise ValueError(f"第{len(FORMAT_PREFIX) + 1}个字符处：没有名为“{name}”的格式检查（可用：{known}）")
        return Expression(source=text, left=(), comparator="", right=(), format_check=name)

    pieces, last, comparators = [], 0, []
    signs = [(1, 0)]
    for match in _TOKEN.finditer(text):
        pieces.append((text[last : match.start()], last))
        symbol = match.group()
        if symbol in COMPARATORS:
            comparators.append((COMPARATORS[symbol], match.start(), len(pieces)))
            signs.append((1, match.end()))
        else:
            signs.append((1 if symbol in PLUS else -1, match.end()))
        last = match.end()
    pieces.append((text[last:], last))
    if not comparators:
        raise ValueError("表达式缺少比较符号（=、≤ 或 ≥）")
    if len(comparators) > 1:
        _fail(comparators[1][1], "一条规则只能有一个比较符号（=、≤ 或 ≥）")
    comparator, _, split = comparators[0]

    terms, quantifier = [], None
    for index, ((piece, offset), (sign, _)) in enumerate(zip(pieces, signs)):
        stripped = piece.strip()
        position = offset + (len(piece) - len(piece.lstrip()))
        if not stripped:
            _fail(position if position < len(text) else len(text) - 1, "缺少项（两个运算符之间或表达式首尾为空）")
        term = _term(stripped, sign, position)
        if term.rows[0] == "quantifier":
            if quantifier is not None:
                _fail(position, "一条规则只能有一个“每行/每个…”")
            quantifier = term.rows[1]
        terms.append(term)
    for term in terms:
        if term.rows[0] == "bound":
            allowed = BOUND[term.rows[-1]][0]
            if quantifier is None:
                _fail(term.position, f"“{term.rows[-1]}”需要在同一规则中先用“每行”“每个科目”“每个类”等指明范围")
            if quantifier not in allowed:
                _fail(term.position, f"“{term.rows[-1]}”与规则中的范围（{_quantifier_word(quantifier)}）不相配")
    each_columns = _each_columns(terms)
    left = tuple(terms[:split])
    right = tuple(terms[split:])
    return Expression(
        source=text, left=left, comparator=comparator, right=right, quantifier=quantifier, each_columns=each_columns
    )


def _each_columns(terms):
    """每栏 runs over the columns of its term's row; every 该栏 term's table must have them."""
    each = [t for t in terms if t.columns == (EACH,)]
    same = [t for t in terms if t.columns == (SAME_COLUMN,)]
    if len(each) > 1:
        _fail(each[1].position, "一条规则只能有一个“每栏”")
    if not each:
        if same:
            _fail(same[0].position, "“该栏”需要在同一规则中先用“每栏”")
        return ()
    term = each[0]
    spec = table_spec(term.table)
    if spec.layout == LAYOUT_LINES:
        columns = tuple(c.key for c in spec.side_of(term.rows[1][0]).columns)
    else:
        columns = tuple(c.key for c in spec.columns)
    for other in same:
        other_spec = table_spec(other.table)
        known = {c.key for c in other_spec.columns}
        if other_spec.layout == LAYOUT_LINES and other.rows[0] == "lines":
            for key in other.rows[1]:
                known &= {c.key for c in other_spec.side_of(key).columns}
        missing = [key for key in columns if key not in known]
        if missing:
            names = "、".join(spec.columns_by_key[key].label for key in missing)
            _fail(other.position, f"{other_spec.code}没有与“每栏”对应的栏：{names}")
    return columns


def _quantifier_word(kind):
    return next(word for word, value in QUANTIFIERS.items() if value == kind)


def _term(text, sign, position):
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        value = None
    if value is not None and value.is_finite():
        return Term(sign=sign, table=0, rows=("number", value), columns=(), text=text, position=position)
    match = _TABLE.match(text)
    if not match:
        _fail(position, f"“{text[:12]}”应以表名开头，如“公开01表”")
    number = int(match.group(1))
    spec = table_spec(number)
    rest = text[match.end() :]
    words = rest.split()
    if words and words[-1].endswith("之和"):
        words[-1] = words[-1][: -len("之和")]
        if not words[-1]:
            words.pop()
    if not words:
        _fail(position + match.end(), f"{spec.code}后缺少行（如“第27行”“合计行”“每个科目”）")
    if len(words) > 2:
        _fail(position + text.find(words[2]), f"“{words[2]}”多余：一项只写表名、行、栏")
    row_word = words[0]
    row_position = position + text.find(row_word, match.end())
    rows = _rows(spec, row_word, row_position)
    column_word = words[1] if len(words) == 2 else ""
    column_position = position + text.rfind(column_word) if column_word else row_position
    columns = _columns(spec, rows, column_word, column_position)
    return Term(sign=sign, table=number, rows=rows, columns=columns, text=text, position=position)


def _rows(spec, word, position):
    if word.endswith("之和"):
        word = word[: -len("之和")]
    if word in QUANTIFIERS:
        kind = QUANTIFIERS[word]
        if spec.layout == LAYOUT_LINES and kind not in ("row", 3):
            _fail(position, f"{spec.code}没有科目行，不能用“{word}”")
        if kind == 3 and spec.layout == LAYOUT_LINES and not any(line.function_class for line in spec.lines):
            _fail(position, f"{spec.code}没有按类列示的行，不能用“{word}”")
        return ("quantifier", kind)
    if word in BOUND:
        return ("bound",) + BOUND[word][1] + (word,)
    if spec.layout == LAYOUT_LINES:
        return ("lines", _line_keys(spec, word, position))
    if word == "合计行":
        if spec.layout != LAYOUT_CODES:
            _fail(position, f"{spec.code}没有“合计行”，请写“{spec.groups[0].total_label}”等")
        return ("lines", (TOTAL_ROW,))
    for group in spec.groups:
        if word == group.total_label:
            return ("lines", (group.total_key,))
    match = _CODE.match(word)
    if match:
        _check_code_length(spec, match.group(1), position)
        return ("code", match.group(1))
    match = _CODE_CHILDREN.match(word)
    if match:
        return ("under", match.group(1), LEVELS[match.group(2)])
    match = _ALL_CHILDREN.match(word)
    if match:
        return ("under", "", LEVELS[match.group(1)])
    _fail(position, f"{spec.code}没有行“{word}”（可写“合计行”“科目2080505”“各科目”“每个科目”等）")


def _check_code_length(spec, code, position):
    if spec.layout == LAYOUT_ECONOMIC and len(code) == 7:
        _fail(position, f"{spec.code}的经济分类科目只有3位（类）或5位（款）")


def _line_keys(spec, word, position):
    numbers = None
    if match := _LINE.match(word):
        numbers = [int(match.group(1))]
    elif match := _LINE_RANGE.match(word):
        start, end = int(match.group(1)), int(match.group(2))
        if end < start:
            _fail(position, f"行次范围“{word}”起止颠倒")
        numbers = list(range(start, end + 1))
    elif match := _LINE_LIST.match(word):
        numbers = [int(n) for n in re.split(r"[、,，]", match.group(1))]
    if numbers is None:
        found = [line for line in spec.lines if not line.is_blank and line.label == word]
        if len(found) == 1:
            return (found[0].key,)
        if len(found) > 1:
            _fail(position, f"{spec.code}有{len(found)}行名为“{word}”，请写行次，如“第{found[0].number}行”")
        _fail(position, f"{spec.code}没有行“{word}”（请写“第27行”或“第1行至第8行”）")
    keys = []
    for n in numbers:
        line = spec.lines_by_key.get(str(n))
        if line is None:
            _fail(position, f"{spec.code}没有第{n}行")
        if not line.is_blank:
            keys.append(line.key)
    if not keys:
        _fail(position, f"{spec.code}“{word}”都是空行")
    return tuple(keys)


def column_names(spec):
    """Every accepted name of each column: its label, group+label, 第N栏, key.

    Returns (names, counts): names maps an unambiguous name to the column key,
    counts how many columns answer to each name (more than one = ambiguous).
    """
    claims = {}
    for column in spec.columns:
        candidates = {f"第{column.number}栏", column.key, column.label}
        for group in column.group_path:
            candidates.add(group + column.label)
        if column.group_path:
            candidates.add("/".join(column.group_path) + "/" + column.label)
            candidates.add("".join(column.group_path) + column.label)
        for name in candidates:
            claims.setdefault(name, []).append(column.key)
    names = {name: keys[0] for name, keys in claims.items() if len(keys) == 1}
    counts = {name: len(keys) for name, keys in claims.items()}
    return names, counts


def _columns(spec, rows, word, position):
    if word.endswith("之和"):
        word = word[: -len("之和")]
    if word in EACH_COLUMN:
        if rows[0] == "lines" and spec.layout == LAYOUT_LINES:
            return (EACH_COLUMN[word],)
        if spec.layout == LAYOUT_LINES:
            _fail(position, f"{spec.code}中“{word}”只能跟在具体行次之后")
        return (EACH_COLUMN[word],)
    if not word:
        if len(spec.columns) == 1:
            return (spec.columns[0].key,)
        if rows[0] == "lines":
            sides = {spec.side_of(key).key for key in rows[1]} if spec.layout == LAYOUT_LINES else {""}
            if spec.layout == LAYOUT_LINES and len(sides) == 1:
                side_columns = spec.side_of(rows[1][0]).columns
                if len(side_columns) == 1:
                    return (side_columns[0].key,)
        _fail(position, f"{spec.code}有多栏，请写明栏名或栏次（如“{spec.columns[0].label}”或“第{spec.columns[0].number}栏”）")
    if match := _COLUMN_RANGE.match(word):
        start, end = int(match.group(1)), int(match.group(2))
        keys = tuple(c.key for c in spec.columns if start <= c.number <= end)
        if not keys or end < start:
            _fail(position, f"{spec.code}没有栏次“{word}”")
        columns = keys
    else:
        names, counts = column_names(spec)
        if word not in names:
            if counts.get(word, 0) > 1 and _COLUMN.match(word) is None:
                _fail(position, f"{spec.code}有{counts[word]}栏名为“{word}”，请在前面加分组名（如“决算数{word}”）或写栏次")
            _fail(position, f"{spec.code}没有栏“{word}”")
        columns = (names[word],)
    if rows[0] == "lines" and spec.layout == LAYOUT_LINES:
        for key in rows[1]:
            allowed = {c.key for c in spec.side_of(key).columns}
            for column in columns:
                if column not in allowed:
                    _fail(position, f"{spec.code}第{key}行没有栏“{spec.columns_by_key[column].label}”")
    return columns
