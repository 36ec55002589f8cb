"""Reads of public messages: every page goes through these."""

from __future__ import annotations

from datetime import date

from django.db.models import Case, F, IntegerField, QuerySet, Value, When

from portal.audit import events_for

from .choices import OPEN_STATUSES, MessageStatus
from .models import Message, MessageReminder
from .permissions import ANSWER, MANAGE


def staff_queue(*, user, status: str = "", department_id: int | None = None) -> QuerySet:
    """Open messages by default, the nearest limit first; the Office sees every message,
    a department's answerers those routed to their department."""
    qs = Message.objects.select_related("department", "requested_department")
    if not user.has_perm(MANAGE):
        if not (user.has_perm(ANSWER) and user.department_id):
            return qs.none()
        qs = qs.filter(department_id=user.department_id)
    if status == "all":
        pass
    elif status in MessageStatus.values:
        qs = qs.filter(status=status)
    else:
        qs = qs.filter(status__in=OPEN_STATUSES)
    if department_id:
        qs = qs.filter(department_id=department_id)
    closed = Case(When(status__in=OPEN_STATUSES, then=Value(0)), default=Value(1), output_field=IntegerField())
    return qs.order_by(closed.asc(), F("due_on").asc(), "pk")


def message_for_staff(pk: int) -> Message:
    return Message.objects.select_related(
        "department", "requested_department", "answer_department", "drafted_by", "converted_request"
    ).get(pk=pk)


def message_for_public(number: str) -> Message | None:
    return Message.objects.select_related("answer_department").filter(number=number).first()


def history(message: Message) -> list:
    return list(events_for(message).order_by("at", "pk"))


def unanswered_since(before: date) -> QuerySet:
    """Open messages received on or before `before` (the site check's veto watch)."""
    return (
        Message.objects.filter(status__in=OPEN_STATUSES, received_on__lte=before)
        .select_related("department")
        .order_by("received_on", "pk")
    )


def export_rows(*, user, status: str = "") -> QuerySet:
    return staff_queue(user=user, status=status or "all")


def open_messages(ids: list[str]) -> set[str]:
    """Messages not answered yet (portal.notifications.register_topic)."""
    pks = [int(i) for i in ids if i.isdigit()]
    return {str(pk) for pk in Message.objects.filter(pk__in=pks, status__in=OPEN_STATUSES).values_list("pk", flat=True)}


def open_reminders(ids: list[str]) -> set[str]:
    pks = [int(i) for i in ids if i.isdigit()]
    return {
        str(pk)
        for pk in MessageReminder.objects.filter(pk__in=pks, message_obj__status__in=OPEN_STATUSES).values_list(
            "pk", flat=True
        )
    }


def queue_counts(user) -> dict:
    qs = staff_queue(user=user, status="all")
    return {
        "open": qs.filter(status__in=OPEN_STATUSES).count(),
        "awaiting_approval": qs.filter(status=MessageStatus.AWAITING_APPROVAL).count(),
        "unrouted": qs.filter(status=MessageStatus.RECEIVED).count(),
    }
