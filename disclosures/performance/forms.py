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


class LayoutForm(forms.Form):
    """A form whose fields are a layout's; cleaned_data holds stored values (元, Decimals, dates)."""

    def __init__(self, *args, layout, kind, instance=None, template_key=None, **kwargs):
        self.layout, self.kind = layout, kind
        key = template_key or getattr(instance, "template_key", None) or template_choices(kind=kind)[0][0]
        self.template = template_for(key)
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {f.name: _initial(f, getattr(instance, f.name)) for f in layout}
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


class IndicatorForm(LayoutForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, layout=INDICATOR_FIELDS, kind="project", **kwargs)
        for name in ("level1", "level2", "level3", "target", "actual", "weight", "score_stated"):
            self.fields[name].widget.attrs["size"] = 10


class BaseIndicatorFormSet(forms.BaseFormSet):
    def rows(self):
        """The kept rows' stored values, in order (blank and deleted rows left out)."""
        return [
            {f.name: form.cleaned_data[f.name] for f in INDICATOR_FIELDS if form.cleaned_data.get(f.name) is not None}
            for form in self.forms
            if form.has_changed() and not (self.can_delete and form.cleaned_data.get("DELETE"))
        ]


IndicatorFormSet = forms.formset_factory(IndicatorForm, formset=BaseIndicatorFormSet, extra=2, can_delete=True)


def indicator_initial(evaluation):
    if evaluation is None:
        return []
    return [{f.name: _initial(f, getattr(i, f.name)) for f in INDICATOR_FIELDS} for i in evaluation.indicators.all()]
