"""The public search form: the words, and the year, region and department it is narrowed to."""

from django import forms

from portal.textpolicy import TextPolicyFormMixin

from ..search_text import MAX_QUERY_LENGTH

DEPARTMENT_LENGTH = 64


class SearchForm(TextPolicyFormMixin, forms.Form):
    """`years`: the searchable years (the search engine's years()); `regions`: [(region, depth,
    ids)] (disclosures.selectors.region_options). A region is chosen by its code."""

    q = forms.CharField(
        label="关键词",
        required=False,
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "id": "search-q", "placeholder": "例如：三公经费、社保、2080505"}),
    )
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None)
    region = forms.ChoiceField(label="区域", required=False)
    dept = forms.CharField(
        label="部门或单位",
        required=False,
        max_length=DEPARTMENT_LENGTH,
        widget=forms.TextInput(attrs={"placeholder": "名称或单位代码，含下属单位"}),
    )

    def __init__(self, data, *, years, regions):
        super().__init__(data)
        self.fields["year"].choices = [("", "全部年度")] + [(str(year), f"{year}年度") for year in years]
        self.fields["region"].choices = [("", "全部区域")] + [
            (region.code, "\u3000" * depth + region.name) for region, depth, _ in regions
        ]
        self.regions = {region.code: (region, ids) for region, _, ids in regions}

    def filters(self):
        """search_published's keyword arguments of a valid form."""
        data = self.cleaned_data
        return {
            "query": data["q"],
            "year": data["year"],
            "region_ids": self.regions[data["region"]][1] if data["region"] else None,
            "department": data["dept"],
        }

    def chosen_region(self):
        """The Region chosen in a valid form, or None."""
        return self.regions[self.cleaned_data["region"]][0] if self.cleaned_data["region"] else None
