"""Table-driven tests of the statutory clock (DOMAIN.md §3) over 2019–2026 holidays and
make-up days. Expected dates were counted independently, day by day, from the State
Council arrangements (and a few by hand: see the comments)."""

from datetime import date

import pytest

from requests_app.deadlines import compute

from .clockdata import real_calendar

D = date.fromisoformat


def clock(received, events=(), as_of="2026-11-26", channel="in_person", submitted=None):
    received_d = D(received) if received else None
    return compute(
        events=list(events),
        channel=channel,
        submitted_on=D(submitted) if submitted else received_d,
        received_on=received_d,
        calendar=real_calendar(),
        as_of=D(as_of),
    )


# Receipt date -> last day of the 20 working days (start day not counted).
REPLY_PERIODS = [
    ("2019-09-27", "2019-10-30"),  # DOMAIN.md example: 09-29 Sun and 10-12 Sat worked
    ("2019-04-30", "2019-05-30"),  # Labour Day 2019 05-01..05-04, 04-28 Sun and 05-05 Sun worked
    ("2020-01-20", "2020-02-25"),  # Spring Festival 2020, extended to 02-02
    ("2020-09-30", "2020-11-04"),  # National Day + Mid-autumn 2020, 8 days off
    ("2021-02-05", "2021-03-10"),  # Spring Festival 2021, 02-07 Sun and 02-20 Sat worked
    ("2021-09-30", "2021-11-03"),
    ("2022-01-28", "2022-03-02"),  # 01-29 Sat and 01-30 Sun worked
    ("2022-04-29", "2022-05-31"),  # Labour Day 2022, 04-24 Sun and 05-07 Sat worked
    ("2023-01-20", "2023-02-22"),
    ("2023-09-27", "2023-10-31"),  # Mid-autumn + National Day 2023 09-29..10-06
    ("2023-12-20", "2024-01-18"),  # across New Year
    ("2024-02-08", "2024-03-13"),  # Spring Festival 2024 02-10..02-17, 02-04 Sun and 02-18 Sun worked
    ("2025-01-24", "2025-02-27"),  # by hand: 01-26 Sun, 01-27, (01-28..02-04 off), 02-05..07, 02-08 Sat, …
    ("2025-04-30", "2025-06-03"),  # Labour Day 2025 05-01..05-05, Dragon Boat 05-31..06-02
    ("2025-12-31", "2026-01-29"),  # received on the last day of 2025, due in 2026
    ("2026-02-13", "2026-03-19"),  # Spring Festival 2026
    ("2026-09-30", "2026-11-03"),  # National Day 2026: 09-20 Sun and 10-10 Sat worked
]


@pytest.mark.parametrize("received,due", REPLY_PERIODS)
def test_reply_due_twenty_working_days_after_receipt(received, due):
    c = clock(received, as_of=received)
    assert c.due_on == D(due)
    assert c.status == "in_progress"
    assert c.provisional is False


SUPPLEMENT_NOTICES = [
    ("2019-09-27", "2019-10-12"),  # Saturday 10-12 was a working day
    ("2024-09-27", "2024-10-12"),  # by hand: 09-29 Sun, 09-30, (10-01..07), 10-08..11, 10-12 Sat
    ("2025-09-26", "2025-10-13"),
    ("2025-12-31", "2026-01-12"),
    ("2026-09-30", "2026-10-15"),
]


@pytest.mark.parametrize("received,notice_due", SUPPLEMENT_NOTICES)
def test_supplement_notice_due_seven_working_days_after_receipt(received, notice_due):
    assert clock(received).supplement_notice_due_on == D(notice_due)


def test_awaiting_confirmation_has_no_dates():
    c = clock(None, channel="online", submitted="2026-11-20", as_of="2026-11-26")
    assert (c.status, c.due_on, c.supplement_notice_due_on, c.overdue) == ("awaiting_confirmation", None, None, False)


def test_receipt_later_than_as_of_is_not_yet_known():
    c = clock("2026-11-27", channel="online", submitted="2026-11-20", as_of="2026-11-26")
    assert c.status == "awaiting_confirmation"


