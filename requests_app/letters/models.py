"""A letter as issued (frozen text, its own number, SHA-256) and the reply draft with its
approvals. Imported into `requests_app.models` so Django finds them."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone


class LetterKind(models.TextChoices):
    REPLY = "reply", "政府信息公开申请答复书"
    SUPPLEMENT_NOTICE = "supplement_notice", "补正告知书"
    CONSULTATION_LETTER = "consultation_letter", "征求意见函"
    EXTENSION_NOTICE = "extension_notice", "延期答复告知书"
    FEE_NOTICE = "fee_notice", "收费通知书"
    THIRD_PARTY_NOTICE = "third_party_notice", "第三方告知书"


class Letter(models.Model):
    """One letter sent (Art. 45: archived as sent). Never edited: a correction is a new
    letter whose `replaces` points to this one."""

    request = models.ForeignKey("requests_app.InformationRequest", on_delete=models.PROTECT, related_name="letters")
    event = models.ForeignKey(
        "requests_app.RequestEvent", null=True, blank=True, on_delete=models.PROTECT, related_name="letters"
    )
    kind = models.CharField("文书种类", max_length=30, choices=LetterKind.choices)
    number = models.CharField("文书编号", max_length=100, unique=True)
    year = models.PositiveIntegerField("年份")
    serial = models.PositiveIntegerField("顺序号")
    issued_on = models.DateField("出具日期")
    outcome = models.CharField("办理结果代码", max_length=40, blank=True)
    addressee = models.CharField("收件人", max_length=200)
    to_applicant = models.BooleanField("送达申请人", default=True)
    text = models.TextField("文书全文（出具时固定）")
    sha256 = models.CharField("SHA-256", max_length=64)
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by", verbose_name="更正的文书"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, verbose_name="出具人"
    )
    issued_at = models.DateTimeField("出具时间", default=timezone.now)

    class Meta:
        verbose_name = "文书"
        verbose_name_plural = "文书"
        ordering = ["issued_on", "issued_at", "id"]
        constraints = [models.UniqueConstraint(fields=["year", "serial"], name="uniq_letter_serial")]

    def __str__(self) -> str:
        return f"{self.number} {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("文书出具后不能修改，更正须出具新的文书")
        self.sha256 = digest(self.text)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("已出具的文书不能删除")

    @property
    def paragraphs(self) -> list[str]:
        return self.text.split("\n\n")


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ReplyDraft(models.Model):
    """The reply a handler prepares: its type, the parts it must state, and, for a
    refusal, the approvals it waits for before the letter may be issued."""

    class State(models.TextChoices):
        AWAITING_SIGNOFF = "awaiting_signoff", "待审批"
        READY = "ready", "可出具"
        ISSUED = "issued", "已出具"
        WITHDRAWN = "withdrawn", "已撤回"

    request = models.ForeignKey(
        "requests_app.InformationRequest", on_delete=models.CASCADE, related_name="reply_drafts"
    )
    reply_type = models.CharField("答复类型", max_length=40)
    outcome = models.CharField("办理结果代码", max_length=40)
    fields = models.JSONField("答复内容", default=dict)
    on_spot = models.BooleanField("当场答复", default=False)
    state = models.CharField("状态", max_length=20, choices=State.choices)
    content_hash = models.CharField("内容散列", max_length=64)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="拟稿人"
    )
    drafted_at = models.DateTimeField("拟稿时间", default=timezone.now)
    letter = models.OneToOneField(Letter, null=True, blank=True, on_delete=models.PROTECT, related_name="draft")

    class Meta:
        verbose_name = "答复书草稿"
        verbose_name_plural = "答复书草稿"
        ordering = ["-drafted_at", "-id"]

    def __str__(self) -> str:
        return f"{self.request_id} {self.reply_type} #{self.pk}"

    @property
    def awaits_signoff(self) -> bool:
        return self.state == self.State.AWAITING_SIGNOFF

    @property
    def is_ready(self) -> bool:
        return self.state == self.State.READY

    @property
    def is_issued(self) -> bool:
        return self.state == self.State.ISSUED


class ReplyApproval(models.Model):
    """One sign-off of one draft revision: the disclosure office head's approval, or the
    Office's confidentiality review of what a partial disclosure releases."""

    class Role(models.TextChoices):
        HEAD = "head", "政府信息公开工作机构负责人审批"
        OFFICE = "office", "办公室保密审查"

    draft = models.ForeignKey(ReplyDraft, on_delete=models.CASCADE, related_name="approvals")
    role = models.CharField("环节", max_length=10, choices=Role.choices)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="审批人"
    )
    draft_hash = models.CharField("审批的草稿内容散列", max_length=64)
    comment = models.CharField("意见", max_length=300, blank=True)
    at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "答复书审批"
        verbose_name_plural = "答复书审批"
        ordering = ["at", "id"]
        constraints = [models.UniqueConstraint(fields=["draft", "role"], name="uniq_reply_approval_role")]

    def __str__(self) -> str:
        return f"{self.draft_id} {self.get_role_display()} {self.approver}"
