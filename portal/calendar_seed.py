"""Seed the working-day calendar from the chinese-calendar package (every year it holds)."""

from datetime import date, timedelta


def chinese_calendar_rows() -> tuple[list[tuple[date, bool, str]], list[int]]:
    """Dates breaking the Monday–Friday rule, and the years the package holds."""
    import chinese_calendar as cc

    years = sorted({d.year for d in cc.holidays} & {d.year for d in cc.workdays})
    rows = []
    for year in years:
        d = date(year, 1, 1)
        while d.year == year:
            workday = cc.is_workday(d)
            if workday != (d.weekday() < 5):
                _, name = cc.get_holiday_detail(d)
                rows.append((d, workday, _holiday_label(name, workday)))
            d += timedelta(days=1)
    return rows, years


NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def _holiday_label(name, workday: bool) -> str:
    label = NAMES.get(name, name or "")
    return f"{label}调休上班" if workday else label


def seed(CalendarDay, CalendarYear) -> int:
    rows, years = chinese_calendar_rows()
    existing = set(CalendarDay.objects.values_list("date", flat=True))
    CalendarDay.objects.bulk_create(
        [CalendarDay(date=d, is_workday=w, note=n) for d, w, n in rows if d not in existing]
    )
    for year in years:
        CalendarYear.objects.get_or_create(year=year, defaults={"source": "chinese-calendar"})
    return len(rows)


def ensure_seeded() -> bool:
    """Seed from chinese-calendar when the calendar holds no year at all (a new database,
    or one a flush emptied). Returns True when it seeded."""
    from . import workdays
    from .models import CalendarDay, CalendarYear

    if CalendarYear.objects.exists():
        return False
    seed(CalendarDay, CalendarYear)
    workdays.invalidate()
    return True
