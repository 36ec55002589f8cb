"""The requests' part of the daily scan (registered in RequestsAppConfig.ready()).

Every reminder is keyed by (request, kind, due_on) and created at most once (the unique
constraint, as `portal.reminders.ensure_reminder` does it), so scans that run twice or at
once send nothing twice, and a scan missed on the exact day is caught up by the next one
(windows, not exact-day tests).

At a bureau's size (100,000 open requests) the scan reads only what can be due: SQL
selects the requests with a date inside a reminder window (`reminder_candidates`), the
windows themselves are decided per request by `reminders_due`, and the existence checks
and inserts go a batch at a time."""

from datetime import date, timedelta
from types import SimpleNamespace

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q

from portal import workdays
from portal.reminders import ensure_reminder, queue_deliveries

from .choices import EventType, Status
from .clock import recompute_open
from .models import InformationRequest, Reminder, RequestEvent

BATCH = 1000


def reminders_due(req, today: date, cal, *, supplement_notice_sent: bool | None = None) -> list[tuple[str, date, bool]]:
    """(kind, due_on, escalated) of every reminder this request needs today.
    `supplement_notice_sent`: whether a supplement notice is on record (read from the
    request's events when not given)."""
    out: list[tuple[str, date, bool]] = []
    if req.status == Status.CLOSED:
        return out
    if req.status == Status.AWAITING_CONFIRMATION:
        limit = cal.add_workdays(req.submitted_on, 1)
        if today >= limit:
            out.append(("receipt_unconfirmed", limit, False))
        return out
    if supplement_notice_sent is None:
        supplement_notice_sent = any(e.type == EventType.SUPPLEMENT_REQUESTED for e in req.events.all())
    if req.supplement_notice_due_on and not supplement_notice_sent and today <= req.supplement_notice_due_on:
        left = cal.workdays_between(today, req.supplement_notice_due_on)
        if today == req.supplement_notice_due_on:
            out.append(("supplement_notice_today", req.supplement_notice_due_on, False))
        elif left <= 2:
            out.append(("supplement_notice_2", req.supplement_notice_due_on, False))
    if req.due_on:
        if today > req.due_on:
            out.append(("overdue", today, True))
        elif today == req.due_on:
            out.append(("reply_due_today", req.due_on, False))
        else:
            left = cal.workdays_between(today, req.due_on)
            if left <= 2:
                out.append(("reply_due_2", req.due_on, False))
            elif left <= 5:
                out.append(("reply_due_5", req.due_on, False))
    if req.consultation_limit_on and today >= req.consultation_limit_on:
        out.append(("consultation_limit", req.consultation_limit_on, False))
    return out


def reminder_candidates(today: date, cal) -> Q:
    """The open requests with a date inside some reminder window today (a superset of those
    `reminders_due` gives a reminder to: the windows are counted in working days, the
    bounds here in the first calendar day past them)."""
    last_workday = cal.add_workdays(today + timedelta(days=1), -1)  # today, or the one before
    return Q(status=Status.AWAITING_CONFIRMATION, submitted_on__lt=last_workday) | (
        ~Q(status__in=[Status.AWAITING_CONFIRMATION, Status.CLOSED])
        & (
            Q(supplement_notice_due_on__gte=today, supplement_notice_due_on__lt=cal.add_workdays(today, 3))
            | Q(due_on__lt=cal.add_workdays(today, 6))
            | Q(consultation_limit_on__lte=today)
        )
    )


FIELDS = ["pk", "status", "submitted_on", "supplement_notice_due_on", "due_on", "consultation_limit_on"]


def scan_requests(today: date) -> dict:
    recomputed = recompute_open(as_of=today, reason="daily")
    cal = workdays.current()
    notices = RequestEvent.objects.filter(request_id=OuterRef("pk"), type=EventType.SUPPLEMENT_REQUESTED)
    rows = (
        InformationRequest.objects.filter(reminder_candidates(today, cal))
        .annotate(supplement_notice_sent=Exists(notices))
        .order_by("pk")
        .values(*FIELDS, "supplement_notice_sent")
    )
    wanted = []
    for row in rows.iterator(chunk_size=BATCH):
        req = SimpleNamespace(**row)
        for kind, due_on, escalated in reminders_due(
            req, today, cal, supplement_notice_sent=row["supplement_notice_sent"]
        ):
            wanted.append((row["pk"], kind, due_on, escalated))
    created = 0
    for start in range(0, len(wanted), BATCH):
        created += _ensure_reminders(wanted[start : start + BATCH])
    return {"reminders": created, "due_dates_changed": recomputed}


def _ensure_reminders(wanted: list[tuple[int, str, date, bool]]) -> int:
    """`ensure_reminder` for a batch: one query for the existing keys, one insert for the
    rest, their delivery queued on commit as one task. A concurrent scan that inserted some of them first
    makes the insert fail; the batch is then done row by row, which skips those."""
    existing = set(
        Reminder.objects.filter(
            request_id__in={r for r, _, _, _ in wanted}, due_on__in={d for _, _, d, _ in wanted}
        ).values_list("request_id", "kind", "due_on")
    )
    missing = [w for w in wanted if w[:3] not in existing]
    if not missing:
        return 0
    try:
        with transaction.atomic():
            new = Reminder.objects.bulk_create(
                [Reminder(request_id=r, kind=k, due_on=d, escalated=e) for r, k, d, e in missing]
            )
            transaction.on_commit(lambda: queue_deliveries(new))
        return len(new)
    except IntegrityError:
        created = 0
        for r, k, d, e in missing:
            _, new_one = ensure_reminder(Reminder, request_id=r, kind=k, due_on=d, defaults={"escalated": e})
            created += int(new_one)
        return created
