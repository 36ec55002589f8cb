"""The statutory clock of a request (DOMAIN.md §3, contracts/ledger.md): one pure function
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

from .choices import ApplicantType, Channel, EventType, Outcome, ReviewResult, Status

REPLY_DAYS = 20
SUPPLEMENT_NOTICE_DAYS = 7
CONSULTATION_LIMIT_DAYS = 15
FEE_PAYMENT_DAYS = 20
MAX_EXTENSION_DAYS = 20

CLOSING = {EventType.ANSWERED_ON_SPOT, EventType.REPLIED, EventType.ABANDONED}
AFTER_CLOSE_ALLOWED = {EventType.RECONSIDERATION, EventType.LITIGATION}
# Event types the ledger may carry (contracts/ledger.md, plus the fee events of Art. 42).
LEDGER_TYPES = {
    EventType.ANSWERED_ON_SPOT, EventType.SUPPLEMENT_REQUESTED, EventType.SUPPLEMENT_RECEIVED,
    EventType.ABANDONED, EventType.CONSULTATION_SENT, EventType.CONSULTATION_ANSWERED,
    EventType.EXTENDED, EventType.FEE_NOTIFIED, EventType.FEE_PAID, EventType.REPLIED,
    EventType.RECONSIDERATION, EventType.LITIGATION,
}
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


def compute(
    *,
    events: Sequence[Any],
    channel: str,
    submitted_on: date | None,
    received_on: date | None,
    calendar: Calendar,
    as_of: date,
    notes: Mapping[date, str] | None = None,
) -> Clock:
    """Status and every deadline of one request as of `as_of` (events later than it, and a
    receipt later than it, are not yet known). `notes` names calendar days for the
    explanation (holiday names), when the caller has them."""
    cal = _Tracker(calendar)
    evs = sorted((e for e in as_events(events) if e.on <= as_of and e.type in LEDGER_TYPES),
                 key=lambda e: e.on)
    if received_on is None and channel == Channel.IN_PERSON and submitted_on is not None:
        received_on = submitted_on  # Art. 31: in person, the day submitted
    if received_on is not None and received_on > as_of:
        received_on = None

    status = Status.AWAITING_CONFIRMATION
    supplement_notice_due_on = supplement_by = consultation_limit_on = closed_on = None
    outcome: str | None = None
    start = received_on
    start_reason = "receipt" if received_on else ""
    awaiting_supplement = False
    pauses: list[Pause] = []
    open_consultations: list[tuple[date, date, str]] = []
    open_fee: tuple[date, date] | None = None
    extension_days = 0
    extension_on = None
    on_spot = abandoned = False

    if received_on is not None:
        supplement_notice_due_on = cal.add(received_on, SUPPLEMENT_NOTICE_DAYS)

    for ev in evs:
        t = ev.type
        if closed_on is not None:
            continue  # reconsideration / litigation do not touch the clock
        if t == EventType.ANSWERED_ON_SPOT:
            closed_on, outcome, on_spot = ev.on, ev.data.get("outcome"), True
        elif t == EventType.SUPPLEMENT_REQUESTED:
            awaiting_supplement = True
            supplement_by = _d(ev.data.get("supplement_by"))
        elif t == EventType.SUPPLEMENT_RECEIVED:
            awaiting_supplement = False
            start, start_reason = ev.on, "supplement"
            # A pause or extension before the restart belonged to the old period.
            pauses, open_consultations, open_fee = [], [], None
            extension_days, extension_on = 0, None
        elif t == EventType.ABANDONED:
            closed_on, outcome, abandoned = ev.on, Outcome.NO_SUPPLEMENT.value, True
        elif t == EventType.CONSULTATION_SENT:
            # The limit matters only if the pause runs to it; the pause span is tracked.
            limit = calendar.add_workdays(ev.on, CONSULTATION_LIMIT_DAYS)
            open_consultations.append((ev.on, limit, str(ev.data.get("party") or "")))
        elif t == EventType.CONSULTATION_ANSWERED:
            if open_consultations:
                sent, limit, party = open_consultations.pop(0)
                end = min(ev.on, limit)
                pauses.append(Pause("consultation", sent, end, limit, max(cal.between(sent, end), 0), ev.on <= limit, party))
        elif t == EventType.FEE_NOTIFIED:
            open_fee = (ev.on, calendar.add_workdays(ev.on, FEE_PAYMENT_DAYS))
        elif t == EventType.FEE_PAID:
            if open_fee:
                sent, limit = open_fee
                end = min(ev.on, limit)
                pauses.append(Pause("fee", sent, end, limit, max(cal.between(sent, end), 0), ev.on <= limit))
                open_fee = None
        elif t == EventType.EXTENDED:
            extension_days = int(ev.data.get("days") or 0)
            extension_on = ev.on
        elif t == EventType.REPLIED:
            closed_on, outcome = ev.on, ev.data.get("outcome")

    # Unanswered consultations / unpaid fees pause until their limit.
    for sent, limit, party in open_consultations:
        pauses.append(Pause("consultation", sent, limit, limit, cal.between(sent, limit), False, party))
    if open_fee:
        sent, limit = open_fee
        pauses.append(Pause("fee", sent, limit, limit, cal.between(sent, limit), False))
    if open_consultations and closed_on is None:
        consultation_limit_on = max(limit for _, limit, _ in open_consultations)

    due_on = base_due = None
    paused_days = _paused_days(calendar, pauses)
    if start is not None and not awaiting_supplement and not on_spot and not abandoned:
        base_due = cal.add(start, REPLY_DAYS)
        due_on = cal.add(start, REPLY_DAYS + paused_days + extension_days)

    if closed_on is not None:
        status = Status.CLOSED
    elif received_on is None:
        status = Status.AWAITING_CONFIRMATION
    elif awaiting_supplement:
        status = Status.AWAITING_SUPPLEMENT
    elif any(as_of <= limit for _, limit, _ in open_consultations):
        status = Status.IN_CONSULTATION
    else:
        status = Status.IN_PROGRESS

    overdue = bool(due_on) and (
        (closed_on is None and as_of > due_on) or (closed_on is not None and closed_on > due_on)
    )

    skipped: tuple[DayRun, ...] = ()
    makeup: tuple[tuple[date, str], ...] = ()
    if start is not None and due_on is not None:
        skipped = tuple(_runs(calendar, start, due_on, notes or {}))
        makeup = tuple((d, (notes or {}).get(d, "调休上班")) for d in calendar.makeup_workdays_between(start, due_on))

    explanation = Explanation(
        receipt=received_on, start=start, start_reason=start_reason, base_days=REPLY_DAYS, base_due=base_due,
        pauses=tuple(pauses), extension_days=extension_days, extension_on=extension_on, skipped=skipped,
        makeup_days=makeup, unknown_years=tuple(sorted(cal.unknown)), paused_days=paused_days,
    )
    return Clock(
        status=status.value if hasattr(status, "value") else status,
        due_on=due_on,
        supplement_notice_due_on=supplement_notice_due_on,
        supplement_by=supplement_by,
        consultation_limit_on=consultation_limit_on,
        closed_on=closed_on,
        outcome=outcome,
        overdue=overdue,
        provisional=bool(cal.unknown),
        explanation=explanation,
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
            merged = prev.note if note == prev.note or note == "周末" else (note if prev.note == "周末" else f"{prev.note}、{note}")
            runs[-1] = DayRun(prev.first, d, prev.days + 1, merged)
        else:
            runs.append(DayRun(d, d, 1, note))
    return runs


# --- consistency of a history (shared by the importer and the staff services) -----------


@dataclass(frozen=True)
class Problem:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}：{self.message}"


OUTCOMES = {c.value for c in Outcome}
RESULTS = {c.value for c in ReviewResult}
APPLICANT_TYPES = {c.value for c in ApplicantType}
CHANNELS = {c.value for c in Channel}


def _bad_date(value: Any) -> str | None:
    """A Chinese reason when `value` is not an ISO date inside the calendar's range."""
    if isinstance(value, date):
        d = value
    else:
        if not isinstance(value, str):
            return "应为 YYYY-MM-DD 格式的日期"
        try:
            d = date.fromisoformat(value)
        except ValueError:
            return f"“{value}”不是有效日期（应为 YYYY-MM-DD）"
        if len(value) != 10:
            return f"“{value}”不是有效日期（应为 YYYY-MM-DD）"
    if not (date(1990, 1, 1) <= d <= date(2100, 12, 31)):
        return f"日期 {d:%Y-%m-%d} 超出可处理范围（1990—2100年）"
    return None


