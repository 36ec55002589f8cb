from pathlib import PurePath

from django import forms
from django.utils import timezone
from django_ckeditor_5.widgets import CKEditor5Widget

from disclosure.choices import Attribute, DisclosureForm, DocType, ItemKind, WithholdGround
from disclosure.consultations.services import has_comments, period_problem
from disclosure.models import DisclosureItem
from portal.models import SiteProfile

from .choices import ReevaluationDecision, ReferralAnswer

ATTACHMENT_TYPES = {
    ".pdf",
    ".ofd",
    ".doc",
    ".docx",
    ".wps",
    ".xls",
    ".xlsx",
    ".et",
    ".txt",
    ".jpg",
    ".jpeg",
    ".png",
    ".zip",
    ".rar",
}
ATTACHMENT_MAX_BYTES = 50 * 1024 * 1024


# Fields that belong to some kinds of item only: field -> (controlling field, its values).
# The editor shows them only for those values (static/js/item-form.js); the form drops
# what was typed into them for any other value, so a hidden field never saves anything.
CONDITIONAL_FIELDS = {
    "document_number": ("kind", (ItemKind.DOCUMENT, ItemKind.POLICY)),
    "doc_type": ("kind", (ItemKind.DOCUMENT,)),
    "report_year": ("kind", (ItemKind.ANNUAL_REPORT,)),
    "proposed_ground": ("proposed_attribute", (Attribute.WITHHELD,)),
    "consultation_opens_on": ("kind", (ItemKind.CONSULTATION,)),
    "consultation_closes_on": ("kind", (ItemKind.CONSULTATION,)),
}
BLANK_VALUES = {
    "document_number": "",
    "doc_type": DocType.OTHER,
    "report_year": None,
    "proposed_ground": "",
    "consultation_opens_on": None,
    "consultation_closes_on": None,
}


class ItemForm(forms.ModelForm):
    # 意见征集: the period is part of the draft the two reviews clear (disclosure.consultations).
    consultation_opens_on = forms.DateField(
        label="征集开始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    consultation_closes_on = forms.DateField(
        label="征集截止日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="公众在开始日期至截止日期（含当日）之间提出意见；期限不少于网站信息设置的最短天数。",
    )

    class Meta:
        model = DisclosureItem
        fields = [
            "kind",
            "title",
            "document_number",
            "formed_on",
            "topic",
            "doc_type",
            "summary",
            "body",
            "report_year",
            "proposed_attribute",
            "proposed_ground",
        ]
        widgets = {
            "body": CKEditor5Widget(config_name="default"),
            "formed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "formed_on": "形成或者变更之日；条例第二十六条的20个工作日自次日起算。",
            "proposed_attribute": "公开属性源头认定：起草部门提出，法制处认定。",
            "proposed_ground": "拟不予公开的，须选择条例第十四条至第十六条规定的理由。",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].required = False
        self.fields["summary"].required = True
        self.fields["formed_on"].required = True
        self.fields["topic"].required = True
        self.fields["topic"].empty_label = "请选择主题分类"
        self.fields["proposed_ground"].choices = [("", "（无）"), *WithholdGround.choices]
        # A body without rule-making power (立法法 Art. 93; a provincial bureau) never issues 规章;
        # an item already recorded as one keeps the choice so that nothing is lost on edit.
        if not SiteProfile.current().may_make_rules and self.instance.doc_type != DocType.REGULATION:
            self.fields["doc_type"].choices = [c for c in self.fields["doc_type"].choices if c[0] != DocType.REGULATION]
        consultation = getattr(self.instance, "consultation", None) if self.instance.pk else None
        if consultation is not None:
            self.initial.setdefault("consultation_opens_on", consultation.opens_on)
            self.initial.setdefault("consultation_closes_on", consultation.closes_on)
        order = list(self.fields)
        for name in ("consultation_opens_on", "consultation_closes_on"):
            order.remove(name)
        at = order.index("formed_on") + 1
        self.order_fields([*order[:at], "consultation_opens_on", "consultation_closes_on", *order[at:]])

    def clean(self):
        data = super().clean()
        if data.get("proposed_attribute") == Attribute.WITHHELD and not data.get("proposed_ground"):
            self.add_error("proposed_ground", "拟不予公开的，须注明理由（条例第十四条至第十六条）。")
        if data.get("kind") == ItemKind.ANNUAL_REPORT and not data.get("report_year"):
            self.add_error("report_year", "年度报告须填写报告年度。")
        if data.get("kind") == ItemKind.CONSULTATION:
            opens_on, closes_on = data.get("consultation_opens_on"), data.get("consultation_closes_on")
            if not opens_on:
                self.add_error("consultation_opens_on", "意见征集须填写征集开始日期。")
            if not closes_on:
                self.add_error("consultation_closes_on", "意见征集须填写征集截止日期。")
            problem = period_problem(opens_on, closes_on) if opens_on and closes_on else ""
            if problem:
                self.add_error("consultation_closes_on", problem)
        elif self.instance.pk and has_comments(self.instance):
            self.add_error("kind", "该征求意见稿已收到公众意见，不能改为其他类别。")
        for name, (control, values) in CONDITIONAL_FIELDS.items():
            if name in self.fields and data.get(control) not in values:
                data[name] = BLANK_VALUES[name]
                self.errors.pop(name, None)  # a hidden field cannot be in error
        return data

    def _current(self, name: str):
        if self.is_bound:
            return self.data.get(self.add_prefix(name), "")
        value = self.initial.get(name, self.fields[name].initial)
        return value if value is not None else ""

    @property
    def rows(self) -> list[dict]:
        """Each field with, for a kind-dependent one, what controls it and whether it is
        hidden now (so the page is right before the script runs)."""
        rows = []
        for bound in self:
            control, values = CONDITIONAL_FIELDS.get(bound.name, (None, ()))
            rows.append(
                {
                    "field": bound,
                    "show_if": control or "",
                    "show_values": " ".join(values),
                    "hidden": bool(control) and str(self._current(control)) not in values,
                }
            )
        return rows


