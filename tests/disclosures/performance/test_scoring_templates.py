import tomllib
from decimal import Decimal

import pytest

from disclosures.performance.scoring_templates import TEMPLATES_DIR, TemplateError, all_templates, parse_template


def test_every_template_file_loads_and_its_weights_add_up():
    templates = all_templates()
    assert set(templates) >= {"hubei_project_2024", "hunan_project_2024", "hunan_department_2024",
                              "sichuan_project_2024", "jiangsu_project_2023"}  # fmt: skip
    for template in templates.values():
        assert template.execution_weight + template.indicator_total == template.total == Decimal(100)


def _raw(name):
    with open(TEMPLATES_DIR / f"{name}.toml", "rb") as fh:
        return tomllib.load(fh)


def test_a_template_whose_weights_do_not_add_up_is_refused():
    raw = _raw("hubei_project_2024")
    raw["indicator_total"] = "70"
    with pytest.raises(TemplateError, match="total"):
        parse_template(raw)


def test_level1_weights_must_add_up_to_the_indicators_total():
    raw = _raw("jiangsu_project_2023")
    raw["level1_weights"]["决策指标"] = "13"
    with pytest.raises(TemplateError, match="level1"):
        parse_template(raw)


def test_a_weight_written_as_a_float_is_refused():
    raw = _raw("hubei_project_2024")
    raw["execution_weight"] = 20.0
    with pytest.raises(TemplateError, match="float"):
        parse_template(raw)
