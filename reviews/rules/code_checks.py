"""Codes the year's list lacks, as findings the reviewer sees (the import's verdicts, see
disclosures.excel.codes): a code whose 类 (and 款) is known is a warning to check it; one whose
类 or 款 is unknown too is an error (the import refuses it; a stored one predates the list)."""

from django.db import DatabaseError

from disclosures.excel.codes import codes_against_list
from disclosures.tables.spec import table_spec

from .engine import Finding

CODE_RULE = "K01"
CODE_RULE_NAME = "科目编码不在科目表中"


def code_findings(*, tables, year):
    """[Finding] for the unlisted codes of `tables` ({number: TableData}) in `year`'s list."""
    try:
        unlisted = codes_against_list(tables=tables, year=year)
    except DatabaseError:  # no database at hand (a workbook checked offline): no list to check against
        return []
    findings = []
    for item in unlisted:
        data = tables[item.table]
        column = table_spec(item.table).columns[0].key
        name = dict(data.code_rows).get(item.code, "")
        findings.append(
            Finding(
                rule=CODE_RULE,
                severity="error" if item.error else "warning",
                tables=(item.table,),
                cells=[
                    {
                        "table": item.table,
                        "row": item.code,
                        "column": column,
                        "label": f"{table_spec(item.table).code} {item.code}{name}",
                        "source": data.sources.get((item.code, column), ""),
                    }
                ],
                expected=None,
                actual=None,
                difference=None,
                message=f"{CODE_RULE_NAME}：{item.message}（{table_spec(item.table).code}）",
                description=CODE_RULE_NAME,
            )
        )
    return findings


__all__ = ("CODE_RULE", "code_findings")
