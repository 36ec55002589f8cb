"""A consultation hangs on a published draft item (kind 意见征集); comments carry personal
data (name, contact) that only the publishing department and the Office see."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone


class CommentDecision(models.TextChoices):
    PENDING = "pending", "待处理"
    ADOPTED = "adopted", "采纳"
    NOT_ADOPTED = "not_adopted", "未采纳"


class Consultation(models.Model):
    item = models.OneToOneField(
        "disclosure.DisclosureItem",
        verbose_name="征求意见稿",
        on_delete=models.CASCADE,
        related_name="consultation",
    )
    opens_on = models.DateField("征集开始日期")
    closes_on = models.DateField("征集截止日期")
    feedback_item = models.OneToOneField(
        "disclosure.DisclosureItem",
        verbose_name="意见采纳情况说明",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="feedback_for",
    )
    finished_at = models.DateTimeField("办结时间", null=True, blank=True)
    finished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办结人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "意见征集"
        verbose_name_plural = "意见征集"
        ordering = ["-opens_on", "-id"]
        permissions = [
            ("export_comment_identities", "导出意见征集提出人的个人信息（不打码）"),
        ]
        constraints = [
            models.CheckConstraint(name="consultation_closes_after_opening", condition=Q(closes_on__gte=F("opens_on"))),
            models.CheckConstraint(
                name="consultation_finished_with_feedback",
                condition=Q(finished_at__isnull=True) | Q(feedback_item__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"意见征集：{self.item.title}" if self.item_id else "意见征集"

    def get_absolute_url(self) -> str:
        return reverse("consultations:detail", args=[self.item_id])

    def is_open_on(self, day) -> bool:
        return self.opens_on <= day <= self.closes_on

    def has_closed_by(self, day) -> bool:
        return day > self.closes_on

    @property
    def is_open(self) -> bool:
        """Comments are taken from the opening day to the closing day inclusive, by the
        calendar of Asia/Shanghai (the site's time zone)."""
        return self.is_open_on(timezone.localdate())

    @property
    def has_closed(self) -> bool:
        return self.has_closed_by(timezone.localdate())

    @property
    def not_yet_open(self) -> bool:
        return timezone.localdate() < self.opens_on

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None

    @property
    def period_days(self) -> int:
        return (self.closes_on - self.opens_on).days


class ConsultationComment(models.Model):
    consultation = models.ForeignKey(
        Consultation, verbose_name="意见征集", on_delete=models.CASCADE, related_name="comments"
    )
    number = models.PositiveIntegerField("序号")
    text = models.TextField("意见内容")
    name = models.CharField("姓名", max_length=50, blank=True)
    contact = models.CharField("联系方式", max_length=100, blank=True)
    consent_to_publish = models.BooleanField("同意公开意见内容", default=False)
    received_at = models.DateTimeField("提交时间", default=timezone.now)
    decision = models.CharField(
        "采纳情况", max_length=20, choices=CommentDecision.choices, default=CommentDecision.PENDING
    )
    reason = models.TextField("采纳或不采纳的理由", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="处理人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)

    class Meta:
        verbose_name = "征集意见"
        verbose_name_plural = "征集意见"
        ordering = ["consultation", "number"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "number"], name="consultation_comment_number"),
            models.CheckConstraint(
                name="comment_decision_has_reason",
                condition=Q(decision=CommentDecision.PENDING) | ~Q(reason=""),
            ),
        ]

    def __str__(self) -> str:
        return f"意见{self.number}"

    @property
    def is_decided(self) -> bool:
        return self.decision != CommentDecision.PENDING

    @property
    def is_adopted(self) -> bool:
        return self.decision == CommentDecision.ADOPTED