class AttachmentForm(forms.Form):
    file = forms.FileField(label="附件", help_text="PDF、OFD、Word、Excel、WPS、图片或压缩包，单个不超过50MB。")

    def clean_file(self):
        f = self.cleaned_data["file"]
        if PurePath(f.name).suffix.lower() not in ATTACHMENT_TYPES:
            raise forms.ValidationError("不支持该文件类型。请上传PDF、OFD、Word、Excel、WPS、图片或压缩包。")
        if f.size > ATTACHMENT_MAX_BYTES:
            raise forms.ValidationError("文件超过50MB。")
        if f.size == 0:
            raise forms.ValidationError("文件是空的。")
        return f


class CommentForm(forms.Form):
    comment = forms.CharField(label="审查意见（可选）", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReturnForm(forms.Form):
    comment = forms.CharField(label="退回理由（需要修改的内容）", widget=forms.Textarea(attrs={"rows": 3}))


class SecretForm(forms.Form):
    comment = forms.CharField(label="涉密依据", widget=forms.Textarea(attrs={"rows": 2}))


class ReferForm(forms.Form):
    authority = forms.CharField(label="报请确定的主管部门或保密行政管理部门", max_length=200)
    question = forms.CharField(label="报请事项说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(label="主管部门答复结论", choices=ReferralAnswer.choices, widget=forms.RadioSelect)
    answer_text = forms.CharField(label="答复文号及内容", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DetermineForm(forms.Form):
    attribute = forms.ChoiceField(label="公开属性", choices=Attribute.choices, widget=forms.RadioSelect)
    disclosure_forms = forms.MultipleChoiceField(
        label="公开形式（主动公开时必选）",
        choices=DisclosureForm.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        initial=[DisclosureForm.WEBSITE],
    )
    ground = forms.ChoiceField(
        label="不予公开理由（不予公开时必选）", choices=[("", "（无）"), *WithholdGround.choices], required=False
    )
    publish_at = forms.DateTimeField(
        label="定时发布时间（留空则立即发布）",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    reevaluate_on = forms.DateField(
        label="复核日期（依申请公开、不予公开；留空默认一年后）",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    comment = forms.CharField(label="认定意见（可选）", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        attribute = data.get("attribute")
        if attribute == Attribute.PROACTIVE and not data.get("disclosure_forms"):
            self.add_error("disclosure_forms", "认定主动公开的，须选择公开形式。")
        if attribute == Attribute.WITHHELD and not data.get("ground"):
            self.add_error("ground", "认定不予公开的，须选择条例第十四条至第十六条规定的理由。")
        publish_at = data.get("publish_at")
        if attribute == Attribute.PROACTIVE and publish_at and publish_at <= timezone.now():
            self.add_error("publish_at", "定时发布时间须晚于现在；立即发布请留空。")
        reevaluate_on = data.get("reevaluate_on")
        if reevaluate_on and reevaluate_on <= timezone.localdate():
            self.add_error("reevaluate_on", "复核日期须晚于今天。")
        return data


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="撤回原因", max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class RepealForm(forms.Form):
    repealed_on = forms.DateField(
        label="废止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}), help_text="留空为今天。"
    )
    comment = forms.CharField(label="说明（可选）", required=False)


class ReevaluateForm(forms.Form):
    decision = forms.ChoiceField(label="复核结论", choices=ReevaluationDecision.choices, widget=forms.RadioSelect)
    next_on = forms.DateField(
        label="下次复核日期（维持时可填，留空默认一年后）",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    comment = forms.CharField(label="复核意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_next_on(self):
        value = self.cleaned_data.get("next_on")
        if value and value <= timezone.localdate():
            raise forms.ValidationError("下次复核日期须晚于今天。")
        return value


class WorkbenchFilterForm(forms.Form):
    """The workbench's filters: state and publishing department (choices from the user's items)."""

    state = forms.ChoiceField(label="状态", required=False)
    department = forms.TypedChoiceField(label="发布机构", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, departments=(), **kwargs):
        from disclosure.choices import State

        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", "全部"), ("in_flow", "审查流程中（未发布）"), *State.choices]
        self.fields["department"].choices = [("", "全部"), *((d.pk, d.name) for d in departments)]
