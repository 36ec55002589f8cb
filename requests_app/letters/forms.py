"""Forms of the reply screen, the sign-off and the letter actions. Which parts a reply
type requires is decided by the service (kinds.REPLY_TYPES); the form only parses."""

from __future__ import annotations

from django import forms

from portal.lookups import published_item, search_published

from ..forms import MultipleFileField, clean_documents, date_field
from .kinds import FIELD_LABELS, GROUND_CHOICES, REPLY_TYPE_CHOICES, REPLY_TYPES

PART_ROWS = 4

# Which reply types each part belongs to (shown next to the field, and used by the
# page's script to show only the relevant parts).
FIELD_TYPES: dict[str, list[str]] = {}
for _t in REPLY_TYPES.values():
    for _f in (*_t.required, *_t.optional):
        FIELD_TYPES.setdefault(_f, []).append(_t.code)
    if _t.code.startswith("withheld."):
        FIELD_TYPES.setdefault("reasons", []).append(_t.code)


class ReplyDraftForm(forms.Form):
    reply_type = forms.ChoiceField(label="答复类型", choices=[("", "请选择")] + REPLY_TYPE_CHOICES)
    on = date_field("答复日期")
    on_spot = forms.BooleanField(label="当场答复（仍出具书面答复书）", required=False)
    provision = forms.CharField(
        label=FIELD_LABELS["provision"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="例如：以电子邮件方式于答复之日发送电子文档；纸质复印件随本答复书邮寄",
    )
    item = forms.TypedChoiceField(label=FIELD_LABELS["item"], required=False, coerce=int, empty_value=None)
    reasons = forms.CharField(label=FIELD_LABELS["reasons"], required=False, widget=forms.Textarea(attrs={"rows": 3}))
    search = forms.CharField(
        label=FIELD_LABELS["search"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="检索了哪些档案、系统、年份和关键词",
    )
    reason = forms.CharField(label=FIELD_LABELS["reason"], required=False, widget=forms.Textarea(attrs={"rows": 3}))
    responsible_body = forms.CharField(label=FIELD_LABELS["responsible_body"], required=False, max_length=200)
    responsible_contact = forms.CharField(
        label=FIELD_LABELS["responsible_contact"] + "（已知的）", required=False, max_length=200
    )
    earlier_number = forms.CharField(label=FIELD_LABELS["earlier_number"], required=False, max_length=100)
    earlier_date = forms.DateField(
        label=FIELD_LABELS["earlier_date"], required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    channel = forms.CharField(label=FIELD_LABELS["channel"], required=False, max_length=300)
    law = forms.CharField(label=FIELD_LABELS["law"], required=False, max_length=200)
    where = forms.CharField(label=FIELD_LABELS["where"], required=False, max_length=300)
    objection_party = forms.CharField(
        label=FIELD_LABELS["objection_party"],
        required=False,
        max_length=200,
        help_text="第三方不同意公开、本机关仍决定公开的，出具答复书时同时出具第三方告知书（第三十二条）",
    )
    objection_content = forms.CharField(
        label=FIELD_LABELS["objection_content"], required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    objection_reasons = forms.CharField(
        label=FIELD_LABELS["objection_reasons"], required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    item_query = forms.CharField(label="检索已发布信息（标题关键词）", required=False, max_length=100)

    def __init__(self, *args, item_query: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        refs = search_published(item_query.strip(), limit=100)
        chosen = (self.data.get("item") or self.initial.get("item")) if (self.data or self.initial) else None
        if chosen and str(chosen).isdigit() and all(str(r.pk) != str(chosen) for r in refs):
            ref = published_item(int(chosen))
            refs = ([ref] if ref else []) + refs
        self.fields["item"].choices = [("", "请选择")] + [
            (ref.pk, f"{ref.title}（索引号 {ref.index_number}）") for ref in refs
        ]
        self.fields["item_query"].widget.attrs["data-reply-types"] = "already_public"
        for i in range(1, PART_ROWS + 1):
            self.fields[f"part_{i}"] = forms.CharField(label=f"不予公开的部分{i}：内容", required=False, max_length=300)
            self.fields[f"ground_{i}"] = forms.ChoiceField(
                label=f"不予公开的部分{i}：依据", required=False, choices=[("", "请选择")] + GROUND_CHOICES
            )
            self.fields[f"reasons_{i}"] = forms.CharField(
                label=f"不予公开的部分{i}：理由", required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
        for name, field in self.fields.items():
            base = name.rsplit("_", 1)[0] if name[-1].isdigit() else name
            types = FIELD_TYPES.get("parts" if base in ("part", "ground", "reasons") and name[-1].isdigit() else base)
            if types:
                field.widget.attrs["data-reply-types"] = " ".join(types)

    def type_fields(self):
        """The parts that depend on the reply type (shown under one heading)."""
        return [
            self[name]
            for name in (
                "provision",
                "item_query",
                "item",
                "reasons",
                "search",
                "reason",
                "responsible_body",
                "responsible_contact",
                "earlier_number",
                "earlier_date",
                "channel",
                "law",
                "where",
                "objection_party",
                "objection_content",
                "objection_reasons",
            )
        ]

    def part_rows(self):
        return [(self[f"part_{i}"], self[f"ground_{i}"], self[f"reasons_{i}"]) for i in range(1, PART_ROWS + 1)]

    def service_fields(self) -> dict:
        d = self.cleaned_data
        fields = {
            k: d.get(k)
            for k in (
                "provision",
                "item",
                "reasons",
                "search",
                "reason",
                "responsible_body",
                "responsible_contact",
                "earlier_number",
                "earlier_date",
                "channel",
                "law",
                "where",
                "objection_party",
                "objection_content",
                "objection_reasons",
            )
        }
        fields["parts"] = [
            {"part": d.get(f"part_{i}", ""), "ground": d.get(f"ground_{i}", ""), "reasons": d.get(f"reasons_{i}", "")}
            for i in range(1, PART_ROWS + 1)
        ]
        return fields


class ApproveForm(forms.Form):
    role = forms.ChoiceField(choices=[("head", "负责人审批"), ("office", "办公室保密审查")], widget=forms.HiddenInput)
    comment = forms.CharField(label="意见（选填）", required=False, max_length=300)


class IssueForm(forms.Form):
    on = date_field("出具日期")
    documents = MultipleFileField(
        label="随答复提供的材料（选填）", required=False, help_text="PDF、JPEG 或 PNG，最多 3 个，每个不超过 5MB"
    )

    def clean_documents(self):
        return clean_documents(self.cleaned_data.get("documents") or [])


class ThirdPartyNoticeForm(forms.Form):
    on = date_field("出具日期")
    party = forms.CharField(label="第三方名称", max_length=200)
    content = forms.CharField(label="决定公开的政府信息内容", widget=forms.Textarea(attrs={"rows": 3}))
    reasons = forms.CharField(
        label="决定公开的理由（不公开可能对公共利益造成重大影响）", widget=forms.Textarea(attrs={"rows": 3})
    )


class CorrectionForm(forms.Form):
    on = date_field("更正日期")
    reason = forms.CharField(label="更正原因", max_length=300)
