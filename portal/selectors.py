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
    repeats: int = 1  # unread notices with the same text and link, shown once


def with_done(notes: list[Notification]) -> list[Notice]:
    done = done_topics(n.topic for n in notes if n.topic)
    return [Notice(n, bool(n.topic) and n.topic in done) for n in notes]


def inbox(user, *, limit: int = LANDING_LIMIT) -> dict:
    """What the landing page shows: unread notices whose work still waits (newest first;
    the same text about the same page once, with how many times it came), and how many
    unread ones are only history (their work is done)."""
    unread = with_done(list(Notification.objects.filter(recipient=user, read_at__isnull=True)))
    waiting = [n for n in unread if not n.done]
    grouped: dict[tuple[str, str], list[Notice]] = {}
    for n in waiting:
        grouped.setdefault((n.note.message, n.note.url), []).append(n)
    shown = [Notice(group[0].note, False, len(group)) for group in grouped.values()]
    return {
        "waiting": shown[:limit],
        "waiting_count": len(shown),
        "done_count": len(unread) - len(waiting),
        "unread_count": len(unread),
    }


def notifications_of(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def open_system_reminders(ids: list[str]) -> set[str]:
    """System reminders still to act on: a missing holiday arrangement until it is entered."""
    from . import workdays
    from .models import SystemReminder

    calendar = workdays.current()
    still = set()
    for r in SystemReminder.objects.filter(pk__in=[int(i) for i in ids if i.isdigit()]):
        if r.kind != "calendar_missing" or not calendar.is_known(r.due_on.year + 1):
            still.add(str(r.pk))
    return still