@pytest.mark.parametrize("as_of,overdue", [("2019-10-30", False), ("2019-10-31", True)])
def test_open_request_overdue_after_the_last_day(as_of, overdue):
    c = clock("2019-09-27", as_of=as_of)
    assert c.overdue is overdue and c.status == "in_progress"


@pytest.mark.parametrize("replied,overdue", [("2019-10-30", False), ("2019-10-31", True)])
def test_closed_request_overdue_when_replied_after_the_last_day(replied, overdue):
    c = clock("2019-09-27", [{"type": "replied", "on": replied, "outcome": "disclosed"}])
    assert (c.status, c.closed_on, c.outcome, c.overdue) == ("closed", D(replied), "disclosed", overdue)
    assert c.due_on == D("2019-10-30")


def test_answer_on_the_spot_closes_without_due_date():
    c = clock("2025-03-03", [{"type": "answered_on_spot", "on": "2025-03-03", "outcome": "not_processed.publication"}])
    assert (c.status, c.due_on, c.closed_on, c.outcome, c.overdue) == (
        "closed",
        None,
        D("2025-03-03"),
        "not_processed.publication",
        False,
    )


SUPP = [{"type": "supplement_requested", "on": "2024-09-30", "supplement_by": "2024-10-21"}]


def test_awaiting_supplement_has_no_due_date():
    c = clock("2024-09-27", SUPP, as_of="2024-10-15")
    assert (c.status, c.due_on, c.supplement_by) == ("awaiting_supplement", None, D("2024-10-21"))
    assert c.supplement_notice_due_on == D("2024-10-12")
    assert c.overdue is False


def test_supplement_restarts_a_fresh_twenty_working_days():
    c = clock("2024-09-27", SUPP + [{"type": "supplement_received", "on": "2024-10-18"}], as_of="2024-10-20")
    assert (c.status, c.due_on) == ("in_progress", D("2024-11-15"))
    assert c.explanation.start == D("2024-10-18") and c.explanation.start_reason == "supplement"


def test_abandoned_closes_as_no_supplement_without_due_date():
    c = clock("2024-09-27", SUPP + [{"type": "abandoned", "on": "2024-10-22"}])
    assert (c.status, c.closed_on, c.outcome, c.due_on, c.overdue) == (
        "closed",
        D("2024-10-22"),
        "other.no_supplement",
        None,
        False,
    )


CONSULT = [
    {"type": "consultation_sent", "on": "2025-09-29", "party": "某公司"},
    {"type": "consultation_answered", "on": "2025-10-10"},
]


def test_consultation_pause_counts_days_after_sending_up_to_the_answer():
    # Paused: 09-30, 10-09, 10-10 (10-01..10-08 were holidays) = 3 working days.
    c = clock("2025-09-26", CONSULT, as_of="2025-10-12")
    assert c.explanation.pauses[0].days == 3
    assert c.due_on == D("2025-11-04")
    assert c.status == "in_progress"
    assert c.consultation_limit_on is None


def test_unanswered_consultation_pauses_until_the_fifteen_day_limit():
    evs = [{"type": "consultation_sent", "on": "2025-09-30", "party": "某公司"}]
    c = clock("2025-09-26", evs, as_of="2025-10-20")
    assert c.status == "in_consultation"
    assert c.consultation_limit_on == D("2025-10-28")
    assert c.due_on == D("2025-11-20")  # 20 + 15 working days after 09-26
    after = clock("2025-09-26", evs, as_of="2025-10-29")
    assert after.status == "in_progress" and after.due_on == D("2025-11-20")


def test_late_answer_pauses_only_up_to_the_limit():
    evs = [{"type": "consultation_sent", "on": "2025-09-30"}, {"type": "consultation_answered", "on": "2025-11-05"}]
    c = clock("2025-09-26", evs, as_of="2025-11-06")
    assert c.explanation.pauses[0].days == 15 and c.due_on == D("2025-11-20")


