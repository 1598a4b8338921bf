"""The named quantities a text can state, read from the tables, and the phrases that name them.

A figure key names one amount of the nine tables (see vocabulary.toml): "01/31/amount",
"05/total/basic", "05/208*/total" (the 项 rows of class 208 summed). Values are Decimals in 元.
"""

import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from ..tables.spec import LAYOUT_LINES, TOTAL_ROW, table_spec
from ..tables.values import ZERO, TableData

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.toml")
CLASS_TABLE = 1  # whose lines name the function classes


@dataclass(frozen=True)
class FigureKey:
    table: int
    row: str
    column: str

    @classmethod
    def parse(cls, key):
        table, row, column = key.split("/")
        return cls(table=int(table), row=row, column=column)

    @property
    def is_class(self):
        return self.row.endswith("*")

    @property
    def tables(self):
        return (self.table,)


def leaf_codes(data):
    codes = [code for code, _ in data.code_rows]
    prefixes = {code[:n] for code in codes for n in (3, 5) if len(code) > n}
    return [code for code in codes if code not in prefixes]


def figure_value(tables, key):
    """The amount (元) a figure key names, or None when the table is not at hand."""
    ref = FigureKey.parse(key) if isinstance(key, str) else key
    data = tables.get(ref.table)
    if data is None:
        return None
    if ref.is_class:
        prefix = ref.row[:-1]
        return sum((data.get(code, ref.column) for code in leaf_codes(data) if code.startswith(prefix)), ZERO)
    return data.get(ref.row, ref.column)


@cache
def class_names():
    """{class code: name as the text says it}, e.g. {"208": "社会保障和就业"}, from 公开01表's lines."""
    names = {}
    for line in table_spec(CLASS_TABLE).lines:
        if line.function_class:
            name = re.sub(r"^[一二三四五六七八九十]+、", "", line.label)
            names[line.function_class] = re.sub(r"支出$", "", name)
    return names


def figure_label(key):
    """Where a figure is, in words: 公开01表 第31行 总计; 公开05表 社会保障和就业（208类） 小计."""
    ref = FigureKey.parse(key) if isinstance(key, str) else key
    spec = table_spec(ref.table)
    column = spec.columns_by_key.get(ref.column)
    column_label = column.label if column else ref.column
    if column is not None and column.group and column.label in ("小计", "合计"):
        column_label = f"{column.group_path[-1]}{column.label}"
    if ref.is_class:
        code = ref.row[:-1]
        return f"{spec.code} {class_names().get(code, code)}（{code}类）{column_label}"
    if spec.layout == LAYOUT_LINES:
        line = spec.lines_by_key[ref.row]
        row = f"第{ref.row}行{(' ' + line.label) if line.label else ''}"
        return f"{spec.code} {row} {column_label}".strip() if len(spec.columns) > 1 else f"{spec.code} {row}"
    row = "合计" if ref.row == TOTAL_ROW else spec.row_label(ref.row, ref.row)
    return f"{spec.code} {row} {column_label}"


# Last year: either last year's nine tables ({number: TableData}, e.g. read from its workbook)
# or the totals entered by hand ({"total": 元, "fiscal_total": 元} as prior_year_totals gives).
PRIOR_TOTAL_KEYS = {"total": ("01/31/amount", "01/62/amount"), "fiscal_total": ("04/32/amount", "04/64/subtotal")}


def prior_lookup(prior):
    """A function figure key -> last year's value (元) or None."""
    if not prior:
        return lambda key: None
    if all(isinstance(value, TableData) for value in prior.values()):
        return lambda key: figure_value(prior, key)
    entered = {}
    for name, keys in PRIOR_TOTAL_KEYS.items():
        if prior.get(name) is not None:
            entered.update({key: Decimal(prior[name]) for key in keys})
    return entered.get


@dataclass(frozen=True)
class Phrase:
    phrase: str
    pattern: re.Pattern
    figure: str
    budget: str = ""


def phrase_pattern(phrase):
    parts = []
    for char in phrase:
        if char in "(（":
            parts.append("[(（]")
        elif char in ")）":
            parts.append("[)）]")
        elif char in "“”\"":
            parts.append("[“”\"]?")
        else:
            parts.append(re.escape(char))
    return re.compile(r"\s*".join(parts))


@dataclass(frozen=True)
class SectionVocabulary:
    key: str
    phrases: tuple = ()
    bases: tuple = ()
    share_base: str = ""


@cache
def _raw():
    with open(VOCABULARY_FILE, "rb") as fh:
        return tomllib.load(fh)


@cache
def _vocabulary():
    raw = _raw()
    sections = {}
    for section in raw["section"]:
        phrases = [
            Phrase(phrase=p["phrase"], pattern=phrase_pattern(p["phrase"]), figure=p["figure"], budget=p.get("budget", ""))
            for p in section.get("phrases", ())
        ]
        if "classes" in section:
            table, column = section["classes"]["table"], section["classes"]["column"]
            for code, name in class_names().items():
                phrases.append(Phrase(phrase=name, pattern=phrase_pattern(name), figure=f"{table:02d}/{code}*/{column}"))
        bases = [
            Phrase(phrase=b["phrase"], pattern=phrase_pattern(b["phrase"]), figure=b["figure"])
            for b in section.get("bases", ())
        ]
        sections[section["key"]] = SectionVocabulary(
            key=section["key"], phrases=tuple(phrases), bases=tuple(bases), share_base=section.get("share_base", "")
        )
    joiners = sorted(raw["joiners"]["words"], key=len, reverse=True)
    return sections, joiners


def section_vocabulary(key):
    return _vocabulary()[0].get(key, SectionVocabulary(key=key))


def joiner_words():
    return _vocabulary()[1]


def generic_words():
    """(words, min_chars): what makes a clause too generic to compare across the text."""
    generic = _raw()["generic"]
    return tuple(generic["words"]), generic["min_chars"]
