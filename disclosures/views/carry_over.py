"""从上年带入 (POST /workspace/reports/<pk>/carry-over/): last year's text, 名词解释, totals and
opening balances into the newest version, where it has none of its own.

Who may post: department accountants, for their own departments' reports (other roles 403,
other departments' reports 404). A version that is not editable is refused with a message and
nothing written; so is a report whose department has no report of the year before.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.views import View

from portal.accounts.permissions import AccountantRequiredMixin

from ..carry_over.selectors import cell_label
from ..carry_over.services import version_carry_over
from ..selectors import reports_for_user, version_latest
from ..services import ContentError, VersionLocked

LISTED = 5  # the carried cells named in the message; the rest counted


def _named(labels, unit="处"):
    return "、".join(labels[:LISTED]) + (f"等{len(labels)}{unit}" if len(labels) > LISTED else "")


def carry_over_messages(plan):
    """[(level, text)] saying what was carried, from where, and what was kept."""
    source = plan.source
    where = f"{source.report.year}年度报告（第{source.number}版，{source.get_state_display()}）"
    result = []
    if plan.is_empty:
        result.append((messages.INFO, f"{where}没有可带入的内容，或已全部带入。"))
    else:
        texts = [plan.titles[key] for key in plan.sections if not key.startswith("prior_year.")]
        totals = [plan.titles[key] for key in plan.sections if key.startswith("prior_year.")]
        parts = []
        if texts:
            parts.append(f"{len(texts)}部分文字（{_named(texts, '部分')}）")
        if totals:
            parts.append("、".join(totals))
        if plan.glossary:
            parts.append(f"名词解释{len(plan.glossary)}条")
        if plan.cells:
            parts.append("表格数" + _named([cell_label(t, r, c) for t, r, c, _ in plan.cells]))
        note = "文字中的数字仍是上年的，请逐一改为本年数（审核结果会逐一指出）；" if texts else ""
        result.append((messages.SUCCESS, f"已从{where}带入：{'；'.join(parts)}。{note}请核对后修改。"))
    kept = [plan.titles[key] for key in plan.kept_sections]
    if plan.kept_glossary:
        kept.append(f"名词解释（已有{plan.kept_glossary}条）")
    kept += [cell_label(*cell) for cell in plan.kept_cells]
    if kept:
        result.append((messages.WARNING, f"以下内容本报告已填写，未覆盖：{_named(kept)}。"))
    return result


class CarryOverView(AccountantRequiredMixin, View):
    """Who may post: the department's accountants (others 403, other departments' reports 404)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        report = get_object_or_404(reports_for_user(user=request.user), pk=pk)
        version = version_latest(report=report)
        try:
            plan = version_carry_over(version=version, user=request.user)
        except (ContentError, VersionLocked) as exc:
            messages.error(request, f"{exc}，未带入任何内容。")
        else:
            for level, text in carry_over_messages(plan):
                messages.add_message(request, level, text)
        return redirect("workspace:report", pk=report.pk)
