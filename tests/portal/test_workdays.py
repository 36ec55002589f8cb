from datetime import date

import pytest

from portal.workdays import Calendar, OutOfRange

# 2019 National Day: 10-01..10-07 off; Sun 09-29 and Sat 10-12 working days.
CAL_2019 = Calendar.from_rows(
    [(date(2019, 10, d), False) for d in (1, 2, 3, 4, 7)] + [(date(2019, 9, 29), True), (date(2019, 10, 12), True)],
    [2019],
)


def test_domain_example_counts_make_up_days():
    assert CAL_2019.add_workdays(date(2019, 9, 27), 20) == date(2019, 10, 30)
    assert CAL_2019.workdays_between(date(2019, 9, 27), date(2019, 10, 30)) == 20


def test_zero_is_the_day_itself_and_start_day_not_counted():
    assert CAL_2019.add_workdays(date(2019, 10, 5), 0) == date(2019, 10, 5)
    assert CAL_2019.add_workdays(date(2019, 9, 27), 1) == date(2019, 9, 29)
    assert CAL_2019.workdays_between(date(2019, 10, 30), date(2019, 9, 27)) == -20


def test_unknown_years_are_weekdays_and_reported():
    assert CAL_2019.add_workdays(date(2030, 1, 4), 1) == date(2030, 1, 7)
    assert CAL_2019.unknown_years(date(2019, 12, 1), date(2020, 1, 10)) == [2020]
    assert CAL_2019.known_through() == date(2019, 12, 31)


def test_out_of_range_is_refused():
    with pytest.raises(OutOfRange):
        CAL_2019.add_workdays(date(1980, 1, 1), 1)


@pytest.mark.django_db
def test_database_calendar_holds_chinese_calendar_years():
    from portal import workdays

    assert workdays.is_workday(date(2026, 9, 20))  # Sunday make-up day
    assert workdays.is_workday(date(2026, 10, 10))  # Saturday make-up day
    assert not workdays.is_workday(date(2026, 10, 7))
    assert workdays.known_through() >= date(2026, 12, 31)
    assert workdays.add_workdays(date(2019, 9, 27), 20) == date(2019, 10, 30)


@pytest.mark.django_db
def test_calendar_change_is_seen_at_once():
    from portal import workdays
    from portal.models import CalendarDay

    assert workdays.is_workday(date(2026, 12, 1))
    CalendarDay.objects.create(date=date(2026, 12, 1), is_workday=False, note="测试")
    assert not workdays.is_workday(date(2026, 12, 1))