def test_extension_counts_on_from_the_original_last_day():
    c = clock("2023-12-20", [{"type": "extended", "on": "2024-01-10", "days": 20}], as_of="2024-01-11")
    # 2024-01-18 + 20 working days over Spring Festival 2024 (02-10..02-17 off; 02-04 and 02-18 Sundays worked).
    assert c.due_on == D("2024-02-20")


def test_extension_and_consultation_add_up_whatever_their_order():
    a = clock("2025-09-26", CONSULT + [{"type": "extended", "on": "2025-10-20", "days": 15}], as_of="2025-10-21")
    b = clock(
        "2025-09-26",
        [
            {"type": "extended", "on": "2025-09-29", "days": 15},
            {"type": "consultation_sent", "on": "2025-09-29"},
            {"type": "consultation_answered", "on": "2025-10-10"},
        ],
        as_of="2025-10-21",
    )
    assert a.due_on == b.due_on == D("2025-11-25")


def test_ledger_example_through_supplement_consultation_and_extension():
    evs = [
        {"type": "supplement_requested", "on": "2019-09-30", "supplement_by": "2019-10-21"},
        {"type": "supplement_received", "on": "2019-10-10"},
        {"type": "consultation_sent", "on": "2019-10-14", "party": "某公司"},
        {"type": "consultation_answered", "on": "2019-10-18"},
        {"type": "extended", "on": "2019-11-01", "days": 20},
        {"type": "replied", "on": "2019-11-20", "outcome": "partial"},
    ]
    c = clock("2019-09-27", evs, channel="online", submitted="2019-09-26")
    # 10-10 + 20 = 11-06; pause 10-15..10-18 = 4; +20 extension: 44 working days after 10-10.
    assert c.explanation.base_due == D("2019-11-06")
    assert c.due_on == D("2019-12-10")
    assert (c.status, c.closed_on, c.outcome, c.overdue) == ("closed", D("2019-11-20"), "partial", False)


def test_fee_notice_pauses_until_payment():
    evs = [{"type": "fee_notified", "on": "2025-03-03", "amount": 100}, {"type": "fee_paid", "on": "2025-03-10"}]
    c = clock("2025-02-28", evs, as_of="2025-03-11")
    assert c.explanation.pauses[0].days == 5 and c.due_on == D("2025-04-07")


def test_request_running_into_an_unknown_year_is_provisional():
    c = clock("2026-12-10", as_of="2026-12-10")
    assert c.due_on == D("2027-01-07") and c.provisional is True
    assert 2027 in c.explanation.unknown_years


def test_request_inside_known_years_is_not_provisional():
    c = clock("2026-11-02", as_of="2026-11-02")
    assert (c.due_on, c.supplement_notice_due_on, c.provisional) == (D("2026-11-30"), D("2026-11-11"), False)


def test_events_after_as_of_are_not_yet_known():
    c = clock("2019-09-27", [{"type": "replied", "on": "2019-11-20", "outcome": "disclosed"}], as_of="2019-10-01")
    assert c.status == "in_progress" and c.closed_on is None


def test_explanation_names_holidays_and_make_up_days():
    c = real_calendar()
    from portal.calendar_seed import chinese_calendar_rows

    notes = {d: n for d, _, n in chinese_calendar_rows()[0]}
    res = compute(
        events=[],
        channel="in_person",
        submitted_on=D("2019-09-27"),
        received_on=D("2019-09-27"),
        calendar=c,
        as_of=D("2019-09-27"),
        notes=notes,
    )
    holidays = [r for r in res.explanation.skipped if r.note != "周末"]
    assert holidays and holidays[0].first == D("2019-10-01") and holidays[0].last == D("2019-10-07")
    assert "国庆节" in holidays[0].note
    assert [d for d, _ in res.explanation.makeup_days] == [D("2019-09-29"), D("2019-10-12")]


def test_in_person_receipt_is_the_day_submitted():
    c = compute(
        events=[],
        channel="in_person",
        submitted_on=D("2019-09-27"),
        received_on=None,
        calendar=real_calendar(),
        as_of=D("2019-09-30"),
    )
    assert c.due_on == D("2019-10-30")


