"""Forms: the public message form, the lookup, and the staff steps."""

from __future__ import annotations

from django import forms

from portal.models import Department

from ..forms import PHONE_RE
from .choices import MessageKind, MessageStatus


def departments():
    return Department.objects.filter(is_active=True).order_by("order", "code")


class MessageForm(forms.Form):
    kind = forms.ChoiceField(
        label="留言类型",
        choices=MessageKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择留言类型"},
        help_text="要求获取政府信息的，请使用“依申请公开”提交申请",
    )
    subject = forms.CharField(label="主题", max_length=100, error_messages={"required": "请填写主题"})
    text = forms.CharField(
        label="留言内容",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "请填写留言内容", "max_length": "留言内容不能超过3000字（现有 %(show_value)d 字）"},
    )
    department = forms.ModelChoiceField(
        label="希望答复的部门（选填）",
        queryset=Department.objects.none(),
        required=False,
        empty_label="不确定，由办公室分办",
    )
    name = forms.CharField(label="姓名", max_length=50, error_messages={"required": "请填写姓名"})
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    email = forms.EmailField(
        label="电子邮箱", required=False, error_messages={"invalid": "请填写有效的电子邮箱，例如 name@example.com"}
    )
    publish_consent = forms.BooleanField(
        label="同意在“问答选登”栏目公开我的留言和答复（不公开姓名和联系方式）", required=False, initial=False
    )
    # Abuse controls (portal.abuse). The honeypot is hidden from people.
    homepage = forms.CharField(label="请勿填写此项", required=False)
    ts = forms.CharField(widget=forms.HiddenInput, required=False)
    captcha_token = forms.CharField(widget=forms.HiddenInput, required=False)
    captcha_answer = forms.CharField(label="验证问题", max_length=10, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments()
        self.fields["department"].error_messages["invalid_choice"] = "请从列表中选择部门"

    def clean_subject(self):
        subject = self.cleaned_data["subject"].strip()
        if len(subject) < 2:
            raise forms.ValidationError("请填写主题（至少2个字）")
        return subject

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if len(text) < 5:
            raise forms.ValidationError("请具体写明留言内容（至少5个字）")
        return text

    def clean_name(self):
        return self.cleaned_data["name"].strip()

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE_RE.match(phone):
            raise forms.ValidationError("请填写有效的联系电话（数字，可含区号和短横线）")
        return phone

    def clean(self):
        data = super().clean()
        if (
            not data.get("phone")
            and not data.get("email")
            and "phone" not in self.errors
            and "email" not in self.errors
        ):
            self.add_error("phone", "联系电话和电子邮箱请至少填写一项，以便答复")
        return data


class LookupForm(forms.Form):
    number = forms.CharField(
        label="留言编号", max_length=20, help_text="例如 LY2026-00001", error_messages={"required": "请填写留言编号"}
    )
    code = forms.CharField(label="查询码", max_length=20, error_messages={"required": "请填写查询码"})

    def clean_number(self):
        return self.cleaned_data["number"].strip().upper()


# --- staff -----------------------------------------------------------------------------------


class RouteForm(forms.Form):
    department = forms.ModelChoiceField(
        label="承办部门", queryset=Department.objects.none(), error_messages={"required": "请选择承办部门"}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments()


class DraftAnswerForm(forms.Form):
    text = forms.CharField(
        label="答复内容",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "请填写答复内容"},
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label="退回理由",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写退回理由"},
    )


class ApproveForm(forms.Form):
    pass


class ChannelForm(forms.Form):
    channel = forms.CharField(
        label="受理渠道",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="例如：示例省信访局网上信访平台（网址）或来信来访地址、电话",
        error_messages={"required": "请写明受理该事项的渠道"},
    )


class ConvertForm(forms.Form):
    consent_obtained = forms.BooleanField(
        label="已征得留言人同意，将留言转为政府信息公开申请", error_messages={"required": "转为申请须先征得留言人同意"}
    )
    consent_note = forms.CharField(
        label="征得同意的方式和时间",
        max_length=300,
        help_text="例如：2026年3月2日电话联系，留言人同意",
        error_messages={"required": "请记录征得同意的方式和时间"},
    )


class PublishForm(forms.Form):
    title = forms.CharField(label="标题", max_length=200, error_messages={"required": "请填写标题"})
    question = forms.CharField(
        label="留言（已遮盖个人信息，可再修改）",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "请填写留言"},
    )
    answer = forms.CharField(
        label="答复",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "请填写答复"},
    )


class QueueFilterForm(forms.Form):
    STATUSES = [("", "未办结"), ("all", "全部"), *MessageStatus.choices]
    status = forms.ChoiceField(label="状态", choices=STATUSES, required=False)
