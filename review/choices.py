from django.db import models

from disclosure.choices import State


class StepKind(models.TextChoices):
    CONFIDENTIALITY = "confidentiality", "保密审查"
    ATTRIBUTE = "attribute", "公开属性认定"


class StepStatus(models.TextChoices):
    PENDING = "pending", "待审查"
    DECIDED = "decided", "已决定"


class Outcome(models.TextChoices):
    CLEARED = "cleared", "保密审查通过"
    RETURNED = "returned", "退回修改"
    SECRET = "secret", "涉密不予公开"
    PROACTIVE = "proactive", "认定主动公开"
    ON_REQUEST = "on_request", "认定依申请公开"
    WITHHELD = "withheld", "认定不予公开"
    VOIDED = "voided", "因内容修改而作废"


class RunStatus(models.TextChoices):
    ACTIVE = "active", "审查中"
    CLOSED = "closed", "已结束"


class ReminderKind(models.TextChoices):
    DEADLINE_5 = "deadline_5", "距第二十六条发布期限还有5个工作日"
    DEADLINE_2 = "deadline_2", "距第二十六条发布期限还有2个工作日"
    OVERDUE = "overdue", "已超过第二十六条发布期限"
    REEVALUATION = "reevaluation", "第十八条动态调整复核到期"


class ReferralAnswer(models.TextChoices):
    NOT_SECRET = "not_secret", "不属于国家秘密"
    SECRET = "secret", "属于国家秘密"


class ReevaluationDecision(models.TextChoices):
    KEEP = "keep", "维持原认定"
    PUBLISH = "publish", "转为主动公开（重新经办公室保密审查）"


# Item states in which an item still waits for publication (Art. 26 clock runs).
UNPUBLISHED_WORK = (
    State.DRAFT,
    State.RETURNED,
    State.CONFIDENTIALITY_REVIEW,
    State.REFERRED,
    State.ATTRIBUTE_REVIEW,
)
# States whose determination Art. 18 requires to be re-evaluated periodically.
REEVALUATED = (State.ON_REQUEST, State.WITHHELD, State.SECRET)
