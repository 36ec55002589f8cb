"""Reads of the kernel's own records for staff pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from .models import Notification
from .notifications import done_topics

LANDING_LIMIT = 20


@dataclass(frozen=True)
class Notice:
    note: Notification
    done: bool


def with_done(notes: list[Notification]) -> list[Notice]:
    done = done_topics(n.topic for n in notes if n.topic)
    return [Notice(n, bool(n.topic) and n.topic in done) for n in notes]


def inbox(user, *, limit: int = LANDING_LIMIT) -> dict:
    """What the landing page shows: unread notices whose work still waits (newest first),
    and how many unread ones are only history (their work is done)."""
    unread = with_done(list(Notification.objects.filter(recipient=user, read_at__isnull=True)))
    waiting = [n for n in unread if not n.done]
    return {
        "waiting": waiting[:limit],
        "waiting_count": len(waiting),
        "done_count": len(unread) - len(waiting),
        "unread_count": len(unread),
    }


def notifications_of(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)
