"""A real Celery worker against Redis sends a due reminder exactly once; with the broker
unreachable a citizen's submission still succeeds and the next scan catches up."""

import os
import time
from contextlib import contextmanager
from datetime import date
from types import SimpleNamespace
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail

from portal.celery import app as celery_app
from portal.models import Notification
from portal.reminders import deliver_pending
from requests_app.models import InformationRequest, Reminder
from requests_app.scans import scan_requests

from .factories import form_data, handler, in_person

D = date.fromisoformat


def _redis_or_skip():
    if not settings.REDIS_URL:
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail("REQUIRE_SERVICES=1 but REDIS_URL is not set")
        pytest.skip("REDIS_URL not set")


def wait_until(condition, timeout: float = 30) -> bool:
    """Poll `condition` until it holds or `timeout` seconds pass; its last value."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


@contextmanager
def tracked_tasks():
    """Ids of the tasks published, and of those the worker finished, inside the block (the
    test worker runs in a thread of this process, so Celery's signals arrive here)."""
    from celery.signals import after_task_publish, task_postrun

    tasks = SimpleNamespace(published=set(), finished=set())

    def on_publish(sender=None, headers=None, **kwargs):
        tasks.published.add((headers or {}).get("id"))

    def on_postrun(sender=None, task_id=None, **kwargs):
        tasks.finished.add(task_id)

    after_task_publish.connect(on_publish, weak=False)
    task_postrun.connect(on_postrun, weak=False)
    try:
        yield tasks
    finally:
        after_task_publish.disconnect(on_publish)
        task_postrun.disconnect(on_postrun)


def _reset_connections(app):
    """Forget pooled broker connections so a changed broker_url takes effect."""
    from kombu import pools

    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def not_eager():
    old = (celery_app.conf.task_always_eager, celery_app.conf.broker_url)
    celery_app.conf.task_always_eager = False
    _reset_connections(celery_app)
    yield celery_app
    celery_app.conf.task_always_eager, celery_app.conf.broker_url = old
    _reset_connections(celery_app)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_real_worker_sends_due_reminder_exactly_once(seeded_calendar, not_eager, settings):
    _redis_or_skip()
    from celery.contrib.testing.worker import start_worker

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    not_eager.conf.broker_url = settings.REDIS_URL
    clerk = handler()
    with mock.patch("django.utils.timezone.localdate", return_value=D("2026-09-30")):
        req = in_person(clerk, D("2026-09-30"))
    with start_worker(not_eager, perform_ping_check=False, pool="solo", concurrency=1, loglevel="WARNING"):
        scan_requests(D("2026-11-03"))  # reply due today: queued on commit to the worker
        reminder = Reminder.objects.get(request=req, kind="reply_due_today")

        def sent() -> bool:
            reminder.refresh_from_db()
            return reminder.sent_at is not None

        assert wait_until(sent), "the worker did not deliver the reminder"
        # A second scan and a redelivered task send nothing more: wait until the worker has
        # run every task queued from here on (not a fixed pause a slow worker could outlast).
        from portal.tasks import deliver_reminder

        with tracked_tasks() as tasks:
            scan_requests(D("2026-11-03"))
            redelivered = deliver_reminder.delay(reminder._meta.label, reminder.pk).id
            assert wait_until(lambda: redelivered in tasks.finished and tasks.published <= tasks.finished), (
                "the worker did not run the redelivered task"
            )
    assert Notification.objects.filter(recipient=clerk, message__contains=req.reference).count() == 1
    assert Reminder.objects.filter(request=req).count() == 1


@pytest.mark.django_db(transaction=True)
def test_submission_works_with_broker_down_and_next_scan_catches_up(seeded_calendar, client, not_eager, settings):
    not_eager.conf.broker_url = "redis://127.0.0.1:9/0"  # nothing listens on port 9
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"
    started = time.monotonic()
    r = client.post("/requests/new/", form_data())
    assert r.status_code == 302
    assert time.monotonic() - started < 30
    req = InformationRequest.objects.get()
    assert req.reference.startswith(str(date.today().year)[:2])
    # The applicant's e-mail went out in-process instead of through the broker.
    assert any(req.reference in m.body for m in mail.outbox), [m.subject for m in mail.outbox]
    # The scan creates the reminder but cannot queue it: the row stays unsent…
    scan_requests(_after_one_workday(req.submitted_on))
    reminder = Reminder.objects.get(request=req, kind="receipt_unconfirmed")
    assert reminder.sent_at is None
    # …and once the broker is back the next scan delivers it.
    not_eager.conf.task_always_eager = True
    assert deliver_pending() == 1
    reminder.refresh_from_db()
    assert reminder.sent_at is not None


def _after_one_workday(d):
    from portal import workdays

    return workdays.add_workdays(d, 1)
