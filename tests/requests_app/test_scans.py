"""The daily scan: one reminder per (request, kind, due_on), caught up when a day is
missed, delivered exactly once, overdue escalated to the head."""

from datetime import date
from unittest import mock

import pytest
from django.conf import settings

from portal.models import Notification
from portal.reminders import deliver, deliver_pending
from requests_app import services
from requests_app.models import Reminder
from requests_app.scans import scan_requests
from tests.concurrency import errors_of, race

from .factories import APPLICANT, handler, head, in_person

D = date.fromisoformat


def kinds():
    return sorted(Reminder.objects.values_list("kind", "due_on"))


@pytest.fixture
def people(db):
    return handler(), head()


def at(day):
    return mock.patch("django.utils.timezone.localdate", return_value=D(day))


@pytest.mark.django_db
def test_reply_reminders_in_windows(people):
    clerk, _ = people
    # Received 2026-09-30: due 2026-11-03; supplement notice due 2026-10-15.
    with at("2026-09-30"):
        req = in_person(clerk, D("2026-09-30"))
    assert req.due_on == D("2026-11-03")
    scan_requests(D("2026-10-01"))
    assert kinds() == []
    scan_requests(D("2026-10-13"))  # 2 working days before 10-15
    assert kinds() == [("supplement_notice_2", D("2026-10-15"))]
    scan_requests(D("2026-10-15"))
    scan_requests(D("2026-10-15"))  # twice: nothing new
    assert ("supplement_notice_today", D("2026-10-15")) in kinds()
    scan_requests(D("2026-10-27"))  # 5 working days before 11-03
    scan_requests(D("2026-10-30"))  # 2 working days before (10-31 Sat, 11-01 Sun)
    scan_requests(D("2026-11-03"))
    assert [k for k, _ in kinds() if k.startswith("reply")] == ["reply_due_2", "reply_due_5", "reply_due_today"]
    scan_requests(D("2026-11-04"))
    scan_requests(D("2026-11-05"))
    overdue = Reminder.objects.filter(kind="overdue")
    assert sorted(overdue.values_list("due_on", flat=True)) == [D("2026-11-04"), D("2026-11-05")]
    assert all(r.escalated for r in overdue)


@pytest.mark.django_db
def test_missed_day_is_caught_up_by_next_scan(people):
    clerk, _ = people
    with at("2026-09-30"):
        in_person(clerk, D("2026-09-30"))
    scan_requests(D("2026-10-28"))  # the 5-day mark was 10-27 (missed); 4 days left now
    assert kinds() == [("reply_due_5", D("2026-11-03"))]


@pytest.mark.django_db
def test_unconfirmed_online_request_reminded_after_one_working_day(people):
    services.submit_request(data=APPLICANT, today=D("2026-11-20"))  # Friday
    scan_requests(D("2026-11-22"))
    assert kinds() == []
    scan_requests(D("2026-11-23"))
    assert kinds() == [("receipt_unconfirmed", D("2026-11-23"))]


@pytest.mark.usefixtures("site_profile")
@pytest.mark.django_db
def test_consultation_limit_reminder(people):
    clerk, _ = people
    with at("2025-09-26"):
        req = in_person(clerk, D("2025-09-26"))
    with at("2025-09-30"):
        services.send_consultation(request=req, actor=clerk, on=D("2025-09-30"), party="某公司")
    scan_requests(D("2025-10-28"))
    assert ("consultation_limit", D("2025-10-28")) in kinds()


@pytest.mark.django_db
def test_delivery_once_to_handler_and_head_when_escalated(people, mailoutbox, django_capture_on_commit_callbacks):
    clerk, boss = people
    with at("2026-09-30"):
        req = in_person(clerk, D("2026-09-30"))
    services.assign_handler(request=req, actor=boss, handler=clerk)
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        scan_requests(D("2026-11-04"))
    reminder = Reminder.objects.get(kind="overdue")
    assert reminder.sent_at is not None
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {clerk.username, boss.username}
    assert deliver(reminder._meta.label, reminder.pk) is False
    assert deliver_pending() == 0
    assert Notification.objects.count() == 2


needs_pg = pytest.mark.skipif(not settings.IS_POSTGRES, reason="row locks and concurrent inserts need PostgreSQL")


@needs_pg
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_scans_create_no_duplicates(seeded_calendar):
    clerk = handler()
    with at("2026-09-30"):
        for _ in range(5):
            in_person(clerk, D("2026-09-30"))
    errors = errors_of(race([lambda: scan_requests(D("2026-11-05"))] * 2))
    assert errors == []
    assert Reminder.objects.filter(kind="overdue").count() == 5
    assert Reminder.objects.values("request", "kind", "due_on").distinct().count() == Reminder.objects.count()


@needs_pg
@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_get_distinct_references(seeded_calendar):
    from requests_app import services

    from .factories import APPLICANT as DATA

    def submit():
        return [services.submit_request(data=DATA, today=D("2026-11-20"))[0].reference for _ in range(3)]

    outcome = race([submit] * 4)
    errors = errors_of(outcome)
    refs = [ref for kind, batch in outcome if kind == "ok" for ref in batch]
    assert errors == []
    assert sorted(refs) == [f"2026-{n:05d}" for n in range(1, 13)]
