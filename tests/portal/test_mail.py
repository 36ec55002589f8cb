"""Mail that is not lost: a reminder is marked sent only once the mail server accepted it;
refusals are retried with backoff and, after the last try, shown on the dashboard."""

from datetime import date

import pytest
from django.core import mail

from portal.celery import app as celery_app
from portal.mail import MailNotSent
from portal.models import MailFailure, Notification, SystemReminder
from portal.notifications import queue_email
from portal.reminders import deliver, deliver_pending, ensure_reminder
from portal.tasks import MAIL_RETRY

from .factories import UserFactory
from .mail_backends import FlakyBackend

pytestmark = pytest.mark.django_db


@pytest.fixture
def flaky(settings):
    """A refusing mail server; eager tasks run their retries in-process as a worker would
    (Celery re-raises the first Retry instead when eager errors propagate)."""
    settings.EMAIL_BACKEND = "tests.portal.mail_backends.FlakyBackend"
    FlakyBackend.refuse = 0
    FlakyBackend.attempts = 0
    saved = celery_app.conf.task_eager_propagates
    celery_app.conf.task_eager_propagates = False
    yield FlakyBackend
    celery_app.conf.task_eager_propagates = saved


@pytest.fixture
def admin_user():
    return UserFactory(username="root", is_staff=True, is_superuser=True, email="root@example.gov.cn")


def make_reminder(capture):
    with capture(execute=True):
        reminder, _ = ensure_reminder(
            SystemReminder,
            kind="calendar_missing",
            due_on=date(2026, 11, 1),
            defaults={"text": "2027年节假日安排尚未录入"},
        )
    reminder.refresh_from_db()
    return reminder


def test_refused_mail_is_retried_and_the_reminder_marked_sent_only_then(
    flaky, admin_user, django_capture_on_commit_callbacks
):
    flaky.refuse = 2
    reminder = make_reminder(django_capture_on_commit_callbacks)
    assert flaky.attempts == 3  # two refusals, then accepted
    assert reminder.sent_at is not None
    assert len(mail.outbox) == 1 and "2027年节假日安排尚未录入" in mail.outbox[0].body
    assert Notification.objects.filter(recipient=admin_user).count() == 1  # not one per attempt
    assert not MailFailure.objects.exists()


def test_after_the_last_try_the_failure_is_shown_and_the_scan_sends_it_later(
    flaky, admin_user, client, django_capture_on_commit_callbacks
):
    flaky.refuse = -1
    reminder = make_reminder(django_capture_on_commit_callbacks)
    assert flaky.attempts == MAIL_RETRY["max_retries"] + 1
    assert reminder.sent_at is None and mail.outbox == []
    failure = MailFailure.objects.get()
    assert failure.reminder == f"portal.SystemReminder:{reminder.pk}"
    assert failure.attempts == MAIL_RETRY["max_retries"] + 1 and "SMTPServerDisconnected" in failure.last_error
    client.force_login(admin_user)
    body = client.get("/staff/").content.decode()
    assert "邮件发送失败" in body and "2027年节假日安排尚未录入" in body and "root@example.gov.cn" in body
    # Someone without the permission does not see it.
    client.force_login(UserFactory(username="clerk"))
    assert "邮件发送失败" not in client.get("/staff/").content.decode()

    # The scan tries again while the server still refuses: counted, not duplicated.
    assert deliver_pending() == 0
    assert MailFailure.objects.get().attempts == MAIL_RETRY["max_retries"] + 2
    # The server is back: the scan sends it, the reminder is marked sent, the panel is gone.
    flaky.refuse = 0
    assert deliver_pending() == 1
    reminder.refresh_from_db()
    assert reminder.sent_at is not None and len(mail.outbox) == 1
    assert MailFailure.objects.get().delivered_at is not None
    client.force_login(admin_user)
    assert "邮件发送失败" not in client.get("/staff/").content.decode()


def test_deliver_raises_instead_of_marking_sent(flaky, admin_user):
    flaky.refuse = 1
    reminder = SystemReminder.objects.create(kind="calendar_missing", due_on=date(2026, 11, 1), text="提醒")
    with pytest.raises(MailNotSent):
        deliver(SystemReminder._meta.label, reminder.pk)
    reminder.refresh_from_db()
    assert reminder.sent_at is None and not Notification.objects.exists()
    assert deliver(SystemReminder._meta.label, reminder.pk) is True


def test_plain_mail_retried_then_kept_and_resent_by_the_scan(flaky):
    flaky.refuse = -1
    queue_email(subject="【政府信息公开申请 2026-00001】已提交", body="正文", to=["zhang@example.com"])
    failure = MailFailure.objects.get()
    assert failure.reminder == "" and failure.recipients == ["zhang@example.com"]
    assert failure.attempts == MAIL_RETRY["max_retries"] + 1
    flaky.refuse = 0
    deliver_pending()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["zhang@example.com"]
    assert MailFailure.objects.get().delivered_at is not None


def test_failures_readable_in_the_admin(client, admin_user):
    MailFailure.objects.create(subject="【提醒】测试", recipients=["a@example.com"], attempts=6, last_error="refused")
    client.force_login(admin_user)
    r = client.get("/admin/portal/mailfailure/")
    assert r.status_code == 200 and "【提醒】测试" in r.content.decode()


def test_embedded_mode_keeps_a_refused_mail(settings):
    """Eager tasks with errors propagating (make run): the first refusal is not retried in
    the task, so the mail is kept for the dashboard and the scan instead of being lost."""
    settings.EMAIL_BACKEND = "tests.portal.mail_backends.FlakyBackend"
    FlakyBackend.refuse = -1
    FlakyBackend.attempts = 0
    assert celery_app.conf.task_always_eager and celery_app.conf.task_eager_propagates
    queue_email(subject="主题", body="正文", to=["zhang@example.com"])
    failure = MailFailure.objects.get()
    assert failure.recipients == ["zhang@example.com"] and failure.delivered_at is None
    FlakyBackend.refuse = 0
