"""The model layer of the clock: feeds `deadlines.compute` from a request's rows and
caches the result on the row. Recomputed whenever an event is added, daily by the scan
(overdue depends on the date), and for every open request when the calendar changes."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from portal import workdays
from portal.audit import record

from . import deadlines
from .choices import Status
from .models import InformationRequest

CACHED = [
    "status",
    "due_on",
    "supplement_notice_due_on",
    "supplement_by",
    "consultation_limit_on",
    "closed_on",
    "outcome",
    "overdue",
    "provisional",
]


def calendar_notes(a: date, b: date) -> dict[date, str]:
    from portal.models import CalendarDay

    return dict(CalendarDay.objects.filter(date__gt=a, date__lte=b).values_list("date", "note"))


def clock_for(
    request: InformationRequest,
    *,
    as_of: date | None = None,
    calendar=None,
    with_notes: bool = False,
    events=None,
    explain: bool = True,
) -> deadlines.Clock:
    calendar = calendar or workdays.current()
    evs = list(request.events.all()) if events is None else events
    if as_of is None:
        # Without an explicit as-of date the clock reflects every stored event, even one
        # dated after today: an imported ledger may already hold a reply dated next month,
        # and the annual report, which reads the cached closed_on/outcome, must be
        # "computed from the stored data" (docs/cli.md), not from the wall clock.
        # For histories entered day by day (nothing in the future) this is just today.
        as_of = max([timezone.localdate(), *(e.on for e in evs if e.on is not None)])
    clock = deadlines.compute(
        events=evs,
        channel=request.channel,
        submitted_on=request.submitted_on,
        received_on=request.received_on,
        calendar=calendar,
        as_of=as_of,
        explain=explain,
    )
    if with_notes and clock.explanation.start and clock.due_on:
        notes = calendar_notes(clock.explanation.start, clock.due_on)
        clock = deadlines.compute(
            events=evs,
            channel=request.channel,
            submitted_on=request.submitted_on,
            received_on=request.received_on,
            calendar=calendar,
            as_of=as_of,
            notes=notes,
        )
    return clock


def apply(request: InformationRequest, clock: deadlines.Clock) -> dict[str, tuple]:
    """Copy the clock onto the row; return the changed fields as {name: (old, new)}."""
    changed = {}
    for name in CACHED:
        new = getattr(clock, name)
        if name == "outcome":
            new = new or ""
        old = getattr(request, name)
        if old != new:
            changed[name] = (old, new)
            setattr(request, name, new)
    request.computed_at = timezone.now()
    return changed


def recompute(request: InformationRequest, *, as_of: date | None = None, calendar=None) -> dict[str, tuple]:
    """Recompute and save the cached clock of one request."""
    changed = apply(request, clock_for(request, as_of=as_of, calendar=calendar))
    request.save(update_fields=[*CACHED, "computed_at"])
    return changed


def recompute_open(*, as_of: date | None = None, actor=None, reason: str = "daily") -> int:
    """Recompute every open request; audit each changed due date (old → new)."""
    calendar = workdays.current()
    count = 0
    qs = InformationRequest.objects.exclude(status=Status.CLOSED).prefetch_related("events").order_by("pk")
    for req in qs.iterator(chunk_size=200):
        with transaction.atomic():
            changed = recompute(req, as_of=as_of, calendar=calendar)
            if "due_on" in changed or ("provisional" in changed and reason == "calendar"):
                old, new = changed.get("due_on", (req.due_on, req.due_on))
                record(
                    action="requests.due_on.recomputed",
                    actor=actor,
                    target=req,
                    data={
                        "reason": reason,
                        "old": old.isoformat() if old else None,
                        "new": new.isoformat() if new else None,
                        "provisional": req.provisional,
                    },
                )
                count += 1
    return count


def on_calendar_changed(sender, dates=None, actor=None, **kwargs) -> None:
    recompute_open(actor=actor, reason="calendar")
