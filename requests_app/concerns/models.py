"""The register's rows. Imported into `requests_app.models` so Django finds them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from portal.models import BaseReminder

from .choices import ConcernCategory, ConcernLevel, ConcernState, Milestone
from .timers import Timer, compute_timers


class ConcernEntry(models.Model):
    """One public concern in the register (舆情台账), from noticing it to closing it."""

    reference = models.CharField("台账编号", max_length=30, unique=True)
    noticed_at = models.DateTimeField("发现时间", db_index=True)
    source = models.CharField("发现渠道", max_length=100, help_text="如：微博、本网站留言、媒体报道、上级交办")
    source_url = models.URLField("网址", max_length=500, blank=True)
    summary = models.TextField("舆情摘要")
    category = models.CharField("类别", max_length=30, choices=ConcernCategory.choices)
    level = models.CharField("级别", max_length=20, choices=ConcernLevel.choices)
    department = models.ForeignKey(
        "portal.Department", verbose_name="责任部门", on_delete=models.PROTECT, related_name="concern_entries"
    )
    state = models.CharField(
        "状态", max_length=10, choices=ConcernState.choices, default=ConcernState.OPEN, db_index=True
    )

    # The response: a published 回应关切 item (disclosure), named by pk through portal.lookups;
    # its title and address are kept as linked so the register reads no other app's tables.
    response_item_id = models.PositiveIntegerField("回应信息编号", null=True, blank=True)
    response_title = models.CharField("回应信息标题", max_length=300, blank=True)
    response_path = models.CharField("回应信息地址", max_length=300, blank=True)

    # A draft 回应关切 item the Office asked for from here (portal.lookups.propose_item); it is
    # linked above only once it has passed both reviews and is published.
    response_draft_id = models.PositiveIntegerField("回应信息草稿编号", null=True, blank=True)
    response_draft_path = models.CharField("回应信息草稿地址", max_length=300, blank=True)

    authoritative_info_at = models.DateTimeField("发布权威信息时间", null=True, blank=True)
    press_conference_at = models.DateTimeField("召开新闻发布会时间", null=True, blank=True)
    response_published_at = models.DateTimeField("发布回应时间", null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", default=timezone.now)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办结人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "舆情台账"
        verbose_name_plural = "舆情台账"
        ordering = ["-noticed_at", "-id"]
        permissions = [("keep_concern_register", "维护舆情台账（办公室）")]
        indexes = [models.Index(fields=["state", "noticed_at"], name="concern_state_noticed")]

    def __str__(self) -> str:
        return f"{self.reference} {self.summary[:40]}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("requests:concern_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state == ConcernState.OPEN

    @property
    def is_emergency(self) -> bool:
        """Especially major or major: the 5-hour and 24-hour limits apply."""
        return self.level in (ConcernLevel.ESPECIALLY_MAJOR, ConcernLevel.MAJOR)

    @property
    def has_response(self) -> bool:
        return self.response_item_id is not None

    def milestone_at(self, milestone: str):
        return {
            Milestone.AUTHORITATIVE_INFO: self.authoritative_info_at,
            Milestone.PRESS_CONFERENCE: self.press_conference_at,
            Milestone.RESPONSE: self.response_published_at,
        }[milestone]

    def timers(self, now=None) -> list[Timer]:
        return compute_timers(
            level=self.level,
            noticed_at=self.noticed_at,
            now=now or timezone.now(),
            authoritative_info_at=self.authoritative_info_at,
            press_conference_at=self.press_conference_at,
            response_at=self.response_published_at,
            closed_at=self.closed_at,
        )

    def next_timer(self, now=None) -> Timer | None:
        """The running timer whose limit comes first (None when none runs)."""
        running = [t for t in self.timers(now) if t.running]
        return min(running, key=lambda t: t.due_at) if running else None


class ConcernFollowUp(models.Model):
    """A note on what was done next (跟踪处置), kept until the entry is closed."""

    entry = models.ForeignKey(ConcernEntry, on_delete=models.CASCADE, related_name="follow_ups")
    at = models.DateTimeField("时间", default=timezone.now)
    note = models.TextField("处置情况")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "舆情跟踪处置记录"
        verbose_name_plural = "舆情跟踪处置记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.entry_id} {self.at:%Y-%m-%d %H:%M}"


REMINDER_TEXT = {
    "authoritative_info_soon": "距发布权威信息时限（发现后5小时）还有不到1小时",
    "authoritative_info_overdue": "已超过发布权威信息时限（发现后5小时），尚未发布",
    "press_conference_soon": "距召开新闻发布会时限（发现后24小时）还有不到1小时",
    "press_conference_overdue": "已超过召开新闻发布会时限（发现后24小时），尚未召开",
    "response_soon": "距作出回应时限（发现后48小时）还有不到1小时",
    "response_overdue": "已超过作出回应时限（发现后48小时），尚未回应",
}


class ConcernReminder(BaseReminder):
    """A reminder about one entry's limit: one row per (entry, kind, due_at); `due_on` is
    the limit's date in Asia/Shanghai, for the reminder lists every app shares."""

    entry = models.ForeignKey(ConcernEntry, on_delete=models.CASCADE, related_name="reminders")
    due_at = models.DateTimeField("时限")

    class Meta:
        verbose_name = "舆情回应提醒"
        verbose_name_plural = "舆情回应提醒"
        constraints = [
            models.UniqueConstraint(fields=["entry", "kind", "due_at"], name="uniq_concern_reminder"),
        ]

    def __str__(self) -> str:
        return f"{self.entry.reference} {self.kind} {self.due_at:%Y-%m-%d %H:%M}"

    def recipients(self) -> list:
        from .permissions import department_staff, keepers

        return [*department_staff(self.entry.department_id), *keepers()]

    def message(self) -> str:
        text = REMINDER_TEXT.get(self.kind, self.kind)
        due = timezone.localtime(self.due_at)
        return f"舆情 {self.entry.reference}（{self.entry.summary[:30]}）：{text}（时限 {due:%Y-%m-%d %H:%M}）"

    def url(self) -> str:
        return self.entry.get_absolute_url()
