"""Rules in the admin as Chinese forms: the tables as boxes to tick rather than JSON, the expression
checked as it is typed (syntax and references against the tables' description, by the same
compiler the checks use), and 试算: a rule, saved or not, run on a chosen report's tables."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse_lazy
from django.views.decorators.http import require_POST

from disclosures.models import ReportVersion
from disclosures.selectors import version_tables
from disclosures.tables.spec import TABLES

from .models import Rule, Severity
from .rules.engine import CompiledRule, run_rules

TABLE_CHOICES = [(t.number, f"{t.code} {t.name}") for t in TABLES]


def rule_compiled(*, expression, tables=(), severity=Severity.ERROR, code="试算", description="试算"):
    """(CompiledRule, None) or (None, the Chinese message of what is wrong)."""
    try:
        return CompiledRule.build(code=code, description=description, severity=severity, expression=expression, tables=tables), None
    except ValueError as exc:
        return None, str(exc)


def rule_check_text(compiled):
    names = "、".join(f"公开{n:02d}表" for n in compiled.tables)
    return f"表达式正确，涉及{names}" if names else "表达式正确"


class RuleForm(forms.ModelForm):
    """Refuses a rule whose expression does not compile, naming the position of the problem; the
    page checks it as it is typed (static/js/rule_check.js)."""

    tables = forms.TypedMultipleChoiceField(
        label="涉及的表",
        choices=TABLE_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="不选则按表达式自动确定。",
    )

    class Meta:
        model = Rule
        fields = ("code", "description", "severity", "tables", "expression", "enabled", "position")
        widgets = {
            "expression": forms.Textarea(
                attrs={"rows": 2, "cols": 100, "class": "rule-expression", "data-check-url": reverse_lazy("admin:reviews_rule_check")}
            )
        }

    def clean(self):
        cleaned = super().clean()
        expression = cleaned.get("expression")
        if expression:
            compiled, problem = rule_compiled(
                expression=expression, tables=cleaned.get("tables") or (), severity=cleaned.get("severity") or Severity.ERROR
            )
            if problem:
                self.add_error("expression", problem)
            elif not cleaned.get("tables"):
                cleaned["tables"] = list(compiled.tables)
        return cleaned


class RuleTrialForm(forms.Form):
    expression = forms.CharField(label="表达式", widget=RuleForm.Meta.widgets["expression"])
    severity = forms.ChoiceField(label="严重程度", choices=Severity.choices, initial=Severity.ERROR)
    version = forms.ModelChoiceField(
        label="试算的报告",
        queryset=ReportVersion.objects.select_related("report__department").order_by("-report__year", "report__department__code", "-number"),
        empty_label="——请选择——",
        help_text="在这份报告的表格上运行规则，只显示结果，不保存。",
    )


class RuleAdminMixin:
    """For the Rule admin: the live check and 试算."""

    def get_urls(self):
        urls = [
            path("check/", self.admin_site.admin_view(require_POST(self.rule_check_view)), name="reviews_rule_check"),
            path("trial/", self.admin_site.admin_view(self.rule_trial_view), name="reviews_rule_trial"),
        ]
        return urls + super().get_urls()

    def rule_check_view(self, request):
        """Who may use it: administrators who may view rules. Compiles an expression, writes nothing."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        compiled, problem = rule_compiled(expression=request.POST.get("expression", "")[:5000])
        if problem:
            return JsonResponse({"ok": False, "message": problem})
        return JsonResponse({"ok": True, "message": rule_check_text(compiled), "tables": list(compiled.tables)})

    def rule_trial_view(self, request):
        """Who may see it: administrators who may view rules. Runs a rule on a report, writes nothing."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        initial = {}
        rule = Rule.objects.filter(pk=request.GET.get("rule") or 0).first()
        if rule is not None:
            initial = {"expression": rule.expression, "severity": rule.severity}
        form = RuleTrialForm(request.POST or None, initial=initial)
        findings, problem, compiled = None, "", None
        if request.method == "POST" and form.is_valid():
            compiled, problem = rule_compiled(expression=form.cleaned_data["expression"], severity=form.cleaned_data["severity"])
            if compiled is not None:
                version = form.cleaned_data["version"]
                findings = run_rules([compiled], version_tables(version=version), entry_unit=version.entry_unit)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "试算审核规则",
            "form": form,
            "rule": rule,
            "findings": findings,
            "problem": problem,
            "checked": rule_check_text(compiled) if compiled else "",
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/reviews/rule/trial.html", context)
