from datetime import date

import pytest
from django.conf import settings
from django.core import mail

from portal.audit import record
from portal.models import AuditEvent, Notification, ScanRun, SystemReminder
from portal.reminders import deliver, deliver_pending, ensure_reminder
from portal.scans import run_daily_scan
from portal.sequences import next_value
from tests.concurrency import errors_of, race
from tests.portal.factories import UserFactory


@pytest.mark.django_db
def test_audit_events_are_append_only():
    event = record(action="test.done", data={"x": 1})
    event.action = "changed"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()
    assert AuditEvent.objects.get().action == "test.done"


@pytest.mark.skipif(not settings.IS_POSTGRES, reason="row locks under concurrency need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_counter_values_are_unique_under_concurrency():
    outcome = race([lambda: [next_value("concurrency-test") for _ in range(10)] for _ in range(4)])
    errors = errors_of(outcome)
    results = [value for kind, values in outcome if kind == "ok" for value in values]
    assert not errors
    assert sorted(results) == list(range(1, 41))


@pytest.mark.django_db
def test_system_reminder_is_created_and_sent_once(django_capture_on_commit_callbacks):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        r1, created1 = ensure_reminder(
            SystemReminder, kind="k", due_on=date(2026, 11, 2), defaults={"text": "提醒内容"}
        )
        r2, created2 = ensure_reminder(
            SystemReminder, kind="k", due_on=date(2026, 11, 2), defaults={"text": "提醒内容"}
        )
    assert created1 and not created2 and r1.pk == r2.pk
    r1.refresh_from_db()
    assert r1.sent_at is not None
    assert Notification.objects.filter(recipient=admin).count() == 1
    # A redelivered task sends nothing twice.
    assert deliver(SystemReminder._meta.label, r1.pk) is False
    assert deliver_pending() == 0
    assert Notification.objects.filter(recipient=admin).count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_calendar_scan_asks_for_next_year_from_november(django_capture_on_commit_callbacks):
    UserFactory(username="root", is_superuser=True)
    with django_capture_on_commit_callbacks(execute=True):
        run_daily_scan(date(2026, 10, 31))
    assert not SystemReminder.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        run_daily_scan(date(2026, 11, 1))
        run_daily_scan(date(2026, 11, 1))  # a second run the same day is a no-op catch-up
    reminder = SystemReminder.objects.get()
    assert "2027" in reminder.text and reminder.sent_at is not None
    assert ScanRun.objects.get(on=date(2026, 11, 1)).finished_at is not None
