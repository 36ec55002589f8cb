"""The model layer of the clock: feeds `deadlines.compute` from a request's rows and
caches the result on the row. Recomputed whenever an event is added, daily by the scan
(overdue depends on the date), and for every open request when the calendar changes."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.db import transaction
from django.db.models import DateField, Exists, ExpressionWrapper, F, OuterRef, Q, Value
from django.utils import timezone

from portal import workdays
from portal.audit import record

from . import deadlines
from .choices import EventType, Status
from .models import InformationRequest, RequestEvent

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
    as_of = resolve_as_of(as_of, evs)
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


def resolve_as_of(as_of: date | None, events) -> date:
    """The date a clock is computed for."""
    if as_of is None:
        # Without an explicit as-of date the clock reflects every stored event, even one
        # dated after today: an imported ledger may already hold a reply dated next month,
        # and the annual report, which reads the cached closed_on/outcome, must be
        # "computed from the stored data" (docs/cli.md), not from the wall clock.
        # For histories entered day by day (nothing in the future) this is just today.
        as_of = max([timezone.localdate(), *(e.on for e in events if e.on is not None)])
    return as_of


def apply(request: InformationRequest, clock: deadlines.Clock, *, as_of: date | None = None) -> dict[str, tuple]:
    """Copy the clock onto the row; return the changed fields as {name: (old, new)}.
    `as_of`, the date the clock was computed for, lets the daily recompute skip the row
    while nothing can have changed (`due_for_recompute`); without it the row is always read."""
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
    request.clock_as_of = as_of
    return changed


def recompute(request: InformationRequest, *, as_of: date | None = None, calendar=None) -> dict[str, tuple]:
    """Recompute and save the cached clock of one request."""
    evs = list(request.events.all())
    as_of = resolve_as_of(as_of, evs)
    changed = apply(request, clock_for(request, as_of=as_of, calendar=calendar, events=evs, explain=False), as_of=as_of)
    request.save(update_fields=[*CACHED, "computed_at", "clock_as_of"])
    return changed


# A letter's limit (15 working days for a consultation, 20 for a fee notice) falls within
# this many calendar days of the letter, whatever holidays lie between.
LETTER_LIMIT_SPAN = timedelta(days=60)
LETTER_TYPES = [EventType.CONSULTATION_SENT, EventType.FEE_NOTIFIED]


def due_for_recompute(today: date) -> Q:
    """The open requests whose cached clock may differ as of `today` from the clock as of
    the date it was computed for (`clock_as_of`, A). Between A and today only these
    inputs of `deadlines.compute` move: which events and which receipt date are known
    (an event or receipt dated between them), `overdue` (a due date between them) and the
    status of a letter still out (its limit between them). Every other row would come out
    the same, so the daily recompute leaves it alone."""
    t = Value(today, output_field=DateField())
    waiting = Q(status__in=[Status.IN_CONSULTATION, Status.AWAITING_FEE])

    def between(lo, hi, outer_lo, outer_hi, *, forward: bool) -> Q:
        """Something happens in the span from `lo` (the earlier date) to `hi`; the
        `outer_` pair names the same dates inside the events' subqueries."""
        events = RequestEvent.objects.filter(request_id=OuterRef("pk"))
        letters_from = ExpressionWrapper(outer_lo - Value(LETTER_LIMIT_SPAN), output_field=DateField())
        letter_limit = Exists(events.filter(type__in=LETTER_TYPES, on__gte=letters_from, on__lt=outer_hi))
        if forward:
            # Going forward a letter's limit can only end a wait: it matters only to a
            # request shown waiting for one.
            letter_limit = waiting & letter_limit
        return (
            Q(due_on__gte=lo, due_on__lt=hi)
            | Q(received_on__gt=lo, received_on__lte=hi)
            | Q(received_on__isnull=True, submitted_on__gt=lo, submitted_on__lte=hi)
            | Exists(events.filter(on__gt=outer_lo, on__lte=outer_hi))
            | letter_limit
        )

    a, outer_a = F("clock_as_of"), OuterRef("clock_as_of")
    return (
        Q(clock_as_of__isnull=True)
        | (Q(clock_as_of__lt=today) & between(a, t, outer_a, t, forward=True))
        | (Q(clock_as_of__gt=today) & between(t, a, t, outer_a, forward=False))
    )


RECOMPUTE_CHUNK = 500


def recompute_open(*, as_of: date | None = None, actor=None, reason: str = "daily") -> int:
    """Recompute the open requests; audit each changed due date (old → new). The daily
    run (an as-of date given) reads only the rows `due_for_recompute` selects; a calendar
    change, or no as-of date, reads them all. A chunk of rows is written with two
    statements: the changed rows in full, the others only their new as-of date."""
    calendar = workdays.current()
    count = 0
    qs = InformationRequest.objects.exclude(status=Status.CLOSED)
    if as_of is not None and reason == "daily":
        qs = qs.filter(due_for_recompute(as_of))
    ids = list(qs.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), RECOMPUTE_CHUNK):
        with transaction.atomic():
            chunk = (
                InformationRequest.objects.filter(pk__in=ids[start : start + RECOMPUTE_CHUNK])
                .prefetch_related("events")
                .order_by("pk")
            )
            changed_rows, same = [], defaultdict(list)
            for req in chunk:
                evs = list(req.events.all())
                req_as_of = resolve_as_of(as_of, evs)
                changed = apply(
                    req,
                    clock_for(req, as_of=req_as_of, calendar=calendar, events=evs, explain=False),
                    as_of=req_as_of,
                )
                if not changed:
                    same[req_as_of].append(req.pk)
                    continue
                changed_rows.append(req)
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
            if changed_rows:
                InformationRequest.objects.bulk_update(changed_rows, [*CACHED, "computed_at", "clock_as_of"])
            now = timezone.now()
            for day, pks in same.items():
                InformationRequest.objects.filter(pk__in=pks).update(clock_as_of=day, computed_at=now)
    return count


def on_calendar_changed(sender, dates=None, actor=None, **kwargs) -> None:
    recompute_open(actor=actor, reason="calendar")
