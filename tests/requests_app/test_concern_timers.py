"""The response limits of 国办发〔2016〕61号 / 80号 count real hours from when the concern
was noticed: across midnight, weekends and holidays alike (no working-day calendar)."""

from datetime import timedelta

import pytest

from requests_app.concerns.choices import ConcernLevel, Milestone
from requests_app.concerns.timers import compute_timers, hours_minutes, reminders_due
from tests.requests_app.concern_helpers import at


def timers(level, noticed, now, **done):
    return {t.milestone: t for t in compute_timers(level=level, noticed_at=noticed, now=now, **done)}


@pytest.mark.parametrize("level", [ConcernLevel.ESPECIALLY_MAJOR, ConcernLevel.MAJOR])
def test_emergency_limits_run_through_the_night_and_the_weekend(level):
    noticed = at(2026, 11, 27, 22, 30)  # a Friday, 22:30
    t = timers(level, noticed, now=noticed)
    assert set(t) == {Milestone.AUTHORITATIVE_INFO, Milestone.PRESS_CONFERENCE}
    assert t[Milestone.AUTHORITATIVE_INFO].due_at == at(2026, 11, 28, 3, 30)  # Saturday, small hours
    assert t[Milestone.PRESS_CONFERENCE].due_at == at(2026, 11, 28, 22, 30)  # Saturday night
    assert t[Milestone.AUTHORITATIVE_INFO].text == "剩余 5小时"
    assert t[Milestone.PRESS_CONFERENCE].text == "剩余 24小时"


def test_general_limit_is_48_hours_over_a_weekend_and_a_holiday():
    noticed = at(2026, 11, 27, 20, 0)  # Friday evening
    t = timers(ConcernLevel.GENERAL, noticed, now=noticed)
    assert set(t) == {Milestone.RESPONSE}
    assert t[Milestone.RESPONSE].due_at == at(2026, 11, 29, 20, 0)  # Sunday evening, not Tuesday
    # National Day: the holiday does not stop the clock either.
    t = timers(ConcernLevel.GENERAL, at(2026, 9, 30, 23, 15), now=at(2026, 10, 1, 0, 0))
    assert t[Milestone.RESPONSE].due_at == at(2026, 10, 2, 23, 15)
    assert t[Milestone.RESPONSE].text == "剩余 47小时15分"


def test_running_clock_shows_hours_and_minutes_left_then_overdue():
    noticed = at(2026, 11, 30, 23, 0)
    info = timers(ConcernLevel.MAJOR, noticed, now=noticed + timedelta(hours=1, minutes=48))[
        Milestone.AUTHORITATIVE_INFO
    ]
    assert (info.running, info.overdue, info.text) == (True, False, "剩余 3小时12分")
    info = timers(ConcernLevel.MAJOR, noticed, now=at(2026, 12, 1, 6, 0))[Milestone.AUTHORITATIVE_INFO]
    assert (info.running, info.overdue, info.text) == (True, True, "已超时 2小时")
    assert info.left == -timedelta(hours=2)
    late = timers(ConcernLevel.GENERAL, noticed, now=noticed + timedelta(hours=49, minutes=30, seconds=59))
    assert late[Milestone.RESPONSE].text == "已超时 1小时30分"


def test_milestones_met_in_time_or_late():
    noticed = at(2026, 11, 28, 10, 0)  # Saturday
    t = timers(
        ConcernLevel.ESPECIALLY_MAJOR,
        noticed,
        now=at(2026, 11, 30, 9, 0),
        authoritative_info_at=at(2026, 11, 28, 14, 59),
        press_conference_at=at(2026, 11, 29, 11, 5),
    )
    info, press = t[Milestone.AUTHORITATIVE_INFO], t[Milestone.PRESS_CONFERENCE]
    assert (info.met, info.overdue, info.running, info.text) == (True, False, False, "按时完成")
    assert (press.met, press.overdue, press.running, press.text) == (False, True, False, "超时完成（超时 1小时5分）")


def test_a_closed_entry_stops_its_clocks():
    noticed = at(2026, 11, 28, 10, 0)
    t = timers(ConcernLevel.MAJOR, noticed, now=at(2026, 12, 5, 0, 0), closed_at=at(2026, 11, 28, 12, 0))
    info, press = t[Milestone.AUTHORITATIVE_INFO], t[Milestone.PRESS_CONFERENCE]
    assert not info.running and not info.overdue and info.text == "未完成"
    assert not press.running and not press.overdue and press.text == "未完成"
    t = timers(ConcernLevel.MAJOR, noticed, now=at(2026, 12, 5, 0, 0), closed_at=at(2026, 11, 29, 12, 0))
    assert t[Milestone.AUTHORITATIVE_INFO].text == "未完成（已超时）"
    assert t[Milestone.PRESS_CONFERENCE].overdue


@pytest.mark.parametrize(
    ("minutes_to_limit", "expected"),
    [
        (61, []),
        (60, ["response_soon"]),
        (1, ["response_soon"]),
        (0, ["response_overdue"]),
        (-600, ["response_overdue"]),
    ],
)
def test_reminders_an_hour_before_and_at_the_limit(minutes_to_limit, expected):
    noticed = at(2026, 11, 28, 23, 30)
    due = noticed + timedelta(hours=48)
    t = compute_timers(level=ConcernLevel.GENERAL, noticed_at=noticed, now=due - timedelta(minutes=minutes_to_limit))
    assert reminders_due(t) == [(kind, due) for kind in expected]


def test_no_reminder_once_the_milestone_is_recorded():
    noticed = at(2026, 11, 28, 23, 30)
    t = compute_timers(
        level=ConcernLevel.MAJOR,
        noticed_at=noticed,
        now=noticed + timedelta(hours=23, minutes=30),
        authoritative_info_at=noticed + timedelta(hours=1),
    )
    assert reminders_due(t) == [("press_conference_soon", noticed + timedelta(hours=24))]


def test_every_start_minute_of_a_week_gives_the_same_hour_limits():
    """A week from Monday 00:00 in 7-minute steps: the limits never stretch over nights,
    weekends or the turn of a month."""
    start = at(2026, 11, 30, 0, 0)
    for step in range(0, 7 * 24 * 60, 7):
        noticed = start + timedelta(minutes=step)
        for level, hours in ((ConcernLevel.MAJOR, [5, 24]), (ConcernLevel.GENERAL, [48])):
            got = [t.due_at - noticed for t in compute_timers(level=level, noticed_at=noticed, now=noticed)]
            assert got == [timedelta(hours=h) for h in hours]


def test_hours_minutes():
    assert hours_minutes(timedelta(hours=3, minutes=12, seconds=59)) == "3小时12分"
    assert hours_minutes(timedelta(hours=2)) == "2小时"
    assert hours_minutes(timedelta(minutes=5)) == "0小时5分"
    assert hours_minutes(timedelta(hours=-1)) == "0小时"
