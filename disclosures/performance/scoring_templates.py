"""The scoring templates, kept as data in templates_data/*.toml (one file a layout)."""

import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

TEMPLATES_DIR = Path(__file__).parent / "templates_data"
KINDS = ("project", "department")
EQUAL_RULES = ("proportional", "all_or_nothing")


class TemplateError(ValueError):
    pass


@dataclass(frozen=True)
class Tier:
    key: str
    name: str
    low: Decimal  # share of the weight
    high: Decimal


@dataclass(frozen=True)
class ScoringTemplate:
    key: str
    name: str
    kind: str
    total: Decimal
    execution_weight: Decimal
    execution_cap: bool
    indicator_total: Decimal
    equal_rule: str
    cap_at_weight: bool
    tiers: tuple
    level1_weights: dict = field(default_factory=dict)
    level1_choices: tuple = ()
    category_choices: tuple = ()
    attribute_choices: tuple = ()
    project_type_choices: tuple = ()
    notes: tuple = ()  # the 备注 printed under each table of this layout
    source: str = ""

    def tier(self, key):
        return next(t for t in self.tiers if t.key == key)


def _decimal(raw, name, key):
    if isinstance(raw, float):
        raise TemplateError(f"{key}: {name} must be a quoted decimal, not a float")
    return Decimal(str(raw))


def parse_template(raw):
    key = raw["key"]
    quantitative = raw.get("quantitative", {})
    template = ScoringTemplate(
        key=key,
        name=raw["name"],
        kind=raw["kind"],
        total=_decimal(raw["total"], "total", key),
        execution_weight=_decimal(raw["execution_weight"], "execution_weight", key),
        execution_cap=raw.get("execution_cap", True),
        indicator_total=_decimal(raw["indicator_total"], "indicator_total", key),
        equal_rule=quantitative.get("equal", "proportional"),
        cap_at_weight=quantitative.get("cap_at_weight", True),
        tiers=tuple(
            Tier(key=t["key"], name=t["name"], low=_decimal(t["low"], "low", key), high=_decimal(t["high"], "high", key))
            for t in raw.get("qualitative_tier", ())
        ),
        level1_weights={k: _decimal(v, k, key) for k, v in raw.get("level1_weights", {}).items()},
        level1_choices=tuple(raw.get("level1_choices", ())),
        category_choices=tuple(raw.get("category_choices", ())),
        attribute_choices=tuple(raw.get("attribute_choices", ())),
        project_type_choices=tuple(raw.get("project_type_choices", ())),
        notes=tuple(raw.get("notes", ())),
        source=raw.get("source", ""),
    )
    validate_template(template)
    return template


def validate_template(template):
    """The template's own weights must add up: execution + indicators = total, and the
    level-1 weights, when given, add up to the indicators' total."""
    key = template.key
    if template.kind not in KINDS:
        raise TemplateError(f"{key}: kind must be one of {KINDS}")
    if template.equal_rule not in EQUAL_RULES:
        raise TemplateError(f"{key}: quantitative.equal must be one of {EQUAL_RULES}")
    if template.execution_weight + template.indicator_total != template.total:
        raise TemplateError(f"{key}: execution_weight + indicator_total != total")
    if template.level1_weights and sum(template.level1_weights.values()) != template.indicator_total:
        raise TemplateError(f"{key}: level1_weights do not add up to indicator_total")
    if {t.key for t in template.tiers} != {"achieved", "partial", "missed"}:
        raise TemplateError(f"{key}: qualitative tiers must be achieved, partial and missed")
    for tier in template.tiers:
        if not Decimal(0) <= tier.low <= tier.high <= Decimal(1):
            raise TemplateError(f"{key}: tier {tier.key} must satisfy 0 ≤ low ≤ high ≤ 1")


@cache
def all_templates():
    templates = {}
    for path in sorted(TEMPLATES_DIR.glob("*.toml")):
        with open(path, "rb") as fh:
            template = parse_template(tomllib.load(fh))
        if template.key != path.stem:
            raise TemplateError(f"{path.name}: key must equal the file name")
        templates[template.key] = template
    return templates


def template_for(key):
    try:
        return all_templates()[key]
    except KeyError:
        raise TemplateError(f"没有评分模板“{key}”") from None


def template_choices(*, kind):
    return [(t.key, t.name) for t in all_templates().values() if t.kind == kind]
