"""Public filter and search forms. They never raise: an unknown value makes the field
invalid and the page shows everything that field would have filtered, with a note."""

from django import forms
from django.utils.html import format_html, format_html_join

from .choices import Validity

SORTS = {
    "-published": ("发布日期（由新到旧）", ("-published_at", "-id")),
    "published": ("发布日期（由旧到新）", ("published_at", "id")),
    "-formed": ("生成日期（由新到旧）", ("-formed_on", "-published_at", "-id")),
    "formed": ("生成日期（由旧到新）", ("formed_on", "published_at", "id")),
}
DEFAULT_SORT = "-published"


class QuickSelect(forms.Select):
    """A select rendered in Python: the same HTML as Django's template-rendered widget for
    a plain single select, at a fraction of the cost (the catalogue renders five on
    every view)."""

    def render(self, name, value, attrs=None, renderer=None) -> str:
        attrs = self.build_attrs(self.attrs, attrs)
        selected = "" if value is None else str(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((str(v), " selected" if str(v) == selected else "", label) for v, label in self.choices),
        )
        extra = format_html_join(
            "",
            "{}",
            (
                (format_html(" {}", k) if v is True else format_html(' {}="{}"', k, v),)
                for k, v in attrs.items()
                if v is not None and v is not False
            ),
        )
        return format_html('<select name="{}"{}>{}</select>', name, extra, options)


class CatalogueFilterForm(forms.Form):
    """Topics and departments come as (code, name, pk) rows from `selectors.catalogue_choices`
    (cached per content generation): the form itself runs no query."""

    topic = forms.ChoiceField(label="主题分类", required=False, widget=QuickSelect)
    department = forms.ChoiceField(label="发布机构", required=False, widget=QuickSelect)
    year = forms.TypedChoiceField(label="生成年份", required=False, coerce=int, empty_value=None, widget=QuickSelect)
    validity = forms.ChoiceField(
        label="有效性", required=False, choices=[("", "全部")] + list(Validity.choices), widget=QuickSelect
    )
    sort = forms.ChoiceField(
        label="排序",
        required=False,
        choices=[(key, label) for key, (label, _) in SORTS.items()],
        widget=QuickSelect,
    )

    def __init__(self, *args, years: list[int], topics: list[tuple], departments: list[tuple], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "全部年份")] + [(str(y), f"{y}年") for y in years]
        self.fields["topic"].choices = [("", "全部主题")] + [(code, name) for code, name, _ in topics]
        self.fields["department"].choices = [("", "全部机构")] + [(code, name) for code, name, _ in departments]
        self._topic_ids = {code: pk for code, _, pk in topics}
        self._department_ids = {code: pk for code, _, pk in departments}

    def filter(self, queryset):
        """Apply the valid filters; an invalid one is ignored (listed by `ignored_fields`).

        Django keeps only valid fields in `cleaned_data`, even when the form is invalid."""
        data = {}
        if self.is_bound:
            self.is_valid()
            data = self.cleaned_data
        if data.get("topic"):
            queryset = queryset.filter(topic_id=self._topic_ids[data["topic"]])
        if data.get("department"):
            queryset = queryset.filter(publisher_id=self._department_ids[data["department"]])
        if data.get("year"):
            queryset = queryset.filter(formed_on__year=data["year"])
        if data.get("validity"):
            queryset = queryset.filter(validity=data["validity"])
        return queryset.order_by(*SORTS[data.get("sort") or DEFAULT_SORT][1])

    def ignored_fields(self) -> list[str]:
        return [self.fields[name].label for name in self.errors if name in self.fields] if self.is_bound else []
