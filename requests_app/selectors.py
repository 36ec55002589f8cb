"""Reads of requests: every page goes through these."""

from __future__ import annotations

from datetime import date

from django.db.models import Case, Count, DateField, F, IntegerField, Max, Min, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce

from portal import workdays

from .choices import Status
from .models import InformationRequest

# Sortable columns of the staff queue: key in the URL -> order_by expression(s).
QUEUE_SORTS = {
    "reference": ("reference",),
    "applicant": ("applicant_name", "pk"),
    "channel": ("channel", "pk"),
    "submitted": ("submitted_on", "pk"),
    "received": ("received_on", "pk"),
    "status": ("status", "pk"),
    "due": ("due_on", "pk"),
    "handler": ("handler__username", "pk"),
}


def _urgency_order() -> list:
    """Open requests first, the most urgent on top; closed ones last, latest closed first.

    A request waiting for receipt confirmation has no reply deadline yet; the office must
    confirm it on the day (Art. 31), so it ranks by its submission date among the deadlines."""
    closed = Case(When(status=Status.CLOSED, then=Value(1)), default=Value(0), output_field=IntegerField())
    urgency_date = Case(
        When(status=Status.CLOSED, then=None), default=Coalesce("due_on", "submitted_on"), output_field=DateField()
    )
    return [closed.asc(), urgency_date.asc(nulls_last=True), F("closed_on").desc(nulls_last=True), "submitted_on", "pk"]


def _sorted(qs: QuerySet, sort: str) -> QuerySet:
    key = sort.lstrip("-")
    if key not in QUEUE_SORTS:
        return qs.order_by(*_urgency_order())
    desc = sort.startswith("-")
    fields = [F(f).desc(nulls_last=True) if desc else F(f).asc(nulls_last=True) for f in QUEUE_SORTS[key]]
    return qs.order_by(*fields)


def staff_queue(
    *,
    status: str = "",
    handler: str = "",
    channel: str = "",
    year: int | None = None,
    q: str = "",
    sort: str = "",
    user=None,
) -> QuerySet:
    """The staff queue: open requests by default, most urgent first.

    `q` matches the reference number or the applicant's name for everyone who sees the
    queue; it matches the phone number only where `user` may see identity data (the head
    and holders of view_applicant_identity everywhere, a handler on their own requests)."""
    qs = InformationRequest.objects.select_related("handler")
    if status == "all":
        pass
    elif status:
        qs = qs.filter(status=status)
    else:
        qs = qs.exclude(status=Status.CLOSED)
    if handler == "none":
        # A closed request needs nobody any more: "unassigned" means open work without a handler.
        qs = qs.filter(handler__isnull=True).exclude(status=Status.CLOSED)
    elif handler:
        qs = qs.filter(handler_id=handler)
    if channel:
        qs = qs.filter(channel=channel)
    if year:
        qs = qs.filter(Q(submitted_on__year=year) | Q(received_on__year=year))
    q = q.strip()
    if q:
        match = Q(reference__icontains=q) | Q(applicant_name__icontains=q)
        digits = "".join(ch for ch in q if ch.isdigit())
        if user is not None and len(digits) >= 4:
            phone = Q(phone__contains=digits)
            if not sees_all_identities(user):
                phone &= Q(handler_id=user.pk)
            match |= phone
        qs = qs.filter(match)
    return _sorted(qs, sort)


def sees_all_identities(user) -> bool:
    from .permissions import APPROVE_EXTENSION, VIEW_IDENTITY

    return user.is_authenticated and (
        user.is_superuser or user.has_perm(APPROVE_EXTENSION) or user.has_perm(VIEW_IDENTITY)
    )


def queue_counts(today: date) -> dict:
    """Counts for the top of the queue, and the span of years for the year select: one query."""
    open_q = ~Q(status=Status.CLOSED)
    row = InformationRequest.objects.aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=open_q & Q(due_on__lt=today)),
        unassigned=Count("pk", filter=open_q & Q(handler__isnull=True)),
        first=Min("submitted_on"),
        last=Max("submitted_on"),
        **{f"status_{s}": Count("pk", filter=Q(status=s)) for s in Status.values},
    )
    return {
        "total": row["total"],
        "open": row["total"] - row[f"status_{Status.CLOSED}"],
        "overdue": row["overdue"],
        "unassigned": row["unassigned"],
        "by_status": [(s, label, row[f"status_{s}"]) for s, label in Status.choices],
        "years": list(range(row["last"].year, row["first"].year - 1, -1)) if row["first"] else [],
    }


def confirmation_wait(req: InformationRequest, today: date, cal=None) -> int | None:
    """Working days an online request has waited for receipt confirmation (None otherwise)."""
    if req.status != Status.AWAITING_CONFIRMATION or req.received_on is not None:
        return None
    if today <= req.submitted_on:
        return 0
    try:
        return (cal or workdays.current()).workdays_between(req.submitted_on, today)
    except workdays.OutOfRange:  # a date outside the calendar (bad imported data): no figure
        return None


def urgency(req: InformationRequest, today: date, cal=None) -> str:
    """ "overdue", "due2" (≤2 working days), "due5" (≤5) or "" for an open request."""
    if req.status == Status.CLOSED or not req.due_on:
        return ""
    if today > req.due_on:
        return "overdue"
    left = (cal or workdays.current()).workdays_between(today, req.due_on)
    if left <= 2:
        return "due2"
    if left <= 5:
        return "due5"
    return ""


def request_for_staff(pk: int) -> InformationRequest:
    return (
        InformationRequest.objects.select_related("handler").prefetch_related("events__actor", "documents").get(pk=pk)
    )


def request_for_public(reference: str) -> InformationRequest | None:
    return InformationRequest.objects.filter(reference=reference).prefetch_related("events", "documents").first()


def dashboard_counts(today: date) -> dict:
    open_qs = InformationRequest.objects.exclude(status=Status.CLOSED)
    cal = workdays.current()
    soon = cal.add_workdays(today, 5)
    return {
        "awaiting_confirmation": open_qs.filter(status=Status.AWAITING_CONFIRMATION).count(),
        "open": open_qs.count(),
        "due_soon": open_qs.filter(due_on__gte=today, due_on__lte=soon).count(),
        "overdue": open_qs.filter(due_on__lt=today).count(),
        "provisional": open_qs.filter(provisional=True).count(),
    }


def open_reminders(ids: list[str]) -> set[str]:
    """Request reminders whose work is not done yet (portal.notifications.register_topic):
    receipt still unconfirmed, supplement notice still unsent, consultation still open,
    reply still due."""
    from .models import Reminder

    pks = [int(i) for i in ids if i.isdigit()]
    still = set()
    for r in Reminder.objects.filter(pk__in=pks).select_related("request"):
        req = r.request
        if req.status == Status.CLOSED:
            continue
        if r.kind == "receipt_unconfirmed":
            waiting = req.received_on is None
        elif r.kind.startswith("supplement_notice"):
            waiting = req.supplement_by is None
        elif r.kind == "consultation_limit":
            waiting = req.status == Status.IN_CONSULTATION
        else:
            waiting = True
        if waiting:
            still.add(str(r.pk))
    return still


def open_requests(ids: list[str]) -> set[str]:
    """Requests not closed yet (a notice about handling one is done once it closes)."""
    pks = [int(i) for i in ids if i.isdigit()]
    return {
        str(pk)
        for pk in InformationRequest.objects.filter(pk__in=pks)
        .exclude(status=Status.CLOSED)
        .values_list("pk", flat=True)
    }
