"""The requests' part of the daily scan (registered in RequestsAppConfig.ready()).

Every reminder is keyed by (request, kind, due_on) and created by
`portal.reminders.ensure_reminder`, so scans that run twice or at once send nothing
twice, and a scan missed on the exact day is caught up by the next one (windows, not
exact-day tests)."""

from datetime import date

from portal import workdays
from portal.reminders import ensure_reminder

from .choices import EventType, Status
from .clock import recompute_open
from .models import InformationRequest, Reminder


def reminders_due(req: InformationRequest, today: date, cal) -> list[tuple[str, date, bool]]:
    """(kind, due_on, escalated) of every reminder this request needs today."""
    out: list[tuple[str, date, bool]] = []
    if req.status == Status.CLOSED:
        return out
    if req.status == Status.AWAITING_CONFIRMATION:
        limit = cal.add_workdays(req.submitted_on, 1)
        if today >= limit:
            out.append(("receipt_unconfirmed", limit, False))
        return out
    types = {e.type for e in req.events.all()}
    if (
        req.supplement_notice_due_on
        and EventType.SUPPLEMENT_REQUESTED not in types
        and today <= req.supplement_notice_due_on
    ):
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


def scan_requests(today: date) -> dict:
    recomputed = recompute_open(as_of=today, reason="daily")
    cal = workdays.current()
    created = 0
    qs = (
        InformationRequest.objects.exclude(status=Status.CLOSED)
        .select_related("handler")
        .prefetch_related("events")
        .order_by("pk")
    )
    for req in qs:
        for kind, due_on, escalated in reminders_due(req, today, cal):
            _, new = ensure_reminder(Reminder, request=req, kind=kind, due_on=due_on, defaults={"escalated": escalated})
            created += int(new)
    return {"reminders": created, "due_dates_changed": recomputed}
