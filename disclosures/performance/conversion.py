"""Typed values of the tables' fields from what a person entered (a form field or a cell).
Every error is a ValueError with the Chinese reason; floats never reach an amount."""

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation, localcontext
from functools import cache

from portal.textpolicy import text_problem

from ..models import QualitativeTier
from ..tables.values import AmountError, wan_to_yuan
from .layout import CHOICE_SEPARATOR
from .scoring_templates import all_templates

CENT = Decimal("0.01")
MAX_SCORE = Decimal("9999.99")
_TIERS = {
    **{t.value: t.value for t in QualitativeTier},
    **{t.label: t.value for t in QualitativeTier},
    "达成": QualitativeTier.ACHIEVED,
    "部分达成": QualitativeTier.PARTIAL,
    "未达成": QualitativeTier.MISSED,
}


def as_text(value):
    if value is None:
        return ""
    if isinstance(value, float):
        return str(_exact(value)).strip()
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value).strip()


def _exact(value):
    """The Decimal a number typed by a person stands for (a workbook's float is its shortest repr)."""
    if isinstance(value, bool):
        raise ValueError("应为数字")
    if isinstance(value, float):
        with localcontext() as context:
            context.prec = 15
            return +Decimal(repr(value))
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    cleaned = re.sub(r"[,，\s\u3000]", "", str(value))
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"应为数字，实际为“{str(value).strip()}”") from None
    if not number.is_finite():
        raise ValueError(f"应为数字，实际为“{str(value).strip()}”")
    return number


@cache
def _max_lengths():
    """{field name: the shortest max_length any evaluation or indicator model gives it}."""
    from ..models import DepartmentEvaluation, DepartmentIndicator, EvaluationIndicator, ProjectEvaluation

    lengths = {}
    for model in (ProjectEvaluation, DepartmentEvaluation, EvaluationIndicator, DepartmentIndicator):
        for model_field in model._meta.get_fields():
            limit = getattr(model_field, "max_length", None)
            if limit:
                lengths[model_field.name] = min(limit, lengths.get(model_field.name, limit))
    return lengths


def convert(field, value, *, kind_of_table="project"):
    """The stored value of a layout Field from an entered value; None/"" when left empty."""
    text = as_text(value)
    if not text:
        if field.required:
            raise ValueError(f"“{field.label}”必须填写")
        return "" if field.kind in ("text", "long", "choice", "one_choice", "tier", "template") else None
    if field.kind == "one_choice" and CHOICE_SEPARATOR in text:
        raise ValueError(f"“{field.label}”只能选一项（现为“{text}”）")
    if field.kind in ("text", "long", "choice", "one_choice"):
        problem = text_problem(text, multiline=field.kind == "long", max_length=_max_lengths().get(field.name))
        if problem:
            raise ValueError(problem)
        return text
    if field.kind == "date":
        if isinstance(value, (date, datetime)):
            return value.date() if isinstance(value, datetime) else value
        match = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", text)
        if not match:
            raise ValueError(f"日期应写作 2025-04-01，实际为“{text}”")
        try:
            return date(*(int(g) for g in match.groups()))
        except ValueError:
            raise ValueError(f"“{text}”不是有效日期") from None
    if field.kind == "wan":
        try:
            return wan_to_yuan(_exact(value))
        except AmountError as exc:
            raise ValueError(f"金额{exc}") from None
    if field.kind in ("score", "percent"):
        number = _exact(text.rstrip("%％") if field.kind == "percent" else value)
        if number != number.quantize(CENT) or abs(number) > MAX_SCORE:
            raise ValueError(f"“{text}”应为最多两位小数的数")
        return number.quantize(CENT)
    if field.kind == "tier":
        if text not in _TIERS:
            raise ValueError(f"达成档次应为“达成”“部分达成”或“未达成”，实际为“{text}”")
        return str(_TIERS[text])
    if field.kind == "template":
        templates = [t for t in all_templates().values() if t.kind == kind_of_table]
        for template in templates:
            if text in (template.key, template.name):
                return template.key
        names = "、".join(t.name for t in templates)
        raise ValueError(f"没有评分模板“{text}”，可选：{names}")
    raise AssertionError(field.kind)
