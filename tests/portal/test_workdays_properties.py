"""Property tests of the working-day arithmetic over the real 2019–2026 calendar."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.requests_app.clockdata import real_calendar

dates = st.dates(min_value=date(2019, 1, 1), max_value=date(2027, 12, 31))
counts = st.integers(min_value=0, max_value=200)


@settings(max_examples=400, deadline=None)
@given(dates, counts)
def test_add_then_between_inverts(d, n):
    cal = real_calendar()
    assert cal.workdays_between(d, cal.add_workdays(d, n)) == n


@settings(max_examples=400, deadline=None)
@given(dates, st.integers(min_value=1, max_value=200))
def test_add_never_lands_on_a_non_working_day(d, n):
    cal = real_calendar()
    result = cal.add_workdays(d, n)
    assert cal.is_workday(result)
    assert result > d
    # It is the *first* day with that count: the day before has one fewer.
    assert cal.workdays_between(d, result - timedelta(days=1)) == n - 1


@settings(max_examples=300, deadline=None)
@given(dates, dates)
def test_between_then_add_lands_on_the_last_working_day_up_to_b(a, b):
    cal = real_calendar()
    n = cal.workdays_between(a, b)
    if b >= a:
        assert n >= 0
        if n:
            landed = cal.add_workdays(a, n)
            assert landed <= b and cal.workdays_between(landed, b) == 0
    else:
        assert n == -cal.workdays_between(b, a)


@settings(max_examples=200, deadline=None)
@given(dates, counts, counts)
def test_addition_is_associative(d, m, n):
    cal = real_calendar()
    assert cal.add_workdays(cal.add_workdays(d, m), n) == cal.add_workdays(d, m + n) or m == 0 or n == 0
