"""Forms of the tables, built from layout.py; every value goes through conversion.convert,
the same path a workbook cell takes."""

from django import forms

from portal.textpolicy import text_policy_apply

from ..models import QualitativeTier
from .conversion import convert
from .layout import CHOICE_SEPARATOR, CHOICE_SOURCES, INDICATOR_FIELDS
from .scoring_templates import template_choices, template_for


def wan_text(amount):
    """元 → the 万元 a person would type, exactly (no rounding, no trailing zeros)."""
    text = format(amount / 10000, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _initial(field, value):
    if value is None:
        return ""
    if field.kind == "wan":
        return wan_text(value)
    if field.kind == "choice":
        return [v for v in value.split(CHOICE_SEPARATOR) if v]
    if field.kind == "date":
        return value.isoformat()
    return value


def _form_field(field, *, kind, template):
    common = {"label": field.label, "required": field.required}
    if field.kind == "long":
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), **common)
    if field.kind == "template":
        return forms.ChoiceField(choices=template_choices(kind=kind), **common)
    if field.kind == "tier":
        return forms.ChoiceField(choices=[("", "—"), *QualitativeTier.choices], **common)
    if field.kind == "one_choice":
        choices = getattr(template, CHOICE_SOURCES[field.name], ())
        if choices:
            return forms.ChoiceField(choices=[(c, c) for c in choices], widget=forms.RadioSelect, **common)
    if field.kind == "choice":
        choices = getattr(template, CHOICE_SOURCES[field.name], ())
        if choices:
            return forms.MultipleChoiceField(
                choices=[(c, c) for c in choices], widget=forms.CheckboxSelectMultiple, **common
            )
    placeholder = {"wan": "万元", "percent": "%", "date": "2025-04-01"}.get(field.kind, "")
    return forms.CharField(max_length=255, widget=forms.TextInput(attrs={"placeholder": placeholder}), **common)


def new_table_initial(*, layout, department, template):
    """What a new table starts with: the unit and its 主管部门 as the unit directory names them
    (editable: a table may print the unit's full legal name) and the template's 预算执行分值."""
    head = department.parent or department
    defaults = {
        "unit_name": department.name,
        "competent_department": head.name,
        "implementing_unit": department.name,
        "execution_weight": template.execution_weight,
    }
    names = {f.name for f in layout}
    return {name: value for name, value in defaults.items() if name in names}


def template_hint(template):
    """The template's points in one line, shown above the indicators."""
    parts = "、".join(f"{name}{weight}分" for name, weight in template.level1_weights.items())
    return (
        f"评分模板“{template.name}”：预算执行{template.execution_weight}分，绩效指标合计{template.indicator_total}分"
        + (f"（{parts}）" if parts else "")
        + f"，总分{template.total}分。"
    )


class LayoutForm(forms.Form):
    """A form whose fields are a layout's; cleaned_data holds stored values (元, Decimals, dates).

    A new table (no `instance`) of a `department` starts from new_table_initial."""

    def __init__(self, *args, layout, kind, instance=None, template_key=None, department=None, **kwargs):
        self.layout, self.kind = layout, kind
        key = template_key or getattr(instance, "template_key", None) or template_choices(kind=kind)[0][0]
        self.template = template_for(key)
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {f.name: _initial(f, getattr(instance, f.name)) for f in layout}
        elif instance is None and department is not None:
            defaults = new_table_initial(layout=layout, department=department, template=self.template)
            kwargs["initial"] = {"template_key": key, **defaults, **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        for field in layout:
            self.fields[field.name] = _form_field(field, kind=kind, template=self.template)
        text_policy_apply(self)

    def clean(self):
        cleaned = super().clean()
        for field in self.layout:
            if field.name in self.errors:
                continue
            value = cleaned.get(field.name)
            if isinstance(value, list):
                value = CHOICE_SEPARATOR.join(value)
            try:
                cleaned[field.name] = convert(field, value, kind_of_table=self.kind)
            except ValueError as exc:
                self.add_error(field.name, str(exc))
        return cleaned


LEVEL1_LIST = "level1-choices"  # the id of the page's datalist of the template's 一级指标
# The form shows an indicator in two rows: the indicator and its points, then its values and text.
INDICATOR_FIRST_ROW = ("level1", "level2", "level3", "weight", "score_stated", "tier")
INDICATOR_SECOND_ROW = ("target", "actual", "deviation_reason", "improvement")


class IndicatorForm(LayoutForm):
    """One indicator row. Its inputs are named by their column (aria-label): the table's
    header is far away on a phone."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, layout=INDICATOR_FIELDS, kind="project", **kwargs)
        for field in INDICATOR_FIELDS:
            self.fields[field.name].widget.attrs["aria-label"] = field.label
        for name in ("deviation_reason", "improvement"):
            self.fields[name].widget.attrs["rows"] = 2
        self.fields["level1"].widget.attrs["list"] = LEVEL1_LIST


class BaseIndicatorFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["DELETE"].label = "删除"
        form.fields["DELETE"].widget.attrs["class"] = "delete-row"

    def rows(self):
        """The kept rows' stored values, in order (blank and deleted rows left out)."""
        return [
            {f.name: form.cleaned_data[f.name] for f in INDICATOR_FIELDS if form.cleaned_data.get(f.name) is not None}
            for form in self.forms
            if form.has_changed() and not (self.can_delete and form.cleaned_data.get("DELETE"))
        ]


def indicator_row(form, computed=None):
    """An indicator form's fields as the page lays them out, with its computed score (or None)."""
    return {
        "first": [form[name] for name in INDICATOR_FIRST_ROW],
        "second": [form[name] for name in INDICATOR_SECOND_ROW],
        "delete": form["DELETE"],
        "computed": computed,
    }


IndicatorFormSet = forms.formset_factory(IndicatorForm, formset=BaseIndicatorFormSet, extra=2, can_delete=True)
ADD_ROW = "add_row"  # the name of “添加一行”: without JavaScript it posts the form back with one more row


def formset_data_with_one_more_row(data, *, prefix):
    """The posted data with one more (blank) indicator row; unchanged when the count is not a number."""
    data = data.copy()
    total = data.get(f"{prefix}-TOTAL_FORMS", "")
    if total.isdigit():
        data[f"{prefix}-TOTAL_FORMS"] = str(int(total) + 1)
    return data


def indicator_initial(evaluation):
    if evaluation is None:
        return []
    return [{f.name: _initial(f, getattr(i, f.name)) for f in INDICATOR_FIELDS} for i in evaluation.indicators.all()]
