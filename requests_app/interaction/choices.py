"""Stable codes of public messages. Never rename a value."""

from django.db import models


class MessageKind(models.TextChoices):
    CONSULT = "consult", "咨询"
    SUGGEST = "suggest", "建议"
    COMPLAINT = "complaint", "投诉举报"


class MessageStatus(models.TextChoices):
    RECEIVED = "received", "待分办"
    ROUTED = "routed", "办理中"
    AWAITING_APPROVAL = "awaiting_approval", "答复待审核"
    ANSWERED = "answered", "已答复"
    CONVERTED = "converted", "已转为依申请公开"


class AnswerKind(models.TextChoices):
    ANSWER = "answer", "答复"
    CHANNEL = "channel", "告知其他渠道（第三十九条）"


OPEN_STATUSES = [MessageStatus.RECEIVED, MessageStatus.ROUTED, MessageStatus.AWAITING_APPROVAL]

# Legal steps as data (STYLE §3): the steps each state allows. The services refuse any other,
# and the staff page offers these (it asks the table, never the status string).
ACTIONS: dict[str, tuple[str, ...]] = {
    MessageStatus.RECEIVED: ("route", "channel", "convert"),
    MessageStatus.ROUTED: ("draft", "route", "channel", "convert"),
    MessageStatus.AWAITING_APPROVAL: ("approve", "return"),
    MessageStatus.ANSWERED: ("publish",),
    MessageStatus.CONVERTED: (),
}
