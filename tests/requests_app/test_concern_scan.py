"""The register's reminders: an hour before each limit and at the limit if unmet, each sent
once (scan twice, or two scans at once), to the responsible department and the Office; run
every ten minutes by Celery beat and caught up by the daily scan."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from portal.models import Notification
from portal.reminders import deliver, deliver_pending
from requests_app.concerns import services
from requests_app.concerns.choices import ConcernLevel, Milestone
from requests_app.concerns.scan import scan_concerns
from requests_app.models import ConcernReminder
from tests.concurrency import errors_of, race
from tests.portal.factories import DepartmentFactory, UserFactory
from tests.requests_app.concern_helpers import department_handler, entry, keeper


def kinds():
    return sorted(ConcernReminder.objects.values_list("kind", flat=True))


@pytest.mark.django_db
def test_each_reminder_once_an_hour_before_and_at_each_limit():
    now = timezone.now().replace(microsecond=0)
    e = entry(level=ConcernLevel.MAJOR, noticed_at=now - timedelta(hours=3))
    scan_concerns(now)
    assert kinds() == []
    info_due = e.noticed_at + timedelta(hours=5)
    for minutes in (-50, -20, -10):  # three scans in the hour before the 5-hour limit
        scan_concerns(info_due + timedelta(minutes=minutes))
    assert kinds() == ["authoritative_info_soon"]
    scan_concerns(info_due)
    scan_concerns(info_due + timedelta(minutes=10))
    assert kinds() == ["authoritative_info_overdue", "authoritative_info_soon"]
    press_due = e.noticed_at + timedelta(hours=24)
    scan_concerns(press_due + timedelta(minutes=5))  # the hour before was missed: only the overdue one
    scan_concerns(press_due + timedelta(minutes=15))
    assert kinds() == ["authoritative_info_overdue", "authoritative_info_soon", "press_conference_overdue"]
    overdue = ConcernReminder.objects.get(kind="press_conference_overdue")
    assert overdue.due_at == press_due and overdue.escalated
    assert overdue.due_on == timezone.localtime(press_due).date()


@pytest.mark.django_db
def test_no_reminder_for_a_milestone_recorded_or_an_entry_closed():
    from tests.requests_app.concern_helpers import response_item

    office = keeper()
    now = timezone.now().replace(microsecond=0)
    e = entry(actor=office, level=ConcernLevel.MAJOR, noticed_at=now - timedelta(hours=4, minutes=30))
    services.record_milestone(entry=e, actor=office, milestone=Milestone.AUTHORITATIVE_INFO, at=now)
    general = entry(actor=office, noticed_at=now - timedelta(hours=47, minutes=30))
    services.link_response(entry=general, actor=office, item_pk=response_item().pk, published_at=now)
    services.close_entry(entry=general, actor=office)
    scan_concerns(now)
    scan_concerns(now + timedelta(hours=1))
    assert kinds() == []


@pytest.mark.django_db
def test_delivered_once_to_the_department_and_the_office(mailoutbox, django_capture_on_commit_callbacks):
    dept = DepartmentFactory()
    handler = department_handler(dept)
    office = keeper()
    UserFactory(department=dept)  # a colleague without the register's role gets nothing
    department_handler(DepartmentFactory())  # nor does another department
    e = entry(actor=office, department=dept, noticed_at=timezone.now() - timedelta(hours=49))
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        scan_concerns()
    reminder = ConcernReminder.objects.get()
    assert reminder.kind == "response_overdue" and reminder.sent_at is not None
    notes = Notification.objects.all()
    assert sorted(n.recipient.username for n in notes) == sorted([handler.username, office.username])
    assert all(e.reference in n.message and "48小时" in n.message and n.url == e.get_absolute_url() for n in notes)
    with django_capture_on_commit_callbacks(execute=True):
        scan_concerns()
    assert deliver(reminder._meta.label, reminder.pk) is False
    assert deliver_pending() == 0
    assert Notification.objects.count() == 2


@pytest.mark.django_db
def test_the_daily_scan_catches_up_and_beat_runs_the_scan_every_ten_minutes():
    from portal.celery import app
    from portal.scans import registered, run_daily_scan

    entry(noticed_at=timezone.now() - timedelta(hours=50))
    assert "concerns" in registered()
    summary = run_daily_scan(force=True)
    assert summary["concerns"] == {"reminders": 1}
    beat = settings.CELERY_BEAT_SCHEDULE["concern-timers"]
    assert beat["task"] in app.tasks
    assert beat["schedule"].minute == set(range(0, 60, 10))
    assert app.tasks[beat["task"]]() == {"reminders": 0}


needs_pg = pytest.mark.skipif(not settings.IS_POSTGRES, reason="concurrent inserts need PostgreSQL")


@needs_pg
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_scans_create_each_reminder_once():
    office = keeper()
    now = timezone.now().replace(microsecond=0)
    for _ in range(4):
        entry(actor=office, level=ConcernLevel.ESPECIALLY_MAJOR, noticed_at=now - timedelta(hours=5, minutes=30))
    errors = errors_of(race([lambda: scan_concerns(now)] * 3))
    assert errors == []
    assert kinds() == ["authoritative_info_overdue"] * 4


@pytest.mark.django_db
def test_a_reminders_notice_is_done_once_its_milestone_is_recorded():
    from portal.notifications import done_topics

    office = keeper()
    now = timezone.now().replace(microsecond=0)
    e = entry(actor=office, level=ConcernLevel.MAJOR, noticed_at=now - timedelta(hours=4, minutes=30))
    scan_concerns(now)
    topic = ConcernReminder.objects.get(kind="authoritative_info_soon").topic()
    entry_topic = f"requests_app.concernentry:{e.pk}"
    assert done_topics([topic, entry_topic]) == set()
    services.record_milestone(entry=e, actor=office, milestone=Milestone.AUTHORITATIVE_INFO, at=now)
    assert done_topics([topic, entry_topic]) == {topic}
