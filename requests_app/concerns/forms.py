"""Forms of the register's staff pages. Times are entered in China time (Asia/Shanghai,
the site's zone); every message is Chinese and nothing typed is lost on a refusal."""

from __future__ import annotations

from django import forms

from portal.lookups import search_published
from portal.models import Department

from .choices import ConcernCategory, ConcernLevel, Milestone
from .services import RESPONSE_KIND, response_ref

NO_RESPONSE_ITEMS = "没有找到已发布的“回应关切”信息：回应须先作为“回应关切”类信息经两道审查后发布。"
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]


def datetime_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": "请按“年-月-日 时:分”填写时间，例如 2026-11-30 09:30"},
    )


class EntryForm(forms.Form):
    noticed_at = datetime_field("发现时间", help_text="北京时间；回应时限自此起算（按自然小时计算）")
    source = forms.CharField(label="发现渠道", max_length=100, help_text="如：微博、本网站留言、媒体报道、上级交办")
    source_url = forms.URLField(
        label="网址（可选）",
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": "请填写完整的网址，例如 https://weibo.com/..."},
    )
    summary = forms.CharField(label="舆情摘要", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    category = forms.ChoiceField(label="类别（国办发〔2016〕61号）", choices=ConcernCategory.choices)
    level = forms.ChoiceField(
        label="级别",
        choices=ConcernLevel.choices,
        help_text="特别重大、重大：5小时内发布权威信息，24小时内召开新闻发布会；一般：48小时内回应",
    )
    department = forms.ModelChoiceField(
        label="责任部门",
        queryset=Department.objects.filter(is_active=True),
        empty_label="（请选择）",
        error_messages={"invalid_choice": "请选择责任部门"},
    )


class ActionForm(forms.Form):
    """The detail page shows several forms at once: each gets its own element ids."""

    id_prefix = "action"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class MilestoneForm(ActionForm):
    id_prefix = "milestone"
    milestone = forms.ChoiceField(
        label="事项",
        choices=[(m.value, m.label) for m in (Milestone.AUTHORITATIVE_INFO, Milestone.PRESS_CONFERENCE)],
    )
    at = datetime_field("时间", help_text="实际发布或召开的时间（北京时间）")


class DraftResponseForm(ActionForm):
    id_prefix = "draft_response"
    title = forms.CharField(label="回应信息标题", max_length=300)
    body = forms.CharField(
        label="回应正文",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
        help_text="空一行分段。草稿以责任部门名义生成，经保密审查和公开属性认定后发布。",
    )


class ResponseForm(ActionForm):
    id_prefix = "response"
    item_query = forms.CharField(label="检索已发布的“回应关切”信息（标题关键词）", required=False, max_length=100)
    item = forms.TypedChoiceField(label="回应信息", coerce=int, choices=())
    published_at = datetime_field("发布回应时间（留空为现在）", required=False)

    def __init__(self, *args, item_query: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        refs = search_published(item_query.strip(), limit=100, kind=RESPONSE_KIND)
        choices = [(r.pk, f"{r.title}（{r.index_number}）" if r.index_number else r.title) for r in refs]
        chosen = (self.data.get("item") or "") if self.is_bound else ""
        if chosen.isdigit() and all(pk != int(chosen) for pk, _ in choices):
            ref = response_ref(int(chosen))
            if ref is not None:
                choices.insert(0, (ref.pk, ref.title))
        self.fields["item"].choices = [("", "（请选择）"), *choices]
        self.fields["item"].error_messages["invalid_choice"] = "请从列表中选择一条已发布的“回应关切”信息"
        if not refs:
            self.fields["item"].help_text = NO_RESPONSE_ITEMS


class FollowUpForm(ActionForm):
    id_prefix = "follow_up"
    note = forms.CharField(label="处置情况", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class CloseForm(ActionForm):
    id_prefix = "close"
    note = forms.CharField(
        label="办结说明（可选）", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class StateFilterForm(forms.Form):
    state = forms.ChoiceField(
        label="状态",
        required=False,
        choices=[("open", "处置中"), ("closed", "已办结"), ("all", "全部")],
    )
