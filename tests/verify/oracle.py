"""An independent, deliberately naive reference for the statutory clock and the annual report.

Written from DOMAIN.md §3 and §5 and contracts/ledger.md (now docs/domain.md and docs/cli.md) only, without reading the
implementation. Everything walks the calendar one day at a time; nothing is clever.

Readings of the spec this oracle takes (each is stated in the verify report):
- Working day: chinese_calendar.is_workday for 2004–2026 (the years the package holds);
  Monday–Friday for any other year, and such a year is "unknown".
- `provisional`: some day in a span of working-day arithmetic that produced a reported
  date (supplement_notice_due_on, due_on, and the consultation pauses feeding due_on)
  lies in an unknown year. A span is (start, end]: the start day itself is not counted.
- In person: the receipt date is the day submitted (Art. 31); the import refuses a missing
  `received_on` for in-person and registered-mail requests, so the fallback below is moot.
- Export "as of" a date: events dated after that date have not happened yet, and a
  request whose receipt date is after it is still awaiting confirmation.
- Table 四 (read after comparing with the implementation, which documents it): a case is
  one request's reconsideration, direct lawsuit or lawsuit after reconsideration; its
  first entry is when it was brought and it is counted once, in that year, under the
  result of its latest entry dated by 31 December of that year. Later entries of the same
  case update its result. With one entry per case this is simply "each entry in its year".
- Consultations may overlap (letters to several parties). A day is either counted or
  not: the pause is the union of the paused days, each answer closing the earliest open
  letter. Answers are not matched to parties in the ledger, so first in, first out.
- An unanswered consultation pauses the clock up to its 15-working-day limit, whatever
  the as-of date; the request is `in_consultation` while as-of is on or before that limit.

Contract version 2:
- A fee notice pauses like a consultation, with a 20-working-day limit; payments close
  notices first in, first out. Every paused day (consultation or fee) goes into one set,
  so a day inside two pauses counts once.
- `awaiting_fee` while an unpaid notice's limit is not past and no consultation is open
  (a consultation wins: `in_consultation`).
- Late steps: the supplement notice is late when dated after receipt + 7 working days; an
  extension, consultation or fee notice when dated after the due date that the events
  before it give (open letters at their full limit); on the due date itself is on time.
  A late step changes nothing in the clock: a late notice neither stops the clock nor
  restarts it when the supplement arrives, and an abandonment after it leaves `due_on`
  set; a late letter pauses nothing (its answer or payment then ends no pause) but the
  request still shows as waiting for it (in_consultation / awaiting_fee / awaiting_
  supplement), because the applicant or the party is in fact being waited for.
"""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar

KNOWN_YEARS = range(2004, 2027)
ONE = timedelta(days=1)

APPLICANT_TYPES = ["natural_person", "commercial", "research", "public_interest", "legal_services", "other_org"]
OUTCOMES = [
    "disclosed",
    "partial",
    "withheld.state_secret",
    "withheld.law_prohibited",
    "withheld.three_safety",
    "withheld.third_party",
    "withheld.internal_affairs",
    "withheld.process_info",
    "withheld.enforcement_file",
    "withheld.query_matter",
    "unavailable.not_held",
    "unavailable.needs_creation",
    "unavailable.still_unclear",
    "not_processed.petition",
    "not_processed.repeat",
    "not_processed.publication",
    "not_processed.excessive",
    "not_processed.confirm_existing",
    "other.no_supplement",
    "other.unpaid_fee",
    "other.other",
]
RESULTS = ["upheld", "corrected", "other", "pending"]


# --- working days --------------------------------------------------------------------------


def is_known(year: int) -> bool:
    return year in KNOWN_YEARS


def is_workday(d: date) -> bool:
    if is_known(d.year):
        return chinese_calendar.is_workday(d)
    return d.weekday() < 5


def add_workdays(d: date, n: int) -> date:
    """The n-th working day strictly after d (d itself when n == 0)."""
    assert n >= 0
    counted = 0
    while counted < n:
        d += ONE
        if is_workday(d):
            counted += 1
    return d


