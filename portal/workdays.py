"""All working-day arithmetic (工作日), docs/domain.md §3 "Working day" and "Counting".

A working day is Monday–Friday, except the statutory holidays of the State Council's
annual notice, plus the weekend days that notice makes working days (调休上班).
Periods "自…之日起 N 个工作日" do not count the starting day (民法典 Art. 201).

`Calendar` is pure (no database): the deadline functions take one as input. The
module-level functions use the process-wide calendar loaded from `CalendarDay` /
`CalendarYear` once, as a sorted index of working days, so each call is a bisect.
A year the calendar does not hold is counted Monday–Friday and reported as unknown,
so callers can flag their results provisional.
"""

from __future__ import annotations

import threading
import time
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

FIRST_DATE = date(1990, 1, 1)
LAST_DATE = date(2100, 12, 31)
MAX_SPAN_DAYS = (LAST_DATE - FIRST_DATE).days


class OutOfRange(ValueError):
    """A date outside the calendar's range (1990–2100)."""


@dataclass(frozen=True)
class Calendar:
    """Overrides of the Monday–Friday rule and the years whose arrangement is known."""

    overrides: Mapping[date, bool] = field(default_factory=dict)
    known_years: frozenset[int] = frozenset()
    _workdays: tuple[date, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        days = []
        d = FIRST_DATE
        one = timedelta(days=1)
        overrides = self.overrides
        while d <= LAST_DATE:
            flag = overrides.get(d)
            if flag is None:
                flag = d.weekday() < 5
            if flag:
                days.append(d)
            d += one
        object.__setattr__(self, "_workdays", tuple(days))

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[date, bool]], years: Iterable[int]) -> Calendar:
        return cls(overrides=dict(rows), known_years=frozenset(years))

    # --- queries -------------------------------------------------------------------
    def _check(self, d: date) -> None:
        if not (FIRST_DATE <= d <= LAST_DATE):
            raise OutOfRange(f"日期 {d:%Y-%m-%d} 超出日历范围（{FIRST_DATE.year}—{LAST_DATE.year}年）")

    def is_workday(self, d: date) -> bool:
        self._check(d)
        i = bisect_left(self._workdays, d)
        return i < len(self._workdays) and self._workdays[i] == d

    def add_workdays(self, d: date, n: int) -> date:
        """The n-th working day strictly after d; d itself when n == 0.

        Negative n counts backwards: the |n|-th working day strictly before d."""
        self._check(d)
        if n == 0:
            return d
        if n > 0:
            i = bisect_right(self._workdays, d) + n - 1
        else:
            i = bisect_left(self._workdays, d) + n
        if i < 0 or i >= len(self._workdays):
            raise OutOfRange("结果超出日历范围")
        return self._workdays[i]

    def workdays_between(self, a: date, b: date) -> int:
        """Working days in (a, b]; negative when b is before a."""
        self._check(a)
        self._check(b)
        if b < a:
            return -self.workdays_between(b, a)
        return bisect_right(self._workdays, b) - bisect_right(self._workdays, a)

    def is_known(self, year: int) -> bool:
        return year in self.known_years

    def unknown_years(self, a: date, b: date) -> list[int]:
        """Years touched by the span [a, b] whose arrangement is not held."""
        lo, hi = min(a, b), max(a, b)
        return [y for y in range(lo.year, hi.year + 1) if y not in self.known_years]

    def known_through(self) -> date | None:
        """The last day of the last year held, or None when no year is held."""
        if not self.known_years:
            return None
        return date(max(self.known_years), 12, 31)

    def non_workdays_between(self, a: date, b: date) -> list[date]:
        """Calendar days in (a, b] that are not working days (for explaining a deadline)."""
        out = []
        d = a + timedelta(days=1)
        while d <= b:
            if not self.is_workday(d):
                out.append(d)
            d += timedelta(days=1)
        return out

    def makeup_workdays_between(self, a: date, b: date) -> list[date]:
        """Weekend days in (a, b] that are working days (调休上班)."""
        return sorted(d for d, w in self.overrides.items() if w and a < d <= b and d.weekday() >= 5)


# --- the process-wide calendar ---------------------------------------------------------

_lock = threading.Lock()
_current: Calendar | None = None
_version_seen: int | None = None
_checked_at = 0.0
VERSION_KEY = "portal:calendar-version"
VERSION_CHECK_SECONDS = 5.0


def _load() -> Calendar:
    from portal.models import CalendarDay, CalendarYear

    rows = CalendarDay.objects.values_list("date", "is_workday")
    years = CalendarYear.objects.values_list("year", flat=True)
    return Calendar.from_rows(rows, years)


def _shared_version() -> int:
    from django.core.cache import cache

    try:
        return int(cache.get(VERSION_KEY) or 0)
    except Exception:  # a cache outage must not stop deadline arithmetic
        return 0


def current() -> Calendar:
    """The calendar from the database, loaded once per process and reloaded when any
    process changes the table (a version number in the shared cache, checked every few
    seconds; local changes invalidate at once)."""
    global _current, _version_seen, _checked_at
    now = time.monotonic()
    if _current is not None and now - _checked_at < VERSION_CHECK_SECONDS:
        return _current
    with _lock:
        version = _shared_version()
        if _current is None or version != _version_seen:
            _current = _load()
            _version_seen = version
        _checked_at = now
        return _current


def invalidate() -> None:
    """Forget the loaded calendar here and tell other processes (called on any change)."""
    global _current
    from django.core.cache import cache

    with _lock:
        _current = None
    try:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:
            cache.set(VERSION_KEY, 1, None)
    except Exception:
        pass


def is_workday(d: date) -> bool:
    return current().is_workday(d)


def add_workdays(d: date, n: int) -> date:
    return current().add_workdays(d, n)


def workdays_between(a: date, b: date) -> int:
    return current().workdays_between(a, b)


def known_through() -> date | None:
    return current().known_through()


def unknown_years(a: date, b: date) -> list[int]:
    return current().unknown_years(a, b)
