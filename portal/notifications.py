"""In-app notifications and e-mail. Services call these; nothing here decides who."""

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from .models import Notification

log = logging.getLogger(__name__)
_collector: ContextVar[list | None] = ContextVar("email_collector", default=None)


@contextmanager
def collect_email() -> Iterator[list[dict]]:
    """Keep the e-mails queued inside the block instead of sending them (the demo loader:
    its notices go to nobody real and must not flood the console)."""
    box: list[dict] = []
    token = _collector.set(box)
    try:
        yield box
    finally:
        _collector.reset(token)


def notify_on_commit(func: Callable, *args, **kwargs) -> None:
    """Run `func` after the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: func(*args, **kwargs))


def notify_users(*, users: Iterable, message: str, url: str = "", subject: str | None = None, body: str | None = None,
                 topic: str = "") -> int:
    """Add `message` to each user's in-app list and e-mail those with an address.

    `topic` ("<kind>:<id>") names the work the notice asks for, so that the notice shows
    as done once that work is done. Call it inside the service's transaction: the in-app
    rows commit with the change, the e-mail is queued when it commits."""
    users = [u for u in dict.fromkeys(users) if u is not None and u.is_active]
    Notification.objects.bulk_create([Notification(recipient=u, message=message[:500], url=url, topic=topic[:100])
                                      for u in users])
    addresses = sorted({u.email for u in users if u.email})
    if addresses:
        notify_on_commit(queue_email, subject=subject or message[:100], body=body or message, to=addresses)
    return len(users)


def queue_email(*, subject: str, body: str, to: list[str]) -> None:
    """Send through the worker; when the broker is unreachable, send here instead."""
    from .tasks import send_email

    box = _collector.get()
    if box is not None:
        box.append({"subject": subject, "body": body, "to": list(to)})
        return
    try:
        send_email.delay(subject=subject, body=body, to=to)
    except Exception:  # broker down: never lose the mail, never fail the caller
        log.warning("broker unavailable, sending e-mail in-process", exc_info=True)
        send_email_now(subject=subject, body=body, to=to)


def send_email_now(*, subject: str, body: str, to: list[str]) -> None:
    # Audit fix: subjects carry user-typed text (item titles); a line break there made
    # Django refuse the header (BadHeaderError) and the mail was silently lost.
    subject = " ".join(subject.split())
    box = _collector.get()
    if box is not None:  # reminders send directly, not through queue_email
        box.append({"subject": subject, "body": body, "to": list(to)})
        return
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to, fail_silently=False)
    except Exception:
        log.exception("e-mail to %s failed", to)


# --- whether a notice's work is done -----------------------------------------------------
# Apps register, per topic kind, a read that takes ids and returns those still to be done.

_open_checks: dict[str, Callable[[list[str]], set[str]]] = {}


def register_topic(kind: str, still_open: Callable[[list[str]], set[str]]) -> None:
    """`still_open(ids)` returns the ids (as given) whose work is not done yet."""
    _open_checks[kind] = still_open


def done_topics(topics: Iterable[str]) -> set[str]:
    """The topics whose work is done: one query per registered kind. A topic of a kind
    nobody registered is never reported done (the notice stays as it was)."""
    by_kind: dict[str, list[str]] = {}
    for topic in set(topics):
        kind, _, ident = topic.rpartition(":")
        if kind in _open_checks and ident:
            by_kind.setdefault(kind, []).append(ident)
    done = set()
    for kind, ids in by_kind.items():
        still = _open_checks[kind](ids)
        done |= {f"{kind}:{i}" for i in ids if i not in still}
    return done


# --- read state (the recipient's own list; no audit: nothing is decided) -------------------

def mark_read(*, recipient, notification_id: int) -> Notification:
    """Mark one of the recipient's notices read, with its unread repeats (same text, same
    link: the landing page shows them as one). Raises Notification.DoesNotExist for
    someone else's."""
    from django.utils import timezone

    note = Notification.objects.get(pk=notification_id, recipient=recipient)
    now = timezone.now()
    Notification.objects.filter(recipient=recipient, read_at__isnull=True, message=note.message,
                                url=note.url).update(read_at=now)
    if note.read_at is None:
        note.read_at = now
    return note


def mark_all_read(*, recipient, only_done: bool = False) -> int:
    """Mark every unread notice of the recipient read (or only those whose work is done)."""
    from django.utils import timezone

    unread = Notification.objects.filter(recipient=recipient, read_at__isnull=True)
    if only_done:
        done = done_topics(unread.exclude(topic="").values_list("topic", flat=True).distinct())
        unread = unread.filter(topic__in=done)
    return unread.update(read_at=timezone.now())
