"""One policy for every string a user types or uploads.

Refused at entry, with a Chinese message naming the field:
- NUL and the other C0/C1 control characters (and DEL); a multi-line text may hold
  line breaks and tabs, a single-line one (a name) none of them;
- the invisible characters that change text direction (bidi embeddings, overrides,
  isolates and marks), which make a PDF or a page print text reversed;
- text longer than its field, before the database sees it.

`text_problem` is the rule; `TextPolicyValidator` and `text_policy_apply` put it on
Django forms; services call `text_problem` themselves for what does not come through a form.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator

LINE_BREAKS = "\t\n\r"
# A note, reason, explanation or remark (stored as unbounded text): long enough for any real one.
NOTE_LIMIT = 5000
# C0 (U+0000–U+001F), DEL and C1 (U+0080–U+009F).
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Embeddings/overrides U+202A–U+202E, isolates U+2066–U+2069, marks U+200E, U+200F, U+061C.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
# Not characters at all in XML (and so in .xlsx): U+FFFE, U+FFFF and lone surrogates.
_NON_CHARACTERS = re.compile(r"[\ufffe\uffff\ud800-\udfff]")


def _code_point(char):
    return f"U+{ord(char):04X}"


def forbidden_character(value, *, multiline=False):
    """The first character the policy refuses in `value`, or None."""
    for match in _CONTROLS.finditer(value):
        if not (multiline and match.group() in LINE_BREAKS):
            return match.group()
    for pattern in (_BIDI, _NON_CHARACTERS):
        match = pattern.search(value)
        if match:
            return match.group()
    return None


def text_problem(value, *, multiline=False, max_length=None, label=""):
    """A Chinese message saying what is wrong with `value`, or None when it is acceptable.

    `label` names the field ("科目名称", "退回理由"); the message starts with it. Without a
    label the message reads on from a caller's own prefix ("项目名称：含有…").
    """
    if value is None:
        return None
    value = str(value)
    subject = label
    char = forbidden_character(value, multiline=multiline)
    if char is not None:
        where = f"（第{value.index(char) + 1}个字符）"
        if char == "\x00":
            return f"{subject}含有空字符（U+0000）{where}，请删除后再提交"
        if _BIDI.match(char):
            return (
                f"{subject}含有改变文字方向的不可见字符（{_code_point(char)}）{where}，"
                "会使文字显示颠倒，请删除后再提交"
            )
        if char in LINE_BREAKS:
            return f"{subject}只能写一行，不能含有换行或制表符{where}"
        return f"{subject}含有不可见的控制字符（{_code_point(char)}）{where}，请删除后再提交"
    if max_length is not None and len(value) > max_length:
        return f"{subject}超过{max_length}个字"
    return None


class TextPolicyValidator:
    """A Django validator for the policy (length is the field's own max_length validator)."""

    def __init__(self, *, multiline=False, label=""):
        self.multiline = multiline
        self.label = label

    def __call__(self, value):
        problem = text_problem(value, multiline=self.multiline, label=self.label)
        if problem:
            raise ValidationError(problem, code="text_policy")

    def __eq__(self, other):
        return isinstance(other, TextPolicyValidator) and (self.multiline, self.label) == (other.multiline, other.label)


def text_policy_apply(form):
    """Put the policy on every text field of a form instance (a Textarea is multi-line).

    Django's own NUL validator is replaced: the policy's message names the character and place.
    """
    for field in form.fields.values():
        if not isinstance(field, forms.CharField):
            continue
        multiline = isinstance(field.widget, forms.Textarea)
        field.validators = [v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)]
        field.validators.append(TextPolicyValidator(multiline=multiline, label=str(field.label or "")))
    return form


class TextPolicyFormMixin:
    """For a Form or ModelForm: every CharField follows the text policy."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        text_policy_apply(self)


class TextPolicyAdminMixin:
    """For a ModelAdmin: the text fields of its change form follow the policy (names shown to the public)."""

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (TextPolicyFormMixin, form), {})
