"""Information requests (依申请公开). A request is its event log; status and deadlines are
derived by `requests_app.deadlines` and cached on the row for queries."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from portal.models import BaseReminder, StoredFile

from .choices import ApplicantType, Channel, EventType, Outcome, ReviewResult, Status


class InformationRequest(models.Model):
    reference = models.CharField("申请编号", max_length=64, unique=True)

    # Applicant (Art. 29).
    applicant_type = models.CharField("申请人类型", max_length=20, choices=ApplicantType.choices)
    applicant_name = models.CharField("申请人姓名或名称", max_length=200)
    id_type = models.CharField("证件类型", max_length=30, blank=True)
    id_number = models.CharField("证件号码或统一社会信用代码", max_length=50, blank=True)
    legal_representative = models.CharField("法定代表人或负责人", max_length=100, blank=True)
    contact_person = models.CharField("联系人", max_length=100, blank=True)
    phone = models.CharField("联系电话", max_length=50, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=300, blank=True)
    postcode = models.CharField("邮政编码", max_length=10, blank=True)

    # What is sought and how.
    description = models.TextField("所需政府信息的名称、文号或者便于查询的其他特征性描述")
    purpose = models.TextField("用途说明", blank=True)
    medium = models.CharField("信息的指定提供载体形式", max_length=30, blank=True)
    delivery = models.CharField("获取信息的方式", max_length=30, blank=True)

    channel = models.CharField("申请方式", max_length=20, choices=Channel.choices)
    submitted_on = models.DateField("提交日期")
    received_on = models.DateField("收到申请日期", null=True, blank=True, help_text="第三十一条规定的收到申请之日")
    query_code_hash = models.CharField("查询码（散列）", max_length=128, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="承办人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handled_requests",
    )
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    source_ip = models.GenericIPAddressField("来源地址", null=True, blank=True)

    # Derived from the event log by deadlines.compute(); never set by hand.
    status = models.CharField(
        "状态", max_length=30, choices=Status.choices, default=Status.AWAITING_CONFIRMATION, db_index=True
    )
    due_on = models.DateField("答复期限", null=True, blank=True, db_index=True)
    supplement_notice_due_on = models.DateField("补正告知期限", null=True, blank=True)
    supplement_by = models.DateField("补正截止日期", null=True, blank=True)
    consultation_limit_on = models.DateField("征求意见答复期限", null=True, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True, db_index=True)
    outcome = models.CharField("办理结果", max_length=40, choices=Outcome.choices, blank=True)
    overdue = models.BooleanField("已超期", default=False)
    provisional = models.BooleanField("期限待定（节假日安排未录入）", default=False)
    computed_at = models.DateTimeField("计算时间", null=True, blank=True)

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ["-submitted_on", "-id"]
        permissions = [
            ("handle_request", "办理政府信息公开申请"),
            ("approve_extension", "批准延期答复（公开工作机构负责人）"),
            ("view_applicant_identity", "查看申请人身份与联系信息"),
            ("review_reply_release", "答复书予以公开部分的保密审查（办公室）"),
        ]
        indexes = [
            models.Index(fields=["received_on"], name="req_received_on"),
            models.Index(fields=["status", "due_on"], name="req_status_due"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.applicant_name}"

    @property
    def is_closed(self) -> bool:
        return self.status == Status.CLOSED


class RequestEvent(models.Model):
    """One entry of a request's history. Fields beyond `type` and `on` live in `data`
    with the ledger's keys: outcome, supplement_by, party, kind (consultation_sent;
    absent means third_party), days, result, after_reconsideration, method and count
    (fee_notified), note; the fee amount in yuan is `amount` here and `amount_yuan` in
    the ledger (`lifecycle.to_data` / `to_ledger`). Letters issued from the staff screens
    keep their text under `letter`."""

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="events")
    type = models.CharField("事项", max_length=30, choices=EventType.choices)
    on = models.DateField("日期")
    data = models.JSONField("内容", default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="经办人", null=True, blank=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField("记录时间", default=timezone.now)
    public = models.BooleanField("申请人可见", default=True)

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["on", "id"]
        indexes = [models.Index(fields=["type", "on"], name="reqevent_type_on")]

    def __str__(self) -> str:
        return f"{self.on:%Y-%m-%d} {self.get_type_display()}"

    @property
    def outcome(self) -> str:
        return self.data.get("outcome", "")

    @property
    def result(self) -> str:
        return self.data.get("result", "")


class RequestDocument(StoredFile):
    """A file attached to a request: the applicant's proof of identity (never public) or a
    document sent with the reply (shown to the applicant on the status page)."""

    class Kind(models.TextChoices):
        APPLICANT = "applicant", "申请人提交的材料"
        REPLY = "reply", "答复材料"

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="documents")
    event = models.ForeignKey(RequestEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents")
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    file = models.FileField("文件", upload_to="requests/%Y/%m/")
    name = models.CharField("文件名", max_length=200)
    # Narrower than StoredFile's: the request form caps uploads far below 2 GB, and keeping
    # the column as it was spares a table rewrite.
    size = models.PositiveIntegerField("大小（字节）")

    class Meta:
        verbose_name = "申请材料"
        verbose_name_plural = "申请材料"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


REMINDER_TEXT = {
    "receipt_unconfirmed": "网上申请提交已满1个工作日仍未确认收到，请尽快与申请人确认",
    "supplement_notice_2": "补正告知期限（收到申请后7个工作日）还剩2个工作日",
    "supplement_notice_today": "今天是补正告知期限的最后一天",
    "reply_due_5": "答复期限还剩5个工作日",
    "reply_due_2": "答复期限还剩2个工作日",
    "reply_due_today": "今天是答复期限的最后一天",
    "overdue": "已超过答复期限，请立即办理（已报公开工作机构负责人）",
    "consultation_limit": "征求意见的15个工作日答复期限已届满，可依法自行决定",
}


class Reminder(BaseReminder):
    """A reminder about one request; one row per (request, kind, due_on)."""

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="reminders")

    class Meta:
        verbose_name = "申请办理提醒"
        verbose_name_plural = "申请办理提醒"
        constraints = [
            models.UniqueConstraint(fields=["request", "kind", "due_on"], name="uniq_request_reminder"),
        ]

    def __str__(self) -> str:
        return f"{self.request.reference} {self.kind} {self.due_on}"

    def recipients(self) -> list:
        from .permissions import handlers_for, heads

        users = list(handlers_for(self.request))
        if self.escalated:
            users += list(heads())
        return users

    def message(self) -> str:
        text = REMINDER_TEXT.get(self.kind, self.kind)
        due = f"（答复期限 {self.request.due_on:%Y-%m-%d}）" if self.request.due_on else ""
        return f"申请 {self.request.reference}：{text}{due}"

    def url(self) -> str:
        from django.urls import reverse

        return reverse("requests:staff_detail", args=[self.request_id])


__all__ = [
    "ApplicantType",
    "Channel",
    "EventType",
    "InformationRequest",
    "Outcome",
    "Reminder",
    "RequestDocument",
    "RequestEvent",
    "ReviewResult",
    "Status",
]

from .letters.models import Letter, LetterKind, ReplyApproval, ReplyDraft  # noqa: E402

__all__ += ["Letter", "LetterKind", "ReplyApproval", "ReplyDraft"]

from .interaction.models import Message, MessageReminder  # noqa: E402

__all__ += ["Message", "MessageReminder"]

from .concerns.models import ConcernEntry, ConcernFollowUp, ConcernReminder  # noqa: E402

__all__ += ["ConcernEntry", "ConcernFollowUp", "ConcernReminder"]
