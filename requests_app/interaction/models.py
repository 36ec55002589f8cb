"""Public messages (互动交流). The Office routes each to a department, the department
drafts the answer, the Office approves it (or returns it for rework) and only then is it
sent. Every step is an audit event (portal.audit), which is the message's history."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from portal.models import BaseReminder

from .choices import ACTIONS, OPEN_STATUSES, AnswerKind, MessageKind, MessageStatus


class Message(models.Model):
    number = models.CharField("留言编号", max_length=20, unique=True)
    kind = models.CharField("留言类型", max_length=20, choices=MessageKind.choices)
    subject = models.CharField("主题", max_length=100)
    text = models.TextField("留言内容")
    # Personal data: only the handling department and the Office see it (permissions.py).
    name = models.CharField("姓名", max_length=50)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    requested_department = models.ForeignKey(
        "portal.Department",
        verbose_name="留言人选择的部门",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    publish_consent = models.BooleanField("同意公开留言及答复", default=False)
    query_code_hash = models.CharField("查询码（散列）", max_length=128)
    source_ip = models.GenericIPAddressField("来源地址", null=True, blank=True)
    created_at = models.DateTimeField("提交时间", default=timezone.now)
    received_on = models.DateField("受理日期", db_index=True)
    due_on = models.DateField("答复期限", db_index=True)

    status = models.CharField(
        "状态", max_length=30, choices=MessageStatus.choices, default=MessageStatus.RECEIVED, db_index=True
    )
    department = models.ForeignKey(
        "portal.Department",
        verbose_name="承办部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="messages",
    )
    answer_kind = models.CharField("答复方式", max_length=20, choices=AnswerKind.choices, blank=True)
    answer = models.TextField("答复内容", blank=True)
    answer_department = models.ForeignKey(
        "portal.Department",
        verbose_name="答复部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="答复起草人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    return_reason = models.TextField("退回理由", blank=True)
    answered_on = models.DateField("答复日期", null=True, blank=True)
    converted_request = models.OneToOneField(
        "requests_app.InformationRequest",
        verbose_name="转为的政府信息公开申请",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="source_message",
    )
    qa_item_id = models.PositiveIntegerField("问答选登稿件编号", null=True, blank=True)
    qa_item_path = models.CharField("问答选登稿件地址", max_length=200, blank=True)

    class Meta:
        verbose_name = "公众留言"
        verbose_name_plural = "公众留言"
        ordering = ["-received_on", "-id"]
        permissions = [
            ("manage_messages", "办理公众留言（办公室：分办、审核答复、转办、选登）"),
            ("answer_messages", "答复分办到本部门的公众留言"),
            ("view_message_identity", "导出时查看留言人姓名和联系方式"),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="msg_status_due")]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("messages:staff_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_answered(self) -> bool:
        return self.status == MessageStatus.ANSWERED

    @property
    def is_converted(self) -> bool:
        return self.status == MessageStatus.CONVERTED

    @property
    def awaits_approval(self) -> bool:
        return self.status == MessageStatus.AWAITING_APPROVAL

    @property
    def is_overdue(self) -> bool:
        return self.is_open and timezone.localdate() > self.due_on

    @property
    def was_returned(self) -> bool:
        return self.status == MessageStatus.ROUTED and bool(self.return_reason)

    @property
    def allowed_actions(self) -> tuple[str, ...]:
        actions = ACTIONS.get(self.status, ())
        if "publish" in actions and not (self.publish_consent and self.qa_item_id is None):
            actions = tuple(a for a in actions if a != "publish")
        return actions


MESSAGE_REMINDER_TEXT = {
    "due_1": "距答复期限还剩1个工作日",
    "overdue": "已超过答复期限，请立即答复（已报办公室负责人）",
}


class MessageReminder(BaseReminder):
    """A reminder about one message; one row per (message, kind, due_on)."""

    message_obj = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reminders")

    class Meta:
        verbose_name = "留言办理提醒"
        verbose_name_plural = "留言办理提醒"
        constraints = [
            models.UniqueConstraint(fields=["message_obj", "kind", "due_on"], name="uniq_message_reminder"),
        ]

    def __str__(self) -> str:
        return f"{self.message_obj.number} {self.kind} {self.due_on}"

    def recipients(self) -> list:
        from .permissions import department_answerers, office_clerks, office_heads

        msg = self.message_obj
        users = list(department_answerers(msg.department_id)) if msg.department_id else list(office_clerks())
        if self.escalated:
            users += list(office_heads())
        return users

    def message(self) -> str:
        msg = self.message_obj
        text = MESSAGE_REMINDER_TEXT.get(self.kind, self.kind)
        return f"留言 {msg.number}：{text}（答复期限 {msg.due_on:%Y-%m-%d}）"

    def url(self) -> str:
        return reverse("messages:staff_detail", args=[self.message_obj_id])
