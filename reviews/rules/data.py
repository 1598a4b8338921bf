"""The rule data files (reviews/rule_data/rules_YEAR.toml) read without the database."""

import tomllib
from functools import lru_cache
from pathlib import Path

from .engine import CompiledRule, RuleSetData

RULE_DATA_DIR = Path(__file__).resolve().parent.parent / "rule_data"


def rule_file(year):
    return RULE_DATA_DIR / f"rules_{year}.toml"


def read_rule_file(path):
    """A RuleSetData from a TOML file; every expression is compiled, so a bad one raises ValueError."""
    with open(path, "rb") as fh:
        raw = tomllib.load(fh)
    data = RuleSetData(year=raw["year"], name=raw["name"])
    codes = set()
    for position, rule in enumerate(raw["rule"], start=1):
        if rule["code"] in codes:
            raise ValueError(f"{Path(path).name}：规则编号{rule['code']}重复")
        codes.add(rule["code"])
        try:
            compiled = CompiledRule.build(
                code=rule["code"],
                description=rule["description"],
                severity=rule["severity"],
                expression=rule["expression"],
                tables=rule.get("tables", ()),
            )
        except ValueError as exc:
            raise ValueError(f"{Path(path).name} 规则{rule['code']}：{exc}") from exc
        data.rules.append(
            {
                "code": rule["code"],
                "description": rule["description"],
                "severity": rule["severity"],
                "tables": list(compiled.tables),
                "expression": rule["expression"],
                "position": position,
            }
        )
    return data


@lru_cache(maxsize=8)
def file_rules(year):
    """The compiled rules of a year's data file (used when the database holds no rule set)."""
    path = rule_file(year)
    if not path.exists():
        return ()
    data = read_rule_file(path)
    return tuple(
        CompiledRule.build(
            code=r["code"], description=r["description"], severity=r["severity"], expression=r["expression"], tables=r["tables"]
        )
        for r in data.rules
    )
