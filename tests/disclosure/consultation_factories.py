"""Consultations for the tests: a draft for comment built through the workflow's services
(period included in the revision), published through both reviews."""

import datetime

from django.utils import timezone

from disclosure.choices import Attribute, DisclosureForm, ItemKind
from disclosure.consultations.models import Consultation
from disclosure.models import Topic
from review import services
from review.selectors import pending_step


def pin_today(monkeypatch, day: datetime.date) -> None:
    """Make `timezone.localdate()` (the site's calendar day, Asia/Shanghai) return `day`."""
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return day if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


def consultation_data(*, opens_on, closes_on, **overrides) -> dict:
    data = {
        "kind": ItemKind.CONSULTATION,
        "title": "示例省监狱罪犯离监探亲管理办法（征求意见稿）",
        "summary": "就离监探亲管理办法草案公开征求意见。",
        "body": "<p>第一条　为规范离监探亲工作，制定本办法。</p>",
        "formed_on": opens_on,
        "topic": Topic.objects.get(code="regulations"),
        "consultation_opens_on": opens_on,
        "consultation_closes_on": closes_on,
    }
    data.update(overrides)
    return data


def publish_through_review(world, item):
    """Submitted by its department, cleared by the Office, determined 主动公开 by Legal Affairs."""
    services.submit_for_review(item=item, actor=world.fresh(world.drafter))
    services.clear_confidentiality(step=pending_step(item), actor=world.office1)
    return services.determine_attribute(
        step=pending_step(item), actor=world.legal1, attribute=Attribute.PROACTIVE, forms=[DisclosureForm.WEBSITE]
    )


def published_consultation(world, *, opens_on, closes_on, **overrides):
    item = services.create_item(
        actor=world.drafter, data=consultation_data(opens_on=opens_on, closes_on=closes_on, **overrides)
    )
    publish_through_review(world, item)
    return Consultation.objects.select_related("item").get(item=item)
