"""The forms of the 公开检查 pages."""

from django import forms

MIN_YEAR, MAX_YEAR = 2000, 2100


class UploadForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=MIN_YEAR, max_value=MAX_YEAR)


class ConfirmForm(forms.Form):
    """A file's department (one of the region's; empty: none of them) and its publication date."""

    department = forms.ModelChoiceField(label="部门", queryset=None, required=False, empty_label="（不是本区域的部门）")
    published_on = forms.DateField(label="公开日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
