"""A year without its rule set or its checklist cannot be reviewed: an error, never a pass."""

from ..models import Part
from .finding import ERROR, CheckFinding
from .registry import check

NOT_LOADED = "本年度审核规则未载入"


@check(code_prefix="C-RULES", part=Part.COMPLETENESS)
def rules_loaded(context):
    missing = []
    if not context.rules:
        missing.append(f"{context.year}年度没有启用的审核规则集")
    if context.checklist_template is None:
        missing.append(f"{context.year}年度没有自查表")
    if not missing:
        return []
    detail = "、".join(missing)
    return [CheckFinding(rule="C-RULES", severity=ERROR, message=f"{NOT_LOADED}（{detail}），请管理员载入后再审核。", key="rules")]
