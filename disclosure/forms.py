"""Public filter and search forms. They never raise: an unknown value makes the field
invalid and the page shows everything that field would have filtered, with a note."""

from django import forms

from portal.models import Department

from .choices import Validity
from .models import Topic

SORTS = {
    "-published": ("发布日期（由新到旧）", ("-published_at", "-id")),
    "published": ("发布日期（由旧到新）", ("published_at", "id")),
    "-formed": ("生成日期（由新到旧）", ("-formed_on", "-published_at", "-id")),
    "formed": ("生成日期（由旧到新）", ("formed_on", "published_at", "id")),
}
DEFAULT_SORT = "-published"


class CatalogueFilterForm(forms.Form):
    topic = forms.ModelChoiceField(
        label="主题分类", queryset=Topic.objects.all(), to_field_name="code", required=False, empty_label="全部主题",
    )
    department = forms.ModelChoiceField(
        label="发布机构", queryset=Department.objects.filter(is_active=True), to_field_name="code",
        required=False, empty_label="全部机构",
    )
    year = forms.TypedChoiceField(label="生成年份", required=False, coerce=int, empty_value=None)
    validity = forms.ChoiceField(label="有效性", required=False, choices=[("", "全部")] + list(Validity.choices))
    sort = forms.ChoiceField(
        label="排序", required=False, choices=[(key, label) for key, (label, _) in SORTS.items()],
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "全部年份")] + [(str(y), f"{y}年") for y in years]

    def filter(self, queryset):
        """Apply the valid filters; an invalid one is ignored (listed by `ignored_fields`).

        Django keeps only valid fields in `cleaned_data`, even when the form is invalid."""
        data = {}
        if self.is_bound:
            self.is_valid()
            data = self.cleaned_data
        if data.get("topic"):
            queryset = queryset.filter(topic=data["topic"])
        if data.get("department"):
            queryset = queryset.filter(publisher=data["department"])
        if data.get("year"):
            queryset = queryset.filter(formed_on__year=data["year"])
        if data.get("validity"):
            queryset = queryset.filter(validity=data["validity"])
        return queryset.order_by(*SORTS[data.get("sort") or DEFAULT_SORT][1])

    def ignored_fields(self) -> list[str]:
        return [self.fields[name].label for name in self.errors if name in self.fields] if self.is_bound else []
