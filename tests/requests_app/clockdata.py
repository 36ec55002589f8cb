"""A pure calendar of the years chinese-calendar holds (2004–2026), for DB-free tests."""

from functools import lru_cache

from portal.calendar_seed import chinese_calendar_rows
from portal.workdays import Calendar


@lru_cache(maxsize=1)
def real_calendar() -> Calendar:
    rows, years = chinese_calendar_rows()
    return Calendar.from_rows([(d, w) for d, w, _ in rows], years)
