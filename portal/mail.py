"""Sending mail so that none is lost: a send either reaches the mail server or raises
`MailNotSent`; the tasks retry with backoff; what still fails is kept as a `MailFailure`,
shown on the dashboard and tried again by the daily scan."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F
from django.utils import timezone

from .models import MailFailure

log = logging.getLogger(__name__)


_collector: ContextVar[list | None] = ContextVar("email_collector", default=None)


@contextmanager
def collect_email() -> Iterator[list[dict]]:
    """Keep every e-mail sent or queued inside the block instead of sending it (the demo
    loader: its notices go to invented addresses and must not flood the console)."""
    box: list[dict] = []
    token = _collector.set(box)
    try:
        yield box
    finally:
        _collector.reset(token)


def collecting(*, subject: str, body: str, to: list[str]) -> bool:
    """Inside `collect_email`: keep the mail and return True (the caller sends nothing)."""
    box = _collector.get()
    if box is None:
        return False
    box.append({"subject": " ".join(subject.split()), "body": body, "to": list(to)})
    return True


class MailNotSent(Exception):
    """The mail server did not accept the message (the reason is in the message)."""


def send_or_raise(*, subject: str, body: str, to: list[str]) -> None:
    # Audit fix: subjects carry user-typed text (item titles); a line break there made
    # Django refuse the header (BadHeaderError) and the mail was silently lost.
    subject = " ".join(subject.split())
    if collecting(subject=subject, body=body, to=to):
        return
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to, fail_silently=False)
    except Exception as exc:  # SMTP errors, refused connections, timeouts, TLS failures
        raise MailNotSent(f"{type(exc).__name__}: {exc}"[:1000]) from exc


def record_failure(
    *, subject: str, body: str, to: list[str], error: str, attempts: int = 1, reminder: str = ""
) -> MailFailure:
    """Keep a mail that could not be sent (one row per reminder; a plain mail gets its own)."""
    log.error("e-mail to %s not sent after %s attempt(s): %s", to, attempts, error)
    now = timezone.now()
    if reminder:
        existing = MailFailure.objects.filter(reminder=reminder, delivered_at__isnull=True).first()
        if existing is not None:
            MailFailure.objects.filter(pk=existing.pk).update(
                attempts=F("attempts") + attempts, last_error=error, failed_at=now
            )
            existing.refresh_from_db()
            return existing
    return MailFailure.objects.create(
        subject=subject[:300],
        body=body,
        recipients=list(to),
        reminder=reminder,
        attempts=attempts,
        last_error=error,
        failed_at=now,
    )


def resolve_reminder_failures(reminder: str) -> None:
    MailFailure.objects.filter(reminder=reminder, delivered_at__isnull=True).update(delivered_at=timezone.now())


def retry_failed_mail() -> int:
    """Try the kept plain mails again (reminders are retried through their own rows)."""
    sent = 0
    for failure in MailFailure.objects.filter(delivered_at__isnull=True, reminder=""):
        try:
            send_or_raise(subject=failure.subject, body=failure.body, to=failure.recipients)
        except MailNotSent as exc:
            MailFailure.objects.filter(pk=failure.pk).update(
                attempts=F("attempts") + 1, last_error=str(exc), failed_at=timezone.now()
            )
            continue
        MailFailure.objects.filter(pk=failure.pk).update(delivered_at=timezone.now())
        sent += 1
    return sent


def open_failures():
    return MailFailure.objects.filter(delivered_at__isnull=True)
