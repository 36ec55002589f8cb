"""The messages' part of the daily scan and of the site check (registered in
RequestsAppConfig.ready()). Reminders are keyed by (message, kind, due_on) through
`portal.reminders.ensure_reminder`, so a scan run twice sends nothing twice."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse

from portal import workdays
from portal.reminders import ensure_reminder
from portal.site_check import AMBER, RED, Finding

from .choices import OPEN_STATUSES
from .models import Message, MessageReminder
from .selectors import unanswered_since

# The national check fails a site with a message unanswered for more than three months;
# the watch warns well before (docs/interaction.md).
AMBER_DAYS = 80
RED_DAYS = 95


def reminders_due(message: Message, today: date, cal) -> list[tuple[str, date, bool]]:
    """(kind, due_on, escalated) of the reminders this open message needs today: one
    working day before the limit to the department, and once after it to the Office head."""
    if today > message.due_on:
        return [("overdue", message.due_on, True)]
    day_before = cal.add_workdays(message.due_on, -1)
    if today >= day_before:
        return [("due_1", day_before, False)]
    return []


def scan_messages(today: date) -> dict:
    cal = workdays.current()
    created = 0
    for message in Message.objects.filter(status__in=OPEN_STATUSES).select_related("department").order_by("pk"):
        for kind, due_on, escalated in reminders_due(message, today, cal):
            _, new = ensure_reminder(
                MessageReminder, message_obj=message, kind=kind, due_on=due_on, defaults={"escalated": escalated}
            )
            created += int(new)
    return {"message_reminders": created}


def check_messages(today: date) -> list[Finding]:
    """Messages unanswered for 80 days (amber) and 95 days (red: the veto is three months)."""
    findings = []
    for message in unanswered_since(today - timedelta(days=AMBER_DAYS)):
        days = (today - message.received_on).days
        level = RED if days >= RED_DAYS else AMBER
        findings.append(
            Finding(
                check="messages",
                key=f"message:{message.number}",
                level=level,
                subject=f"留言 {message.number}：{message.subject}",
                detail=f"自 {message.received_on:%Y-%m-%d} 受理，已 {days} 天未答复（国家检查指标：超过三个月未答复单项否决）",
                url=reverse("messages:staff_detail", args=[message.pk]),
                department_id=message.department_id,
                since=message.received_on,
            )
        )
    return findings