def test_payment_limit_in_unknown_year_does_not_make_a_paid_fee_provisional():
    # Fee notice 2026-12-01, paid 12-03: the 20-day payment limit lies in 2027 but does
    # not matter; the due date stays inside 2026. (Contract v2: received 11-03, so the
    # notice goes out on the due date itself, in time; received 11-02 it would be late.)
    evs = [{"type": "fee_notified", "on": "2026-12-01", "amount": 100}, {"type": "fee_paid", "on": "2026-12-03"}]
    c = clock("2026-11-03", evs, as_of="2026-12-04")
    assert c.due_on == D("2026-12-03") and c.provisional is False


# --- contract v2 ----------------------------------------------------------------------------
# Received Monday 2025-03-03: supplement notice due 03-12, reply due 03-31 (no holidays).

FEE = {"type": "fee_notified", "amount": 100, "method": "per_request", "count": 11}


def test_unpaid_fee_notice_is_awaiting_fee_and_pauses_to_its_limit():
    c = clock("2025-03-03", [{**FEE, "on": "2025-03-10"}], as_of="2025-03-20")
    assert c.status == "awaiting_fee"
    assert c.explanation.pauses[0].days == 20 and c.due_on == D("2025-04-28")  # 03-31 + 20: 04-04 off, 04-27 worked


def test_fee_and_consultation_at_once_are_in_consultation_and_share_their_days():
    evs = [
        {"type": "consultation_sent", "on": "2025-03-10", "party": "甲"},
        {**FEE, "on": "2025-03-12"},
        {"type": "consultation_answered", "on": "2025-03-14"},
        {"type": "fee_paid", "on": "2025-03-19"},
    ]
    assert clock("2025-03-03", evs[:2], as_of="2025-03-13").status == "in_consultation"
    c = clock("2025-03-03", evs, as_of="2025-03-20")
    # Paused 03-11..03-14 and 03-13..03-19: 03-11..03-19 is 7 working days, not 4 + 5.
    assert [p.days for p in c.explanation.pauses] == [4, 5]
    assert c.explanation.paused_days == 7 and c.due_on == D("2025-04-10")  # 03-31 + 7, 04-04 off


def test_late_supplement_notice_keeps_the_clock_running():
    evs = [{"type": "supplement_requested", "on": "2025-03-13", "supplement_by": "2025-03-24"}]
    c = clock("2025-03-03", evs, as_of="2025-03-14")
    assert (c.status, c.due_on) == ("awaiting_supplement", D("2025-03-31"))
    assert c.irregularity_codes == ["late_supplement_notice"] and c.irregularities[0].limit == D("2025-03-12")
    back = clock("2025-03-03", [*evs, {"type": "supplement_received", "on": "2025-03-20"}], as_of="2025-04-01")
    assert (back.due_on, back.overdue, back.explanation.start_reason) == (D("2025-03-31"), True, "receipt")
    gone = clock("2025-03-03", [*evs, {"type": "abandoned", "on": "2025-04-02"}], as_of="2025-04-03")
    assert (gone.outcome, gone.due_on, gone.overdue) == ("other.no_supplement", D("2025-03-31"), True)


def test_supplement_notice_on_the_seventh_day_is_on_time():
    c = clock(
        "2025-03-03",
        [{"type": "supplement_requested", "on": "2025-03-12", "supplement_by": "2025-03-24"}],
        as_of="2025-03-13",
    )
    assert (c.due_on, c.irregularities) == (None, ())


def test_late_letter_pauses_nothing_and_its_answer_ends_no_pause():
    evs = [
        {"type": "consultation_sent", "on": "2025-04-01", "party": "甲"},
        {"type": "consultation_answered", "on": "2025-04-08"},
    ]
    c = clock("2025-03-03", evs, as_of="2025-04-09")
    assert (c.due_on, c.overdue, c.explanation.pauses) == (D("2025-03-31"), True, ())
    assert c.irregularity_codes == ["late_consultation"]
