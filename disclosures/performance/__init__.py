"""Performance self-evaluation (绩效自评): scoring templates as data, the scoring engine,
the checks, and entry by form and Excel. See README in this package's docstrings:

- values.py            target/actual text → operator, number, unit (exact Decimals)
- scoring_templates.py the templates in templates_data/*.toml
- engine.py            score_evaluation(*, evaluation, template) -> EvaluationScore
- checks/              one module a rule; run_checks(*, version) -> [Finding]
- services.py          writes (evaluation_save, department_evaluation_save, basic_data_save)
- excel.py             the downloadable workbook and its import (all or nothing)
"""
