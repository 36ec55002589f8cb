"""The statutory clock of a request (docs/domain.md §3, docs/cli.md): one pure function
of the event log and a working-day calendar. No database access; the model layer feeds
it and caches the result on the row.

How the rules combine (decided here, applied everywhere):

* The reply period is 20 working days counted from the clock's start, not counting the
  start day: the receipt date (Art. 31), or the day the supplemented request arrives
  (Art. 30: a fresh 20 working days).
* Each consultation (Art. 32–34) pauses the clock for the working days strictly after the
  day the letter is sent, up to and including the day the answer arrives, or the party's
  15-working-day limit if that is sooner or no answer came. Each fee notice (国办函〔2020〕
  109号) pauses it likewise until payment, bounded by the 20-working-day payment limit.
* The extension (Art. 33) adds its days "counted on from the original last day": the last
  day as it stands after the pauses. Working-day addition is associative, so
  due_on = start + (20 + pause days + extension days) working days, whatever the order
  in which the pause and the extension were recorded. Pauses can overlap (letters to
  several parties); a paused working day counts once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from portal.workdays import Calendar

from . import lifecycle
from .choices import ApplicantType, Channel, EventType, Irregularity, Outcome, Status
from .lifecycle import LEDGER_TYPES, OUTCOMES, RESULTS, Problem, bad_date

__all__ = [
    "LEDGER_TYPES",
    "OUTCOMES",
    "RESULTS",
    "Clock",
    "LateStep",
    "Problem",
    "as_events",
    "bad_date",
    "compute",
    "validate_history",
]

REPLY_DAYS = 20
SUPPLEMENT_NOTICE_DAYS = 7
CONSULTATION_LIMIT_DAYS = 15
FEE_PAYMENT_DAYS = 20
MAX_EXTENSION_DAYS = 20

UNCONFIRMED_CHANNELS = {Channel.ONLINE, Channel.FAX, Channel.LETTER}


@dataclass(frozen=True)
class Event:
    type: str
    on: date
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Pause:
    kind: str  # "consultation" or "fee"
    started_on: date  # the day the letter / notice was sent (not counted)
    ended_on: date  # last paused day (answer, payment, or the limit)
    limit_on: date
    days: int
    answered: bool
    party: str = ""


@dataclass(frozen=True)
class DayRun:
    """Consecutive non-working days skipped by the clock."""

    first: date
    last: date
    days: int
    note: str


@dataclass(frozen=True)
class Explanation:
    receipt: date | None
    start: date | None
    start_reason: str  # "receipt" | "supplement" | ""
    base_days: int
    base_due: date | None
    pauses: tuple[Pause, ...]
    extension_days: int
    extension_on: date | None
    skipped: tuple[DayRun, ...]
    makeup_days: tuple[tuple[date, str], ...]
    unknown_years: tuple[int, ...]
    paused_days: int = 0  # working days paused, overlapping pauses counted once


@dataclass(frozen=True)
class Clock:
    status: str
    due_on: date | None
    supplement_notice_due_on: date | None
    supplement_by: date | None
    consultation_limit_on: date | None
    closed_on: date | None
    outcome: str | None
    overdue: bool
    provisional: bool
    explanation: Explanation
    irregularities: tuple[LateStep, ...] = ()

    @property
    def awaiting_confirmation(self) -> bool:
        return self.status == Status.AWAITING_CONFIRMATION

    @property
    def awaiting_supplement(self) -> bool:
        return self.status == Status.AWAITING_SUPPLEMENT

    @property
    def is_closed(self) -> bool:
        return self.status == Status.CLOSED

    @property
    def irregularity_codes(self) -> list[str]:
        """The export's `irregularities`: the late steps' codes, in event order."""
        return [late.code for late in self.irregularities]


def _d(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def as_events(items: Iterable[Any]) -> list[Event]:
    """Events from model rows, dicts of the ledger format, or Event objects."""
    out = []
    for item in items:
        if isinstance(item, Event):
            out.append(item)
        elif isinstance(item, Mapping):
            data = {k: v for k, v in item.items() if k not in ("type", "on")}
            out.append(Event(type=item["type"], on=_d(item["on"]), data=data))
        else:
            out.append(Event(type=item.type, on=item.on, data=dict(item.data or {})))
    return out


class _Tracker:
    """Wraps the calendar and remembers which unknown years any computed span touched."""

    def __init__(self, calendar: Calendar) -> None:
        self.cal = calendar
        self.unknown: set[int] = set()

    def add(self, d: date, n: int) -> date:
        result = self.cal.add_workdays(d, n)
        self.unknown.update(self.cal.unknown_years(d, result))
        return result

    def between(self, a: date, b: date) -> int:
        self.unknown.update(self.cal.unknown_years(a, b))
        return self.cal.workdays_between(a, b)


@dataclass(frozen=True)
class LateStep:
    """A step the office took after its limit (docs/domain.md §3, "The office's own steps must be
    on time"): kept as it happened, it moves nothing."""

    code: str  # an Irregularity value
    index: int  # position of the step among the events the clock read
    on: date
    limit: date  # the last day on which it would have been on time

    @property
    def label(self) -> str:
        return Irregularity(self.code).label


@dataclass
class _Letter:
    """A consultation letter or a fee notice still awaiting its answer or payment."""

    kind: str  # "consultation" or "fee"
    sent: date
    limit: date
    party: str
    late: bool


LETTER_LIMITS = {"consultation": CONSULTATION_LIMIT_DAYS, "fee": FEE_PAYMENT_DAYS}
LATE_CODES = {
    EventType.SUPPLEMENT_REQUESTED: Irregularity.LATE_SUPPLEMENT_NOTICE,
    EventType.EXTENDED: Irregularity.LATE_EXTENSION,
    EventType.CONSULTATION_SENT: Irregularity.LATE_CONSULTATION,
    EventType.FEE_NOTIFIED: Irregularity.LATE_FEE_NOTICE,
}


class _Run:
    """The clock's state while it reads the events in date order. One method per event
    type (the `STEPS` table below); `compute` only feeds it and reads it out."""

    def __init__(self, cal: _Tracker, received_on: date | None) -> None:
        self.cal = cal
        self.received_on = received_on
        self.start = received_on
        self.start_reason = "receipt" if received_on else ""
        self.notice_due = cal.add(received_on, SUPPLEMENT_NOTICE_DAYS) if received_on else None
        self.awaiting_supplement = self.late_supplement = False
        self.supplement_by: date | None = None
        self.closed_on: date | None = None
        self.outcome: str | None = None
        self.no_due = False  # answered on the spot, or abandoned after a notice on time
        self.pauses: list[Pause] = []
        self.open: list[_Letter] = []
        self.extension_days, self.extension_on = 0, None
        self.late: list[LateStep] = []

    # --- what the law counts -----------------------------------------------------------

    def clock_stopped(self) -> bool:
        """No reply period runs: awaiting a supplement asked for on time (it restarts when
        the supplement arrives), or closed without one (on the spot, abandoned)."""
        return self.start is None or self.no_due or (self.awaiting_supplement and not self.late_supplement)

    def open_pauses(self, *, tracked: bool) -> list[Pause]:
        """Letters still out pause the clock up to their limit; a late one pauses nothing."""
        between = self.cal.between if tracked else self.cal.cal.workdays_between
        return [
            Pause(o.kind, o.sent, o.limit, o.limit, between(o.sent, o.limit), False, o.party)
            for o in self.open
            if not o.late
        ]

    def due_in_force(self) -> date | None:
        """The due date as the events so far make it, an open pause at its full limit;
        plain calendar arithmetic (it decides lateness, it is not a reported date)."""
        if self.clock_stopped():
            return None
        paused = _paused_days(self.cal.cal, [*self.pauses, *self.open_pauses(tracked=False)])
        return self.cal.cal.add_workdays(self.start, REPLY_DAYS + paused + self.extension_days)

    def is_late(self, index: int, ev: Event, limit: date | None) -> bool:
        if limit is None or ev.on <= limit:
            return False
        self.late.append(LateStep(LATE_CODES[ev.type].value, index, ev.on, limit))
        return True

    # --- one method per event type ------------------------------------------------------

    def on_spot(self, i: int, ev: Event) -> None:
        self.closed_on, self.outcome, self.no_due = ev.on, ev.data.get("outcome"), True

    def supplement_requested(self, i: int, ev: Event) -> None:
        self.late_supplement = self.is_late(i, ev, self.notice_due)
        self.awaiting_supplement = True
        self.supplement_by = _d(ev.data.get("supplement_by"))

    def supplement_received(self, i: int, ev: Event) -> None:
        self.awaiting_supplement = False
        if self.late_supplement:
            return  # a late notice restarts nothing
        self.start, self.start_reason = ev.on, "supplement"
        # A pause or extension before the restart belonged to the old period.
        self.pauses, self.open = [], []
        self.extension_days, self.extension_on = 0, None

    def abandoned(self, i: int, ev: Event) -> None:
        self.closed_on, self.outcome = ev.on, Outcome.NO_SUPPLEMENT.value
        self.no_due = not self.late_supplement
        self.awaiting_supplement = False

    def letter_sent(self, i: int, ev: Event) -> None:
        kind = "fee" if ev.type == EventType.FEE_NOTIFIED else "consultation"
        late = self.is_late(i, ev, self.due_in_force())
        limit = self.cal.cal.add_workdays(ev.on, LETTER_LIMITS[kind])
        self.open.append(_Letter(kind, ev.on, limit, str(ev.data.get("party") or ""), late))

    def letter_answered(self, i: int, ev: Event) -> None:
        """An answer (or payment) closes the earliest open letter of its kind."""
        kind = "fee" if ev.type == EventType.FEE_PAID else "consultation"
        letter = next((o for o in self.open if o.kind == kind), None)
        if letter is None:
            return
        self.open.remove(letter)
        if not letter.late:
            end = min(ev.on, letter.limit)
            days = max(self.cal.between(letter.sent, end), 0)
            self.pauses.append(Pause(kind, letter.sent, end, letter.limit, days, ev.on <= letter.limit, letter.party))

    def extended(self, i: int, ev: Event) -> None:
        if not self.is_late(i, ev, self.due_in_force()):
            self.extension_days, self.extension_on = int(ev.data.get("days") or 0), ev.on

    def replied(self, i: int, ev: Event) -> None:
        self.closed_on, self.outcome = ev.on, ev.data.get("outcome")

    def nothing(self, i: int, ev: Event) -> None:
        return None

    # --- read-out -------------------------------------------------------------------------

    def status(self, as_of: date) -> str:
        waiting = {o.kind for o in self.open if as_of <= o.limit}
        if self.closed_on is not None:
            return Status.CLOSED
        if self.received_on is None:
            return Status.AWAITING_CONFIRMATION
        if self.awaiting_supplement:
            return Status.AWAITING_SUPPLEMENT
        if "consultation" in waiting:  # a consultation and a fee notice at once
            return Status.IN_CONSULTATION
        if "fee" in waiting:
            return Status.AWAITING_FEE
        return Status.IN_PROGRESS


STEPS = {
    EventType.ANSWERED_ON_SPOT: _Run.on_spot,
    EventType.SUPPLEMENT_REQUESTED: _Run.supplement_requested,
    EventType.SUPPLEMENT_RECEIVED: _Run.supplement_received,
    EventType.ABANDONED: _Run.abandoned,
    EventType.CONSULTATION_SENT: _Run.letter_sent,
    EventType.CONSULTATION_ANSWERED: _Run.letter_answered,
    EventType.FEE_NOTIFIED: _Run.letter_sent,
    EventType.FEE_PAID: _Run.letter_answered,
    EventType.EXTENDED: _Run.extended,
    EventType.REPLIED: _Run.replied,
    EventType.REASONS_REQUESTED: _Run.nothing,
    EventType.RECONSIDERATION: _Run.nothing,
    EventType.LITIGATION: _Run.nothing,
}


def compute(
    *,
    events: Sequence[Any],
    channel: str,
    submitted_on: date | None,
    received_on: date | None,
    calendar: Calendar,
    as_of: date,
    notes: Mapping[date, str] | None = None,
    explain: bool = True,
) -> Clock:
    """Status and every deadline of one request as of `as_of` (events later than it, and a
    receipt later than it, are not yet known). `notes` names calendar days for the
    explanation (holiday names), when the caller has them. `explain=False` leaves out the
    skipped days and make-up working days of the explanation (two thirds of the cost),
    for callers that only cache the dates: the bulk import and the daily recompute."""
    cal = _Tracker(calendar)
    evs = sorted((e for e in as_events(events) if e.on <= as_of and e.type in LEDGER_TYPES), key=lambda e: e.on)
    if received_on is None and channel == Channel.IN_PERSON and submitted_on is not None:
        received_on = submitted_on  # Art. 31: in person, the day submitted
    if received_on is not None and received_on > as_of:
        received_on = None

    run = _Run(cal, received_on)
    for i, ev in enumerate(evs):
        if run.closed_on is None:  # reconsideration / litigation do not touch the clock
            STEPS[ev.type](run, i, ev)

    pauses = [*run.pauses, *run.open_pauses(tracked=True)]
    paused_days = _paused_days(calendar, pauses)
    due_on = base_due = None
    if not run.clock_stopped():
        base_due = cal.add(run.start, REPLY_DAYS)
        due_on = cal.add(run.start, REPLY_DAYS + paused_days + run.extension_days)
    closed_on = run.closed_on
    overdue = bool(due_on) and (
        (closed_on is None and as_of > due_on) or (closed_on is not None and closed_on > due_on)
    )
    consultation_limit_on = None
    if closed_on is None:
        consultation_limit_on = max((o.limit for o in run.open if o.kind == "consultation"), default=None)

    skipped: tuple[DayRun, ...] = ()
    makeup: tuple[tuple[date, str], ...] = ()
    if explain and run.start is not None and due_on is not None:
        skipped = tuple(_runs(calendar, run.start, due_on, notes or {}))
        makeup = tuple(
            (d, (notes or {}).get(d, "调休上班")) for d in calendar.makeup_workdays_between(run.start, due_on)
        )

    explanation = Explanation(
        receipt=received_on,
        start=run.start,
        start_reason=run.start_reason,
        base_days=REPLY_DAYS,
        base_due=base_due,
        pauses=tuple(pauses),
        extension_days=run.extension_days,
        extension_on=run.extension_on,
        skipped=skipped,
        makeup_days=makeup,
        unknown_years=tuple(sorted(cal.unknown)),
        paused_days=paused_days,
    )
    return Clock(
        status=str(run.status(as_of)),
        due_on=due_on,
        supplement_notice_due_on=run.notice_due,
        supplement_by=run.supplement_by,
        consultation_limit_on=consultation_limit_on,
        closed_on=closed_on,
        outcome=run.outcome,
        overdue=overdue,
        provisional=bool(cal.unknown),
        explanation=explanation,
        irregularities=tuple(run.late),
    )


def _paused_days(calendar: Calendar, pauses: Iterable[Pause]) -> int:
    """Working days on which the clock stood still. Letters to several parties (and a fee
    notice) can be out at the same time; a day is either counted or not (Art. 32–34: the
    time spent consulting is not counted), so a day inside two pauses counts once."""
    days: set[date] = set()
    for p in pauses:
        d = p.started_on
        while d < p.ended_on:
            d += timedelta(days=1)
            if calendar.is_workday(d):
                days.add(d)
    return len(days)


def _runs(calendar: Calendar, a: date, b: date, notes: Mapping[date, str]) -> list[DayRun]:
    """Non-working days in (a, b], grouped into runs, each named (holiday or 周末)."""
    runs: list[DayRun] = []
    for d in calendar.non_workdays_between(a, b):
        note = notes.get(d) or ("周末" if d.weekday() >= 5 else "节假日")
        prev = runs[-1] if runs else None
        if prev and prev.last + timedelta(days=1) == d:
            merged = (
                prev.note
                if note == prev.note or note == "周末"
                else (note if prev.note == "周末" else f"{prev.note}、{note}")
            )
            runs[-1] = DayRun(prev.first, d, prev.days + 1, merged)
        else:
            runs.append(DayRun(d, d, 1, note))
    return runs


# --- consistency of a history (shared by the importer and the staff services) -----------

APPLICANT_TYPES = {c.value for c in ApplicantType}
CHANNELS = {c.value for c in Channel}


def _check_dates(channel: str, submitted_on: Any, received_on: Any) -> list[Problem]:
    """The request's own fields: the channel, the submission and the receipt (Art. 31)."""
    problems: list[Problem] = []
    if channel not in CHANNELS:
        problems.append(Problem("channel", f"申请方式“{channel}”无效，应为 {', '.join(sorted(CHANNELS))} 之一"))
    sub = None
    if submitted_on in (None, ""):
        problems.append(Problem("submitted_on", "缺少提交日期"))
    elif (msg := bad_date(submitted_on)) is not None:
        problems.append(Problem("submitted_on", msg))
    else:
        sub = _d(submitted_on)
    if received_on in (None, ""):
        if channel in (Channel.IN_PERSON, Channel.REGISTERED_MAIL):
            problems.append(Problem("received_on", "当面申请和挂号信申请必须有收到申请日期（第三十一条）"))
    elif (msg := bad_date(received_on)) is not None:
        problems.append(Problem("received_on", msg))
    elif sub and _d(received_on) < sub:
        problems.append(Problem("received_on", f"收到申请日期 {_d(received_on)} 早于提交日期 {sub}"))
    return problems


def _check_shape(events: Sequence[Any]) -> Problem | None:
    """Every event an object of a known type with a valid date, in date order."""
    if not isinstance(events, (list, tuple)):
        return Problem("events", "办理记录应为列表")
    prev_on = None
    for i, ev in enumerate(events):
        f = f"events[{i}]"
        if not isinstance(ev, Mapping):
            return Problem(f, "每条办理记录应为对象")
        t = ev.get("type")
        if t not in LEDGER_TYPES:
            return Problem(f"{f}.type", f"未知的事项类型“{t}”")
        label = EventType(t).label
        if ev.get("on") in (None, ""):
            return Problem(f"{f}.on", f"“{label}”缺少日期")
        if (msg := bad_date(ev.get("on"))) is not None:
            return Problem(f"{f}.on", msg)
        on = _d(ev["on"])
        if prev_on and on < prev_on:
            return Problem(f"{f}.on", f"办理记录未按日期排列：“{label}”（{on}）早于前一条记录（{prev_on}）")
        prev_on = on
    return None


def validate_history(
    *,
    channel: str,
    submitted_on: Any,
    received_on: Any,
    events: Sequence[Mapping[str, Any]],
    calendar: Calendar | None = None,
    staff: bool = False,
) -> list[Problem]:
    """Every inconsistency of a request's history, as (field, Chinese message) pairs.

    `events` are dicts in the ledger's format ({"type":…, "on":…, …}); dates may be ISO
    strings or date objects. An empty list means the history can be stored. Each step is
    checked against the lifecycle table (`lifecycle.RULES`); `staff` adds the rules that
    bind the staff screens but not an imported history (Art. 35). Late steps are not
    inconsistencies: the clock lists them (`Clock.irregularities`)."""
    if problems := _check_dates(channel, submitted_on, received_on):
        return problems
    if (problem := _check_shape(events)) is not None:
        return [problem]
    history = lifecycle.History(received_on=_d(received_on))
    for i, ev in enumerate(events):
        if (problem := lifecycle.check_step(history, ev, f"events[{i}]", staff=staff)) is not None:
            return [problem]
        lifecycle.record_step(history, ev)
    return []
