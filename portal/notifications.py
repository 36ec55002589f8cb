"""In-app notifications and e-mail. Services call these; nothing here decides who."""

import logging
from collections.abc import Callable, Iterable

from django.db import transaction

from .models import Notification

log = logging.getLogger(__name__)


def notify_on_commit(func: Callable, *args, **kwargs) -> None:
    """Run `func` after the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: func(*args, **kwargs))


def notify_users(*, users: Iterable, message: str, url: str = "", subject: str | None = None, body: str | None = None) -> int:
    """Add `message` to each user's in-app list and e-mail those with an address.

    Call it inside the service's transaction: the in-app rows commit with the change,
    the e-mail is queued when it commits."""
    users = [u for u in dict.fromkeys(users) if u is not None and u.is_active]
    Notification.objects.bulk_create([Notification(recipient=u, message=message[:500], url=url) for u in users])
    addresses = sorted({u.email for u in users if u.email})
    if addresses:
        notify_on_commit(queue_email, subject=subject or message[:100], body=body or message, to=addresses)
    return len(users)


def queue_email(*, subject: str, body: str, to: list[str]) -> None:
    """Send through the worker; when the broker is unreachable, send here instead."""
    from .broker import publish
    from .tasks import send_email

    if not publish(send_email, subject=subject, body=body, to=to):
        # Broker down: never lose the mail, never fail the caller.
        send_email_now(subject=subject, body=body, to=to)


def send_email_now(*, subject: str, body: str, to: list[str]) -> bool:
    """Send here and now; a mail the server refuses is kept (MailFailure) for the dashboard
    and the daily scan, never dropped. True when the server accepted it."""
    from .mail import MailNotSent, record_failure, send_or_raise

    try:
        send_or_raise(subject=subject, body=body, to=to)
    except MailNotSent as exc:
        record_failure(subject=" ".join(subject.split()), body=body, to=to, error=str(exc))
        return False
    return True
