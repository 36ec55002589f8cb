"""Reads of the register: one place decides what a user may see, so pages have a fixed
number of queries."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from portal.audit import events_for
from portal.models import AuditEvent

from .choices import ConcernState
from .models import ConcernEntry, ConcernFollowUp
from .permissions import is_department_handler, is_keeper

STATE_FILTERS = {"open": ConcernState.OPEN, "closed": ConcernState.CLOSED, "all": None}


def visible_entries(user) -> QuerySet[ConcernEntry]:
    """All entries for the Office's keepers; the department's own for its handlers."""
    qs = ConcernEntry.objects.select_related("department")
    if is_keeper(user):
        return qs
    if is_department_handler(user):
        return qs.filter(department_id=user.department_id)
    return qs.none()


def register_entries(user, *, state: str = "open") -> QuerySet[ConcernEntry]:
    qs = visible_entries(user)
    wanted = STATE_FILTERS.get(state, ConcernState.OPEN)
    if wanted is not None:
        qs = qs.filter(state=wanted)
    return qs.order_by("-noticed_at", "-id")


def entry_for_staff(pk: int) -> ConcernEntry:
    return ConcernEntry.objects.select_related("department", "created_by", "closed_by").get(pk=pk)


def entry_follow_ups(entry: ConcernEntry) -> QuerySet[ConcernFollowUp]:
    return entry.follow_ups.select_related("actor").order_by("at", "id")


def entry_history(entry: ConcernEntry) -> QuerySet[AuditEvent]:
    """Every recorded change of the entry, oldest first."""
    return events_for(entry).order_by("at", "id")


def open_entries() -> QuerySet[ConcernEntry]:
    return ConcernEntry.objects.filter(state=ConcernState.OPEN).select_related("department").order_by("pk")


def nearest_deadlines(user, *, limit: int = 5, now=None) -> tuple[list[tuple[ConcernEntry, object]], int]:
    """The user's open entries whose running limit comes first, with that timer, and how
    many open entries the user has."""
    now = now or timezone.now()
    rows = [(e, e.next_timer(now)) for e in visible_entries(user).filter(state=ConcernState.OPEN)]
    timed = sorted((r for r in rows if r[1] is not None), key=lambda r: r[1].due_at)
    untimed = [r for r in rows if r[1] is None]
    return (timed + untimed)[:limit], len(rows)


def still_open(ids: list[str]) -> set[str]:
    """Notification topics "requests_app.concernentry:<id>": done once the entry is closed."""
    numeric = [i for i in ids if i.isdigit()]
    return {
        str(pk)
        for pk in ConcernEntry.objects.filter(pk__in=numeric, state=ConcernState.OPEN).values_list("pk", flat=True)
    }


def open_reminders(ids: list[str]) -> set[str]:
    """Topics "requests_app.concernreminder:<id>": done once the entry is closed or the
    milestone the reminder is about has been recorded."""
    from .models import ConcernReminder

    numeric = [i for i in ids if i.isdigit()]
    out = set()
    for r in ConcernReminder.objects.filter(pk__in=numeric).select_related("entry"):
        milestone = r.kind.rsplit("_", 1)[0]
        if r.entry.is_open and r.entry.milestone_at(milestone) is None:
            out.add(str(r.pk))
    return out
