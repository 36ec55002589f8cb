"""The register's reminders (61号 / 80号 limits in hours). Run every ten minutes by Celery
beat (`scan_concern_timers`) and, as a catch-up, by the daily scan.

Each reminder is a row keyed by (entry, kind, due_at) and created by
`portal.reminders.ensure_reminder`: scans that run twice or at once send it once."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from portal.reminders import ensure_reminder

from .models import ConcernReminder
from .selectors import open_entries
from .timers import reminders_due


def scan_concerns(now=None) -> dict:
    now = now or timezone.now()
    created = 0
    for entry in open_entries():
        for kind, due_at in reminders_due(entry.timers(now)):
            _, new = ensure_reminder(
                ConcernReminder,
                entry=entry,
                kind=kind,
                due_at=due_at,
                defaults={"due_on": timezone.localtime(due_at).date(), "escalated": kind.endswith("_overdue")},
            )
            created += int(new)
    return {"reminders": created}


def daily_catch_up(today: date) -> dict:
    """The daily scan's part: the same scan, as of now (the limits are hours, not days)."""
    return scan_concerns()
