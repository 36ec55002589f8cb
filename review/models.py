"""The publication workflow's records: one review run per submission, one step per
review, each tied to the exact revision (content hash) its reviewer saw."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from disclosure.models import DisclosureItem
from portal.models import BaseReminder, StoredFile

from .choices import Outcome, ReferralAnswer, ReminderKind, RunStatus, StepKind, StepStatus

FIELD_LABELS = {
    "kind": "类别",
    "title": "名称",
    "summary": "内容概述",
    "body": "正文",
    "formed_on": "生成日期",
    "document_number": "发文字号",
    "publisher": "发布机构",
    "topic": "主题分类",
    "doc_type": "文件类型",
    "report_year": "报告年度",
    "proposed_attribute": "拟公开属性",
    "proposed_ground": "拟不予公开理由",
    "attachments": "附件",
    "consultation_period": "意见征集起止日期",
}


def payload_changes(before: dict | None, after: dict) -> list[dict]:
    """The revision_payload fields that differ between two snapshots, in display order."""
    if before is None:
        return []
    changes = []
    for key, label in FIELD_LABELS.items():
        if before.get(key) != after.get(key):
            changes.append({"field": key, "label": label, "before": before.get(key), "after": after.get(key)})
    return changes


class ReviewRun(models.Model):
    """One submission of an item: its confidentiality step, then its attribute step."""

    item = models.ForeignKey(
        DisclosureItem, verbose_name="公开信息", on_delete=models.CASCADE, related_name="review_runs"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="提交人", on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField("提交时间", default=timezone.now)
    revision_hash = models.CharField("提交时版本", max_length=64)
    status = models.CharField("状态", max_length=10, choices=RunStatus.choices, default=RunStatus.ACTIVE)
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)
    closing_outcome = models.CharField("结果", max_length=20, choices=Outcome.choices, blank=True)

    class Meta:
        verbose_name = "审查流程"
        verbose_name_plural = "审查流程"
        ordering = ["-submitted_at", "-id"]
        permissions = [
            ("draft_items", "起草、提交拟公开信息"),
            ("confidentiality_review", "保密审查（办公室）"),
            ("attribute_review", "公开属性认定（法制处）"),
            ("manage_published", "撤回、废止已发布信息"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["item"], condition=Q(status=RunStatus.ACTIVE), name="one_active_review_run_per_item"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} 第{self.pk}次审查"


class ReviewStep(models.Model):
    """A review of one revision by the Office or Legal Affairs."""

    run = models.ForeignKey(ReviewRun, verbose_name="审查流程", on_delete=models.CASCADE, related_name="steps")
    item = models.ForeignKey(
        DisclosureItem, verbose_name="公开信息", on_delete=models.CASCADE, related_name="review_steps"
    )
    kind = models.CharField("环节", max_length=20, choices=StepKind.choices)
    status = models.CharField("状态", max_length=10, choices=StepStatus.choices, default=StepStatus.PENDING)
    outcome = models.CharField("结果", max_length=20, choices=Outcome.choices, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审查人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)
    comment = models.TextField("意见", blank=True)
    revision_hash = models.CharField("所审版本", max_length=64)
    snapshot = models.JSONField("所审内容", default=dict)
    changes = models.JSONField("自上次审查以来的修改", default=list, blank=True)
    created_at = models.DateTimeField("送达时间", default=timezone.now)

    class Meta:
        verbose_name = "审查环节"
        verbose_name_plural = "审查环节"
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "kind"], name="one_step_of_each_kind_per_run"),
            models.CheckConstraint(
                name="decided_step_has_decider",
                condition=Q(status=StepStatus.PENDING, decided_at__isnull=True)
                | Q(status=StepStatus.DECIDED, decided_at__isnull=False, outcome__gt=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("review:item", args=[self.item_id])


class Referral(models.Model):
    """Art. 17: the Office cannot decide whether the item is secret and asks the competent authority."""

    step = models.ForeignKey(ReviewStep, verbose_name="审查环节", on_delete=models.CASCADE, related_name="referrals")
    item = models.ForeignKey(
        DisclosureItem, verbose_name="公开信息", on_delete=models.CASCADE, related_name="referrals"
    )
    authority = models.CharField("报请机关", max_length=200)
    question = models.TextField("报请事项", blank=True)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="报请人", on_delete=models.PROTECT, related_name="+"
    )
    referred_at = models.DateTimeField("报请时间", default=timezone.now)
    answer = models.CharField("答复结论", max_length=20, choices=ReferralAnswer.choices, blank=True)
    answer_text = models.TextField("答复内容", blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField("答复登记时间", null=True, blank=True)

    class Meta:
        verbose_name = "报请确定（第十七条）"
        verbose_name_plural = "报请确定（第十七条）"
        ordering = ["-referred_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["step"], condition=Q(answered_at__isnull=True), name="one_open_referral_per_step"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} → {self.authority}"


class ItemReminder(BaseReminder):
    """Art. 26 deadline reminders and Art. 18 re-evaluation reminders for one item."""

    item = models.ForeignKey(
        DisclosureItem, verbose_name="公开信息", on_delete=models.CASCADE, related_name="reminders"
    )

    class Meta:
        verbose_name = "发布审查提醒"
        verbose_name_plural = "发布审查提醒"
        ordering = ["-due_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["item", "kind", "due_on"], name="uniq_item_reminder")]

    def __str__(self) -> str:
        return f"{self.item} {self.kind} {self.due_on}"

    def recipients(self) -> list:
        from .selectors import reminder_recipients

        return reminder_recipients(self)

    def message(self) -> str:
        label = dict(ReminderKind.choices).get(self.kind, self.kind)
        if self.kind == ReminderKind.REEVALUATION:
            return f"《{self.item.title}》{label}（复核日期 {self.due_on:%Y-%m-%d}），请法制处复核其公开属性。"
        from .selectors import art26_deadline

        deadline = art26_deadline(self.item)
        when = f"，期限为 {deadline:%Y-%m-%d}" if deadline else ""
        return f"《{self.item.title}》{label}{when}（条例第二十六条：自形成或者变更之日起20个工作日内公开）。"

    def url(self) -> str:
        return reverse("review:item", args=[self.item_id])


def editor_upload_path(instance: "EditorUpload", filename: str) -> str:
    return f"editor/{timezone.now():%Y/%m}/{instance.stored_name}"


class EditorUpload(StoredFile):
    """An image or file inserted through the rich-text editor by a permitted staff member.

    Served by a view: to the public only once a published item's body refers to it."""

    stored_name = models.CharField("存储名", max_length=100, unique=True)
    original_name = models.CharField("原文件名", max_length=200)
    file = models.FileField("文件", upload_to=editor_upload_path, max_length=300)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "编辑器上传文件"
        verbose_name_plural = "编辑器上传文件"
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("review:editor_file", args=[self.stored_name])
