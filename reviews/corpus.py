"""Precision and recall of every check on the corpus of real published disclosures: the text checks
(disclosures.narrative.corpus) and, where a document's tables.json holds its nine tables as printed
(`judge_tables = true`), the table rules of the year's shipped rule file (reviews/rule_data/, less
the rules the region's profile turns off), the format rules and the code list (K01).

A table finding is identified by its rule, its first cell ("06/302/amount": table/row/column; for
a relation, the total it checks) and its severity; a finding without cells (F-TABLES) by the
tables it names ("07,08").
"""

from disclosures.narrative.corpus import (
    FAMILIES as TEXT_FAMILIES,
    TOTAL,
    Key,
    document_result,
    documents,
    is_text_rule,
    precision_recall as _precision_recall,
    ratio,
    read_document,
    text_family,
    text_keys,
)
from disclosures.regions.tables import table_layout

from .rules.code_checks import code_findings
from .rules.data import file_rules
from .rules.engine import UNIT_WAN, run_rules

TABLE_FAMILIES = (("R", "表内勾稽"), ("X", "表间勾稽"), ("F-", "表格格式"), ("K", "科目编码"))

__all__ = ("TOTAL", "check_document", "corpus_precision", "documents", "family", "ratio", "table_keys")


def family(rule):
    """The rule family a finding is counted under: the text's (N…) or the tables' by code prefix."""
    if is_text_rule(rule):
        return text_family(rule)
    for prefix, name in TABLE_FAMILIES:
        if rule.startswith(prefix):
            return name
    return rule


def table_key(finding):
    if finding.cells:
        cell = finding.cells[0]
        place = f"{cell['table']:02d}/{cell['row']}/{cell['column']}"
    else:
        place = ",".join(f"{t:02d}" for t in finding.tables)
    return Key(finding.rule, place, "", finding.severity)


def table_keys(document):
    """The Keys of the table rules' findings on a document's tables (entered in 万元, as printed)."""
    off = table_layout(document.profile).rules_off
    rules = [rule for rule in file_rules(document.year) if rule.code not in off]
    findings = run_rules(rules, document.tables, entry_unit=UNIT_WAN)
    findings += code_findings(tables=document.tables, year=document.year)
    return [table_key(f) for f in findings if f.rule not in document.ignored]


def check_document(path):
    """The DocumentResult of one corpus directory: text findings, and table findings where judged."""
    document = read_document(path)
    found = text_keys(document)
    if document.judge_tables:
        return document_result(document, found + table_keys(document))
    return document_result(document, found, keep=lambda key: is_text_rule(key.rule))


def corpus_precision(results):
    """{family: (matched, found, expected)} of every rule family, text and tables (none found: zeros)."""
    families = dict.fromkeys([*TEXT_FAMILIES.values(), *(name for _, name in TABLE_FAMILIES)], (0, 0, 0))
    return {**families, **_precision_recall(results, family=family)}
