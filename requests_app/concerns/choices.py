from django.db import models


class ConcernCategory(models.TextChoices):
    """The six kinds 国办发〔2016〕61号 asks to be answered first, and the rest."""

    POLICY_MISREAD = "policy_misread", "重大政策误解误读"
    PUBLIC_INTEREST = "public_interest", "涉及群众切身利益且影响面广"
    MORAL_BOTTOM_LINE = "moral_bottom_line", "冲击社会道德底线的民生事件"
    EMERGENCY = "emergency", "突发事件和自然灾害"
    HOT_TOPIC = "hot_topic", "社会热点问题"
    HIGHER_GOVERNMENT = "higher_government", "上级政府要求回应的事项"
    OTHER = "other", "其他"


class ConcernLevel(models.TextChoices):
    ESPECIALLY_MAJOR = "especially_major", "特别重大"
    MAJOR = "major", "重大"
    GENERAL = "general", "一般"


class ConcernState(models.TextChoices):
    OPEN = "open", "处置中"
    CLOSED = "closed", "已办结"


class Milestone(models.TextChoices):
    """What the timers wait for; each is a timestamp on the entry."""

    AUTHORITATIVE_INFO = "authoritative_info", "发布权威信息"
    PRESS_CONFERENCE = "press_conference", "召开新闻发布会"
    RESPONSE = "response", "发布回应"
