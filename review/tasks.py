"""The review app's part of the daily scan, and a thin task to publish scheduled items."""

from datetime import date

from celery import shared_task
from django.db.models import Q
from django.utils import timezone

from disclosure.choices import Attribute
from disclosure.models import DisclosureItem
from portal.reminders import ensure_reminder
from portal.workdays import add_workdays

from .choices import REEVALUATED, UNPUBLISHED_WORK, ReminderKind
from .models import ItemReminder
from .services import publish_due


def art26_reminder_for(formed_on: date, today: date) -> tuple[str, date] | None:
    """Which Art. 26 reminder is due on `today` (kind, due_on), if any.

    5 and 2 working days before the deadline, and daily after it. A scan missed on the
    exact day is caught up by the next one (the window runs until the next reminder)."""
    deadline = add_workdays(formed_on, 20)
    five = add_workdays(deadline, -5)
    two = add_workdays(deadline, -2)
    if today > deadline:
        return ReminderKind.OVERDUE, today
    if two <= today:
        return ReminderKind.DEADLINE_2, two
    if five <= today:
        return ReminderKind.DEADLINE_5, five
    return None


def scan_review(today: date) -> dict:
    """Publish what is due; remind about Art. 26 deadlines and Art. 18 re-evaluations."""
    published = publish_due(now=timezone.now())
    deadline_created = 0
    waiting = DisclosureItem.objects.filter(
        state__in=UNPUBLISHED_WORK, proposed_attribute=Attribute.PROACTIVE, formed_on__isnull=False
    ).only("pk", "formed_on")
    for item in waiting.iterator():
        due = art26_reminder_for(item.formed_on, today)
        if due is None:
            continue
        kind, due_on = due
        _, created = ensure_reminder(ItemReminder, item_id=item.pk, kind=kind, due_on=due_on)
        deadline_created += int(created)
    reevaluation_created = 0
    for pk, on in DisclosureItem.objects.filter(Q(state__in=REEVALUATED), reevaluate_on__lte=today).values_list(
        "pk", "reevaluate_on"
    ):
        _, created = ensure_reminder(ItemReminder, item_id=pk, kind=ReminderKind.REEVALUATION, due_on=on)
        reevaluation_created += int(created)
    return {
        "published": len(published),
        "deadline_reminders": deadline_created,
        "reevaluation_reminders": reevaluation_created,
    }


@shared_task(acks_late=True)
def publish_due_items() -> int:
    return len(publish_due())