def workdays_between(a: date, b: date) -> int:
    """Working days in (a, b]; negative when b is before a."""
    if b < a:
        return -workdays_between(b, a)
    count = 0
    d = a
    while d < b:
        d += ONE
        if is_workday(d):
            count += 1
    return count


def workdays_in(a: date, b: date) -> set[date]:
    """The working days of (a, b]."""
    days = set()
    d = a
    while d < b:
        d += ONE
        if is_workday(d):
            days.add(d)
    return days


def span_unknown(a: date, b: date) -> bool:
    """Does any day of (a, b] lie in a year whose arrangement is unknown?"""
    d = a
    while d < b:
        d += ONE
        if not is_known(d.year):
            return True
    return False


def _d(value):
    return None if value is None else date.fromisoformat(value)


def _iso(value):
    return None if value is None else value.isoformat()


# --- one request -----------------------------------------------------------------------------


def receipt_date(rec: dict):
    received = _d(rec.get("received_on"))
    if received is None and rec["channel"] == "in_person":
        received = _d(rec["submitted_on"])
    return received


LIMITS = {"consultation": 15, "fee": 20}  # working days to answer / to pay
LATE = {
    "supplement_requested": "late_supplement_notice",
    "extended": "late_extension",
    "consultation_sent": "late_consultation",
    "fee_notified": "late_fee_notice",
}


def export_fields(rec: dict, as_of: date) -> dict:
    """The computed export fields of contracts/ledger.md (version 2) for one ledger record."""
    received = receipt_date(rec)
    if received is None or received > as_of:
        return {
            "status": "awaiting_confirmation",
            "due_on": None,
            "supplement_notice_due_on": None,
            "overdue": False,
            "closed_on": None,
            "outcome": None,
            "provisional": False,
            "irregularities": [],
        }

    spans = []  # (a, b) spans of working-day arithmetic behind a reported date
    notice_due = add_workdays(received, 7)
    spans.append((received, notice_due))

    start = received  # the day the 20 working days count from
    supplement_pending = False
    late_notice = False  # the supplement notice came after receipt + 7 working days
    closed_on = None
    outcome = None
    no_due = False  # answered on the spot, or abandoned after a notice on time
    paused = set()  # the working days paused by answered letters and paid notices
    letters = []  # still open: [kind, day sent, late?]
    extension = 0
    irregular = []

    def due_now():
        """The due date the events so far give, open letters at their full limit."""
        if no_due or (supplement_pending and not late_notice):
            return None
        days = set(paused)
        for kind, sent, late in letters:
            if not late:
                days |= workdays_in(sent, add_workdays(sent, LIMITS[kind]))
        return add_workdays(start, 20 + len(days) + extension)

    for ev in rec["events"]:
        on = _d(ev["on"])
        if on > as_of or closed_on is not None:
            continue  # not yet known; after closing only reconsideration / litigation remain
        kind = ev["type"]
        if kind == "supplement_requested":
            late = on > notice_due
        elif kind in ("extended", "consultation_sent", "fee_notified"):
            due = due_now()
            late = due is not None and on > due
        else:
            late = False
        if late:
            irregular.append(LATE[kind])
        if kind == "answered_on_spot":
            closed_on, outcome, no_due = on, ev["outcome"], True
        elif kind == "supplement_requested":
            supplement_pending, late_notice = True, late
        elif kind == "supplement_received":
            supplement_pending = False
            if not late_notice:
                # "A fresh 20 working days" (Art. 30): what adjusted the old period goes with it.
                start = on
                paused, letters, extension = set(), [], 0
                spans = spans[:1]
        elif kind == "abandoned":
            supplement_pending = False
            closed_on, outcome, no_due = on, "other.no_supplement", not late_notice
        elif kind in ("consultation_sent", "fee_notified"):
            letters.append(["consultation" if kind == "consultation_sent" else "fee", on, late])
        elif kind in ("consultation_answered", "fee_paid"):
            which = "consultation" if kind == "consultation_answered" else "fee"
            first = next(x for x in letters if x[0] == which)
            letters.remove(first)
            _, sent, was_late = first
            if not was_late:
                end = min(on, add_workdays(sent, LIMITS[which]))
                paused |= workdays_in(sent, end)
                spans.append((sent, end))
        elif kind == "extended" and not late:
            extension = ev["days"]
        elif kind == "replied":
            closed_on, outcome = on, ev["outcome"]
        # reconsideration / litigation / reasons_requested do not touch the clock

    waiting = set()
    for kind, sent, late in letters:
        limit = add_workdays(sent, LIMITS[kind])
        if not late:
            paused |= workdays_in(sent, limit)
            spans.append((sent, limit))
        if as_of <= limit:
            waiting.add(kind)

    if closed_on is not None:
        status = "closed"
    elif supplement_pending:
        status = "awaiting_supplement"
    elif "consultation" in waiting:
        status = "in_consultation"
    elif "fee" in waiting:
        status = "awaiting_fee"
    else:
        status = "in_progress"

    due = None
    if not no_due and not (supplement_pending and not late_notice):
        due = add_workdays(start, 20 + len(paused) + extension)
        spans.append((start, due))
    else:
        # The pauses only matter through due_on.
        spans = spans[:1]

    overdue = False
    if due is not None:
        overdue = (closed_on is None and as_of > due) or (closed_on is not None and closed_on > due)

    return {
        "status": status,
        "due_on": _iso(due),
        "supplement_notice_due_on": _iso(notice_due),
        "overdue": overdue,
        "closed_on": _iso(closed_on),
        "outcome": outcome,
        "provisional": any(span_unknown(a, b) for a, b in spans),
        "irregularities": irregular,
    }


