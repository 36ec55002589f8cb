"""Reads of requests: every page goes through these."""

from __future__ import annotations

from datetime import date

from django.db.models import F, Q, QuerySet

from portal import workdays

from .choices import Status
from .models import InformationRequest


def staff_queue(*, status: str = "", handler: str = "", channel: str = "", year: int | None = None) -> QuerySet:
    qs = InformationRequest.objects.select_related("handler")
    if status == "all":
        pass
    elif status:
        qs = qs.filter(status=status)
    else:
        qs = qs.exclude(status=Status.CLOSED)
    if handler == "none":
        qs = qs.filter(handler__isnull=True)
    elif handler:
        qs = qs.filter(handler_id=handler)
    if channel:
        qs = qs.filter(channel=channel)
    if year:
        qs = qs.filter(Q(submitted_on__year=year) | Q(received_on__year=year))
    return qs.order_by(F("due_on").asc(nulls_last=True), "submitted_on", "pk")


def urgency(req: InformationRequest, today: date, cal=None) -> str:
    """"overdue", "due2" (≤2 working days), "due5" (≤5) or "" for an open request."""
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
    return (InformationRequest.objects.select_related("handler")
            .prefetch_related("events__actor", "documents").get(pk=pk))


def request_for_public(reference: str) -> InformationRequest | None:
    return (InformationRequest.objects.filter(reference=reference)
            .prefetch_related("events", "documents").first())


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
