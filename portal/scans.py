"""The daily scan. Each app registers its scan in AppConfig.ready(); the kernel runs
them all (it imports no app). Every scan is idempotent: it only calls
`ensure_reminder` and services that check their own preconditions."""

import logging
from collections.abc import Callable
from datetime import date

from django.utils import timezone

from .models import ScanRun, SystemReminder
from .reminders import deliver_pending, ensure_reminder
from .workdays import current

log = logging.getLogger(__name__)

_scans: dict[str, Callable[[date], dict]] = {}


def register(name: str, func: Callable[[date], dict]) -> None:
    _scans[name] = func


def registered() -> dict[str, Callable[[date], dict]]:
    return dict(_scans)


def scan_calendar(today: date) -> dict:
    """From 1 November, remind administrators daily while next year's arrangement is missing."""
    nxt = today.year + 1
    if today >= date(today.year, 11, 1) and not current().is_known(nxt):
        _, created = ensure_reminder(
            SystemReminder,
            kind="calendar_missing",
            due_on=today,
            defaults={
                "text": f"{nxt}年节假日安排尚未录入：请管理员依据国务院办公厅通知录入，否则涉及{nxt}年的期限按周一至周五暂行计算。"
            },
        )
        return {"calendar_missing": int(created)}
    return {}


register("calendar", scan_calendar)


def run_daily_scan(today: date | None = None, *, force: bool = False) -> dict:
    """Run every registered scan for `today` unless one already succeeded today."""
    today = today or timezone.localdate()
    run, _ = ScanRun.objects.get_or_create(on=today)
    if run.finished_at is not None and not force:
        return {"skipped": True, "delivered": deliver_pending()}
    summary = {}
    for name, func in _scans.items():
        summary[name] = func(today)
    summary["delivered"] = deliver_pending()
    ScanRun.objects.filter(pk=run.pk).update(finished_at=timezone.now(), summary=summary)
    return summary
