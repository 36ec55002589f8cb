"""Art. 49: the annual report for the previous year is published by 31 January. From
2 January the administrators are reminded once, and daily from 24 January while the
report is unpublished (also after the deadline, as overdue)."""

from datetime import date

from portal.reminders import ensure_reminder

from ..choices import ItemKind
from ..selectors import published_items
from .models import ReportReminder

FIRST_REMINDER = (1, 2)
DAILY_FROM = (1, 24)


def report_published(year: int) -> bool:
    return published_items().filter(kind=ItemKind.ANNUAL_REPORT, report_year=year).exists()


def scan_annual_report(today: date) -> dict:
    """Idempotent: at most one reminder per (year, kind, due_on). A scan missed on 2 January
    is caught up by the next one before 24 January."""
    year = today.year - 1
    first = date(today.year, *FIRST_REMINDER)
    daily = date(today.year, *DAILY_FROM)
    if today < first or report_published(year):
        return {}
    if today < daily:
        _, created = ensure_reminder(ReportReminder, year=year, kind="annual_report_due", due_on=first)
    else:
        kind = "annual_report_due" if today <= date(today.year, 1, 31) else "annual_report_overdue"
        _, created = ensure_reminder(ReportReminder, year=year, kind=kind, due_on=today)
    return {"annual_report_reminders": int(created)}


def open_report_reminders(ids: list[str]) -> set[str]:
    """Report reminders whose year's report is still unpublished (portal.notifications.register_topic)."""
    pks = [int(i) for i in ids if i.isdigit()]
    reminders = list(ReportReminder.objects.filter(pk__in=pks).values_list("pk", "year"))
    published = set(
        published_items()
        .filter(kind=ItemKind.ANNUAL_REPORT, report_year__in={y for _, y in reminders})
        .values_list("report_year", flat=True)
    )
    return {str(pk) for pk, year in reminders if year not in published}
