from django.db import models


class ItemKind(models.TextChoices):
    DOCUMENT = "document", "政府文件"
    NEWS = "news", "新闻动态"
    INTERPRETATION = "interpretation", "政策解读"
    RESPONSE = "response", "回应关切"
    QA = "qa", "问答选登"
    CONSULTATION = "consultation", "意见征集"
    CONSULTATION_FEEDBACK = "feedback", "意见采纳情况"
    GUIDE = "guide", "政府信息公开指南"
    POLICY = "policy", "政府信息公开制度"
    ANNUAL_REPORT = "annual_report", "政府信息公开工作年度报告"


class DocType(models.TextChoices):
    """For table 二 of the annual report (Art. 20 (一))."""

    REGULATION = "regulation", "规章"
    NORMATIVE = "normative", "行政规范性文件"
    OTHER = "other", "其他文件"


class Validity(models.TextChoices):
    IN_FORCE = "in_force", "现行有效"
    REPEALED = "repealed", "已废止"
    EXPIRED = "expired", "已失效"


class Attribute(models.TextChoices):
    """公开属性 (Art. 13–16)."""

    PROACTIVE = "proactive", "主动公开"
    ON_REQUEST = "on_request", "依申请公开"
    WITHHELD = "withheld", "不予公开"


class WithholdGround(models.TextChoices):
    """Grounds for 不予公开, Art. 14–16 (the same families as table 三 （三）)."""

    STATE_SECRET = "state_secret", "属于国家秘密"
    LAW_PROHIBITED = "law_prohibited", "其他法律行政法规禁止公开"
    THREE_SAFETY = "three_safety", "危及“三安全一稳定”"
    THIRD_PARTY = "third_party", "保护第三方合法权益"
    INTERNAL_AFFAIRS = "internal_affairs", "属于三类内部事务信息"
    PROCESS_INFO = "process_info", "属于四类过程性信息"
    ENFORCEMENT_FILE = "enforcement_file", "属于行政执法案卷"


class DisclosureForm(models.TextChoices):
    """公开形式: where a proactive item is published."""

    WEBSITE = "website", "政府网站"
    NEW_MEDIA = "new_media", "政务新媒体"
    GAZETTE = "gazette", "政府公报"
    PRESS = "press", "新闻发布会"
    READING_ROOM = "reading_room", "公共查阅点"


class State(models.TextChoices):
    """The one field the public side reads. Only PUBLISHED is public."""

    DRAFT = "draft", "草稿"
    CONFIDENTIALITY_REVIEW = "confidentiality_review", "保密审查中"
    REFERRED = "referred", "已报请主管部门确定"
    ATTRIBUTE_REVIEW = "attribute_review", "公开属性认定中"
    RETURNED = "returned", "退回修改"
    SECRET = "secret", "涉密不予公开"
    ON_REQUEST = "on_request", "依申请公开"
    WITHHELD = "withheld", "不予公开"
    SCHEDULED = "scheduled", "待定时发布"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤回"
