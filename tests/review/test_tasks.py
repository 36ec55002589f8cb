import datetime
from datetime import timedelta

import pytest
from django.utils import timezone

from disclosure.choices import Attribute, State
from disclosure.models import DisclosureItem
from portal import scans
from portal.models import Notification
from review import services
from review.choices import ReminderKind
from review.models import ItemReminder
from review.selectors import art26_deadline, pending_step
from review.tasks import art26_reminder_for, scan_review
from tests.review.factories import draft

D = datetime.date
FORMED = D(2026, 11, 2)  # Monday; no holiday until the deadline


@pytest.mark.django_db
def test_art26_deadline_is_20_working_days_after_formation():
    assert art26_reminder_for(FORMED, D(2026, 11, 20)) is None
    assert art26_reminder_for(FORMED, D(2026, 11, 23)) == (ReminderKind.DEADLINE_5, D(2026, 11, 23))
    assert art26_reminder_for(FORMED, D(2026, 11, 25)) == (ReminderKind.DEADLINE_5, D(2026, 11, 23))
    assert art26_reminder_for(FORMED, D(2026, 11, 26)) == (ReminderKind.DEADLINE_2, D(2026, 11, 26))
    assert art26_reminder_for(FORMED, D(2026, 11, 30)) == (ReminderKind.DEADLINE_2, D(2026, 11, 26))
    assert art26_reminder_for(FORMED, D(2026, 12, 1)) == (ReminderKind.OVERDUE, D(2026, 12, 1))
    assert art26_reminder_for(FORMED, D(2026, 12, 2)) == (ReminderKind.OVERDUE, D(2026, 12, 2))


@pytest.mark.django_db
def test_art26_deadline_counts_working_days_across_the_national_day():
    # DOMAIN.md §3's worked example: formed Friday 2019-09-27 → the 20th working day after is
    # 2019-10-30 (09-29 Sun and 10-12 Sat were working days; 10-01..10-07 were not).
    assert art26_deadline(DisclosureItem(formed_on=D(2019, 9, 27))) == D(2019, 10, 30)
    assert art26_deadline(DisclosureItem(formed_on=None)) is None


def in_review(world):
    item = draft(world, formed_on=FORMED)
    services.submit_for_review(item=item, actor=world.drafter)
    return item


def test_scan_reminds_drafter_and_queue_reviewers_once(world, django_capture_on_commit_callbacks):
    item = in_review(world)
    with django_capture_on_commit_callbacks(execute=True):
        assert scan_review(D(2026, 11, 23))["deadline_reminders"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert scan_review(D(2026, 11, 23))["deadline_reminders"] == 0
    reminder = ItemReminder.objects.get(item=item)
    assert reminder.kind == ReminderKind.DEADLINE_5 and reminder.sent_at is not None
    for user in (world.drafter, world.office1, world.office2):
        assert Notification.objects.filter(recipient=user, message__contains="5个工作日").count() == 1
    assert not Notification.objects.filter(recipient=world.legal1).exists()


def test_scan_two_days_before_and_daily_after(world, django_capture_on_commit_callbacks):
    item = in_review(world)
    services.clear_confidentiality(step=pending_step(item), actor=world.office1)
    with django_capture_on_commit_callbacks(execute=True):
        for day in (D(2026, 11, 26), D(2026, 11, 27), D(2026, 12, 1), D(2026, 12, 2), D(2026, 12, 2)):
            scan_review(day)
    kinds = list(ItemReminder.objects.filter(item=item).order_by("due_on").values_list("kind", "due_on"))
    assert kinds == [
        (ReminderKind.DEADLINE_2, D(2026, 11, 26)),
        (ReminderKind.OVERDUE, D(2026, 12, 1)),
        (ReminderKind.OVERDUE, D(2026, 12, 2)),
    ]
    assert Notification.objects.filter(recipient=world.legal1, message__contains="已超过").count() == 2


def test_scan_ignores_published_and_on_request_proposals(world):
    a = draft(world, formed_on=FORMED, proposed_attribute=Attribute.ON_REQUEST)
    services.submit_for_review(item=a, actor=world.drafter)
    b = in_review(world)
    services.clear_confidentiality(step=pending_step(b), actor=world.office1)
    services.determine_attribute(
        step=pending_step(b), actor=world.legal1, attribute=Attribute.PROACTIVE, forms=["website"]
    )
    scan_review(D(2026, 12, 3))
    assert not ItemReminder.objects.exists()


def test_scan_reminds_legal_affairs_to_reevaluate(world, django_capture_on_commit_callbacks):
    item = in_review(world)
    services.clear_confidentiality(step=pending_step(item), actor=world.office1)
    item = services.determine_attribute(
        step=pending_step(item), actor=world.legal1, attribute=Attribute.ON_REQUEST, reevaluate_on=D(2027, 6, 1)
    )
    assert scan_review(D(2027, 5, 31))["reevaluation_reminders"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert scan_review(D(2027, 6, 1))["reevaluation_reminders"] == 1
        assert scan_review(D(2027, 6, 2))["reevaluation_reminders"] == 0
    assert Notification.objects.filter(recipient=world.legal2, message__contains="复核").count() == 1
    assert not Notification.objects.filter(recipient=world.office1, message__contains="复核").exists()


def test_scan_publishes_due_scheduled_items(world):
    item = in_review(world)
    services.clear_confidentiality(step=pending_step(item), actor=world.office1)
    services.determine_attribute(
        step=pending_step(item),
        actor=world.legal1,
        attribute=Attribute.PROACTIVE,
        forms=["website"],
        publish_at=timezone.now() + timedelta(hours=1),
    )
    assert scan_review(timezone.localdate())["published"] == 0
    DisclosureItem.objects.filter(pk=item.pk).update(scheduled_for=timezone.now() - timedelta(minutes=1))
    assert scan_review(timezone.localdate())["published"] == 1
    assert DisclosureItem.objects.get(pk=item.pk).state == State.PUBLISHED


def test_review_scan_and_panel_are_registered():
    from portal.dashboard import _providers
    from review.dashboard import review_panel

    assert "review" in scans.registered()
    assert review_panel in _providers