# --- the annual report, tables 三 and 四 --------------------------------------------------------


def _columns() -> dict:
    cols = {t: 0 for t in APPLICANT_TYPES}
    cols["total"] = 0
    return cols


def _count(cols: dict, applicant_type: str) -> None:
    cols[applicant_type] += 1
    cols["total"] += 1


def table3(records: list[dict], year: int) -> dict:
    first, last = date(year, 1, 1), date(year, 12, 31)
    new, carried_over, carried_forward, total = _columns(), _columns(), _columns(), _columns()
    outcomes = {code: _columns() for code in OUTCOMES}
    for rec in records:
        received = receipt_date(rec)
        if received is None:
            continue  # not yet a request in law
        kind = rec["applicant"]["type"]
        final = export_fields(rec, date(9999, 12, 31))
        closed = _d(final["closed_on"])
        if received.year == year:
            _count(new, kind)
        if received < first and (closed is None or closed >= first):
            _count(carried_over, kind)
        if closed is not None and closed.year == year:
            _count(outcomes[final["outcome"]], kind)
            _count(total, kind)
        if received <= last and (closed is None or closed > last):
            _count(carried_forward, kind)
    return {
        "new": new,
        "carried_over": carried_over,
        "outcomes": outcomes,
        "outcomes_total": total,
        "carried_forward": carried_forward,
    }


def table4(records: list[dict], year: int) -> dict:
    rows = {
        name: {r: 0 for r in RESULTS} | {"total": 0}
        for name in ("reconsideration", "litigation_direct", "litigation_after_reconsideration")
    }
    end = date(year, 12, 31)
    for rec in records:
        brought, result = {}, {}
        for ev in rec["events"]:  # in date order
            if ev["type"] == "reconsideration":
                group = "reconsideration"
            elif ev["type"] == "litigation":
                group = "litigation_after_reconsideration" if ev["after_reconsideration"] else "litigation_direct"
            else:
                continue
            on = _d(ev["on"])
            brought.setdefault(group, on)
            if on <= end:
                result[group] = ev["result"]
        for group, on in brought.items():
            if on.year == year:
                rows[group][result[group]] += 1
                rows[group]["total"] += 1
    return rows