def validate_history(
    *, channel: str, submitted_on: Any, received_on: Any, events: Sequence[Mapping[str, Any]],
    calendar: Calendar | None = None,
) -> list[Problem]:
    """Every inconsistency of a request's history, as (field, Chinese message) pairs.

    `events` are dicts in the ledger's format ({"type":…, "on":…, …}); dates may be ISO
    strings or date objects. An empty list means the history can be stored."""
    problems: list[Problem] = []

    def bad(fieldname: str, message: str) -> None:
        problems.append(Problem(fieldname, message))

    if channel not in CHANNELS:
        bad("channel", f"申请方式“{channel}”无效，应为 {', '.join(sorted(CHANNELS))} 之一")
    sub = rec = None
    if submitted_on in (None, ""):
        bad("submitted_on", "缺少提交日期")
    elif (msg := _bad_date(submitted_on)) is not None:
        bad("submitted_on", msg)
    else:
        sub = _d(submitted_on)
    if received_on in (None, ""):
        if channel in (Channel.IN_PERSON, Channel.REGISTERED_MAIL):
            bad("received_on", "当面申请和挂号信申请必须有收到申请日期（第三十一条）")
    elif (msg := _bad_date(received_on)) is not None:
        bad("received_on", msg)
    else:
        rec = _d(received_on)
        if sub and rec < sub:
            bad("received_on", f"收到申请日期 {rec} 早于提交日期 {sub}")
    if problems:
        return problems
    if not isinstance(events, (list, tuple)):
        return [Problem("events", "办理记录应为列表")]

    # First the shape of every event and their order, then what they mean.
    prev_on = None
    for i, ev in enumerate(events):
        f = f"events[{i}]"
        if not isinstance(ev, Mapping):
            return [Problem(f, "每条办理记录应为对象")]
        t = ev.get("type")
        if t not in LEDGER_TYPES:
            return [Problem(f"{f}.type", f"未知的事项类型“{t}”")]
        label = EventType(t).label
        if ev.get("on") in (None, ""):
            return [Problem(f"{f}.on", f"“{label}”缺少日期")]
        if (msg := _bad_date(ev.get("on"))) is not None:
            return [Problem(f"{f}.on", msg)]
        on = _d(ev["on"])
        if prev_on and on < prev_on:
            return [Problem(f"{f}.on", f"办理记录未按日期排列：“{label}”（{on}）早于前一条记录（{prev_on}）")]
        prev_on = on

    closed_on = None
    closed_by = None
    extensions = supplement_requests = 0
    awaiting_supplement = False
    supplement_by = None
    open_consultations = 0
    fee_open = False
    for i, ev in enumerate(events):
        f = f"events[{i}]"
        t = ev["type"]
        label = EventType(t).label
        on = _d(ev["on"])
        if rec is None:
            bad(f"{f}.type", f"申请尚未确认收到（无收到申请日期），不能记录“{label}”")
            return problems
        if on < rec:
            bad(f"{f}.on", f"“{label}”的日期 {on} 早于收到申请日期 {rec}")
            return problems
        if closed_on is not None and t not in AFTER_CLOSE_ALLOWED:
            if t in (EventType.REPLIED, EventType.ANSWERED_ON_SPOT) and closed_by in (EventType.REPLIED, EventType.ANSWERED_ON_SPOT):
                bad(f"{f}.type", f"申请已于 {closed_on} 答复，不能再次答复")
            else:
                bad(f"{f}.type", f"申请已于 {closed_on} 办结，之后只能记录行政复议或行政诉讼，不能记录“{label}”")
            return problems
        if t in (EventType.ANSWERED_ON_SPOT, EventType.REPLIED):
            outcome = ev.get("outcome")
            if not outcome:
                bad(f"{f}.outcome", f"“{label}”必须注明办理结果代码")
                return problems
            if outcome not in OUTCOMES:
                bad(f"{f}.outcome", f"未知的办理结果代码“{outcome}”")
                return problems
        if t == EventType.ANSWERED_ON_SPOT:
            if on != rec or i != 0:
                bad(f"{f}.on", "当场答复只能是收到申请当日的第一条记录")
                return problems
            closed_on, closed_by = on, t
        elif t == EventType.REPLIED:
            closed_on, closed_by = on, t
        elif t == EventType.SUPPLEMENT_REQUESTED:
            supplement_requests += 1
            if supplement_requests > 1:
                bad(f"{f}.type", "补正只能告知一次（第三十条），不能再次告知补正")
                return problems
            sb = ev.get("supplement_by")
            if sb in (None, ""):
                bad(f"{f}.supplement_by", "告知补正必须注明补正期限（supplement_by）")
                return problems
            if (msg := _bad_date(sb)) is not None:
                bad(f"{f}.supplement_by", msg)
                return problems
            supplement_by = _d(sb)
            if supplement_by < on:
                bad(f"{f}.supplement_by", f"补正期限 {supplement_by} 早于告知补正日期 {on}")
                return problems
            if open_consultations:
                bad(f"{f}.type", "征求意见期间不能告知补正")
                return problems
            awaiting_supplement = True
        elif t == EventType.SUPPLEMENT_RECEIVED:
            if not awaiting_supplement:
                bad(f"{f}.type", "没有待补正的告知，不能记录“收到补正”")
                return problems
            awaiting_supplement = False
        elif t == EventType.ABANDONED:
            if not awaiting_supplement:
                bad(f"{f}.type", "只有告知补正后未按期补正的申请才能视为放弃")
                return problems
            if supplement_by and on <= supplement_by:
                bad(f"{f}.on", f"补正期限 {supplement_by} 尚未届满，{on} 不能视为放弃")
                return problems
            closed_on, closed_by = on, t
        elif t in (EventType.CONSULTATION_SENT, EventType.EXTENDED, EventType.FEE_NOTIFIED) and awaiting_supplement:
            bad(f"{f}.type", f"申请正在等待补正，不能记录“{label}”")
            return problems
        if t == EventType.CONSULTATION_SENT:
            open_consultations += 1
        elif t == EventType.CONSULTATION_ANSWERED:
            if open_consultations == 0:
                bad(f"{f}.type", "没有发出的征求意见函，不能记录“收到征求意见答复”")
                return problems
            open_consultations -= 1
        elif t == EventType.EXTENDED:
            extensions += 1
            if extensions > 1:
                bad(f"{f}.type", "每件申请只能延期答复一次（第三十三条）")
                return problems
            days = ev.get("days")
            if isinstance(days, bool) or not isinstance(days, int):
                bad(f"{f}.days", "延期天数应为 1 至 20 的整数")
                return problems
            if not 1 <= days <= MAX_EXTENSION_DAYS:
                bad(f"{f}.days", f"延期天数 {days} 无效：延长期限最长不得超过 20 个工作日（第三十三条）")
                return problems
        elif t == EventType.FEE_NOTIFIED:
            amount = ev.get("amount")
            if isinstance(amount, bool) or not isinstance(amount, (int, float)) or amount < 0:
                bad(f"{f}.amount", "收费金额应为不小于 0 的数字（元）")
                return problems
            fee_open = True
        elif t == EventType.FEE_PAID:
            if not fee_open:
                bad(f"{f}.type", "没有收费通知，不能记录“缴纳费用”")
                return problems
            fee_open = False
        elif t in AFTER_CLOSE_ALLOWED:
            # No "must be closed first": Art. 51 lets an applicant challenge a request that
            # went unanswered past its due date, and contracts/ledger.md refuses only the
            # histories it lists. Refusing it would reject a whole valid ledger (all or none).
            if ev.get("result") not in RESULTS:
                bad(f"{f}.result", f"结果“{ev.get('result')}”无效，应为 upheld、corrected、other、pending 之一")
                return problems
            if t == EventType.LITIGATION and not isinstance(ev.get("after_reconsideration"), bool):
                bad(f"{f}.after_reconsideration", "行政诉讼必须注明是否经复议后起诉（true/false）")
                return problems
    return problems
