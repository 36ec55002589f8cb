"""Changes to the working-day calendar (the admin, `import_holidays`). Each is one service:
it writes the rows, records what changed with the actor in the audit log in the same
transaction, and once committed announces `calendar_changed` with that actor, so the
deadline recomputation that follows (requests_app) is audited in the same person's name.

Rows written here carry `_suppress_calendar_signal`, so the kernel's generic save/delete
receiver (portal.signals) does not announce them a second time without an actor."""

import functools
from collections.abc import Iterable
from datetime import date

from django.db import transaction

from .audit import record
from .dates import iso
from .models import CalendarDay, CalendarYear
from .signals import fire_calendar_changed


def _state(day: CalendarDay | None) -> dict | None:
    if day is None:
        return None
    return {"date": iso(day.date), "is_workday": day.is_workday, "note": day.note}


def _announce(*, dates: Iterable[date], actor) -> None:
    transaction.on_commit(functools.partial(fire_calendar_changed, dates=sorted(set(dates)), actor=actor))


@transaction.atomic
def save_calendar_day(*, day: CalendarDay, actor) -> CalendarDay:
    """Enter or correct one date that breaks the Monday–Friday rule (a weekday holiday or a
    make-up working day of the State Council's arrangement)."""
    before = CalendarDay.objects.filter(pk=day.pk).first() if day.pk else None
    before_state = _state(before)
    day._suppress_calendar_signal = True
    day.save()
    after_state = _state(day)
    record(
        action="calendar.day.saved",
        actor=actor,
        target=day,
        data={
            "before": before_state,
            "after": after_state,
            "changed": sorted(k for k in after_state if before_state is None or before_state[k] != after_state[k]),
        },
    )
    _announce(dates=[day.date, *([before.date] if before else [])], actor=actor)
    return day


@transaction.atomic
def delete_calendar_days(*, days: Iterable[CalendarDay], actor) -> int:
    """Remove dates from the calendar: each is counted by the Monday–Friday rule again."""
    removed = []
    for day in days:
        removed.append(day.date)
        state = _state(day)
        day._suppress_calendar_signal = True
        day.delete()
        record(action="calendar.day.deleted", actor=actor, data={"before": state})
    if removed:
        _announce(dates=removed, actor=actor)
    return len(removed)


@transaction.atomic
def save_calendar_year(*, year: CalendarYear, actor) -> CalendarYear:
    """Mark a year as held in full (its dates are no longer provisional), or edit its source."""
    before = CalendarYear.objects.filter(pk=year.pk).values("year", "source").first() if year.pk else None
    year._suppress_calendar_signal = True
    year.save()
    record(
        action="calendar.year.saved",
        actor=actor,
        target=year,
        data={
            "before": before,
            "after": {"year": year.year, "source": year.source},
        },
    )
    _announce(dates=[], actor=actor)
    return year


@transaction.atomic
def delete_calendar_years(*, years: Iterable[CalendarYear], actor) -> int:
    """Mark years as not held: their dates become provisional again."""
    removed = []
    for year in years:
        removed.append(year.year)
        year._suppress_calendar_signal = True
        year.delete()
    if removed:
        record(action="calendar.year.deleted", actor=actor, data={"years": removed})
        _announce(dates=[], actor=actor)
    return len(removed)


@transaction.atomic
def import_holiday_year(*, year: int, rows: list[tuple[date, bool, str]], source: str, actor) -> dict:
    """Replace a year's arrangement with the State Council notice's (rows: the dates breaking
    the Monday–Friday rule) and mark the year as held. Audits every date that changed."""
    old = {d.date: d for d in CalendarDay.objects.select_for_update().filter(date__year=year)}
    new = {d: (workday, note[:100]) for d, workday, note in rows}
    changes = []
    for d in sorted(old.keys() | new.keys()):
        before = _state(old.get(d))
        after = None if d not in new else {"date": iso(d), "is_workday": new[d][0], "note": new[d][1]}
        if before != after:
            changes.append({"date": iso(d), "before": before, "after": after})
    for day in old.values():
        day._suppress_calendar_signal = True
        day.delete()
    for d, (workday, note) in new.items():
        day = CalendarDay(date=d, is_workday=workday, note=note)
        day._suppress_calendar_signal = True
        day.save()
    held = CalendarYear.objects.filter(year=year).first() or CalendarYear(year=year)
    held.source = source[:200]
    held._suppress_calendar_signal = True
    held.save()
    record(
        action="calendar.year.imported",
        actor=actor,
        target=held,
        data={
            "year": year,
            "source": held.source,
            "rows": len(new),
            "changes": changes,
        },
    )
    _announce(dates=[date.fromisoformat(c["date"]) for c in changes], actor=actor)
    return {"rows": len(new), "changes": len(changes)}
