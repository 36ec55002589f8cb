from django import forms

from .models import CommentDecision
from .services import MAX_COMMENT_CHARS


class CommentForm(forms.Form):
    """The public comment form: the same defences as the request form (honeypot, signed fill
    time, a question when suspicious) around the comment itself."""

    text = forms.CharField(
        label="意见内容",
        max_length=MAX_COMMENT_CHARS,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "请填写意见内容。", "max_length": f"意见内容不超过{MAX_COMMENT_CHARS}字。"},
    )
    name = forms.CharField(label="姓名（选填）", max_length=50, required=False)
    contact = forms.CharField(
        label="联系方式（选填）", max_length=100, required=False, help_text="电话或电子邮箱，便于我们就您的意见联系您。"
    )
    consent = forms.BooleanField(
        label="同意在意见采纳情况说明中引用我的意见内容（不含姓名和联系方式）",
        required=False,
        initial=False,
    )
    homepage = forms.CharField(label="请勿填写此项", required=False)
    ts = forms.CharField(widget=forms.HiddenInput, required=False)
    captcha_token = forms.CharField(widget=forms.HiddenInput, required=False)
    captcha_answer = forms.CharField(label="验证问题", max_length=10, required=False)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="采纳情况",
        choices=[(CommentDecision.ADOPTED, "采纳"), (CommentDecision.NOT_ADOPTED, "未采纳")],
        widget=forms.RadioSelect,
        error_messages={"required": "请选择“采纳”或“未采纳”。"},
    )
    reason = forms.CharField(
        label="理由",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写采纳或不采纳的理由。"},
    )
