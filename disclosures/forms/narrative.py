"""The forms of the 说明 editor: one section's text, and last year's totals for charts 1 and 4.

Posted fields of a section:
    body       the section's text, kept exactly as typed (line endings made \\n)
    revision   the revision the page was loaded at, to detect a concurrent save
    action     "save", or "draft" (show the drafted text below the textarea; nothing saved)
"""

from decimal import Decimal

from django import forms

from portal.textpolicy import TextPolicyFormMixin

from ..tables.values import AmountError, wan_to_yuan

BODY_LIMIT = 20000


class SectionForm(TextPolicyFormMixin, forms.Form):
    body = forms.CharField(
        label="正文", required=False, strip=False, max_length=BODY_LIMIT, widget=forms.Textarea(attrs={"rows": 16})
    )
    revision = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def clean_body(self):
        return self.cleaned_data["body"].replace("\r\n", "\n").replace("\r", "\n")

    @property
    def loaded_revision(self):
        """The revision the page was loaded at; None when the post carries none (treated as stale)."""
        if not self.is_valid():
            return None
        return self.cleaned_data.get("revision")

    def typed_body(self):
        """What the user typed, even when the form is invalid (re-shown, never lost)."""
        text = self.data.get("body", "") if self.is_bound else self.initial.get("body", "")
        return text.replace("\r\n", "\n").replace("\r", "\n")


class PriorYearTotalsForm(TextPolicyFormMixin, forms.Form):
    """Last year's totals in 万元, entered when last year's report is not in the portal.

    Cleaned values are the bodies stored for prior_year.total / prior_year.fiscal_total (万元 as a
    plain decimal string, "" to clear), as disclosures/pdf/selectors.prior_year_totals reads them."""

    total = forms.CharField(label="上年度收、支总计（万元）", required=False, max_length=32)
    fiscal_total = forms.CharField(label="上年度财政拨款收、支总计（万元）", required=False, max_length=32)
    revision = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def _amount(self, name):
        text = self.cleaned_data[name].replace(",", "").replace("，", "").strip()
        if not text:
            return ""
        try:
            if wan_to_yuan(text) < 0:
                raise forms.ValidationError("不能为负数")
        except (AmountError, TypeError) as exc:
            raise forms.ValidationError(f"{exc}（按万元填写，最多六位小数）") from None
        return f"{Decimal(text):f}"

    def clean_total(self):
        return self._amount("total")

    def clean_fiscal_total(self):
        return self._amount("fiscal_total")
