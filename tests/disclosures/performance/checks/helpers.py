from disclosures.performance.checks import CheckContext


def rules(findings):
    return [f.rule for f in findings]


def context(*evaluations, narrative="", tables=None, department=None, basic_data=None):
    return CheckContext(evaluations=list(evaluations), narrative=narrative, tables=tables,
                        department_evaluation=department, basic_data=basic_data)  # fmt: skip
