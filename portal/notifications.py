"""In-app notifications and e-mail. Services call these; nothing here decides who."""

import logging
from collections.abc import Callable, Iterable

from django.db import transaction

from .mail import collect_email, collecting
from .models import Notification

__all__ = [
    "collect_email",
    "done_topics",
    "mark_all_read",
    "mark_read",
    "notify_on_commit",
    "notify_users",
    "queue_email",
    "register_topic",
    "send_email_now",
]

log = logging.getLogger(__name__)


def notify_on_commit(func: Callable, *args, **kwargs) -> None:
    """Run `func` after the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: func(*args, **kwargs))


def notify_users(
    *,
    users: Iterable,
    message: str,
    url: str = "",
    subject: str | None = None,
    body: str | None = None,
    topic: str = "",
) -> int:
    """Add `message` to each user's in-app list and e-mail those with an address.

    `topic` ("<kind>:<id>") names the work the notice asks for, so that the notice shows
    as done once that work is done. Call it inside the service's transaction: the in-app
    rows commit with the change, the e-mail is queued when it commits."""
    users = [u for u in dict.fromkeys(users) if u is not None and u.is_active]
    Notification.objects.bulk_create(
        [Notification(recipient=u, message=message[:500], url=url, topic=topic[:100]) for u in users]
    )
    addresses = sorted({u.email for u in users if u.email})
    if addresses:
        notify_on_commit(queue_email, subject=subject or message[:100], body=body or message, to=addresses)
    return len(users)


def queue_email(*, subject: str, body: str, to: list[str]) -> None:
    """Send through the worker; when the broker is unreachable, send here instead."""
    from .broker import publish
    from .tasks import send_email

    if collecting(subject=subject, body=body, to=to):
        return
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
    Notification.objects.filter(recipient=recipient, read_at__isnull=True, message=note.message, url=note.url).update(
        read_at=now
    )
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
