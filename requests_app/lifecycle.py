"""The request lifecycle as one table: for each event type, what the history must hold
before it (its precondition), what its own fields must be, and what it changes.

`deadlines.validate_history` (the importer and every staff service), the staff screens'
`available_actions` and the staff dispatch all read `RULES`; nothing else encodes the
order of a request's steps. Pure: no database, no calendar (lateness, which needs the
calendar, is the clock's business: `deadlines.compute` lists late steps as
irregularities and the staff services refuse them).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .choices import ConsultationKind, EventType, FeeMethod, Outcome, ReviewResult

MAX_EXTENSION_DAYS = 20
CLOSING = {EventType.ANSWERED_ON_SPOT, EventType.REPLIED, EventType.ABANDONED}
REPLIES = {EventType.ANSWERED_ON_SPOT, EventType.REPLIED}
AFTER_CLOSE_ALLOWED = {EventType.RECONSIDERATION, EventType.LITIGATION}
OUTCOMES = {c.value for c in Outcome}
RESULTS = {c.value for c in ReviewResult}
CONSULTATION_KINDS = {c.value for c in ConsultationKind}
FEE_METHODS = {c.value for c in FeeMethod}

# The ledger names the fee amount `amount_yuan`; stored event data has always called it
# `amount` (the annual report's fee sums and the letters read that key).
LEDGER_TO_DATA = {"amount_yuan": "amount"}
DATA_TO_LEDGER = {v: k for k, v in LEDGER_TO_DATA.items()}


def to_data(ledger_event: Mapping[str, Any]) -> dict[str, Any]:
    """The stored `data` of a ledger event (without `type` and `on`)."""
    return {LEDGER_TO_DATA.get(k, k): v for k, v in ledger_event.items() if k not in ("type", "on")}


def to_ledger(type_: str, on: Any, data: Mapping[str, Any] | None) -> dict[str, Any]:
    """A stored event in the ledger's format."""
    return {
        "type": type_,
        "on": on,
        **{DATA_TO_LEDGER.get(k, k): v for k, v in (data or {}).items() if k not in ("type", "on")},
    }


@dataclass(frozen=True)
class Problem:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}：{self.message}"


@dataclass
class History:
    """What the history so far holds, as far as the next step's precondition cares."""

    received_on: date | None
    count: Counter = field(default_factory=Counter)
    closed_on: date | None = None
    closed_by: str | None = None
    awaiting_supplement: bool = False
    supplement_by: date | None = None
    open_consultations: int = 0
    unpaid_fees: int = 0
    fee_method: str | None = None

    @property
    def empty(self) -> bool:
        return not self.count


Check = Callable[[History, Mapping[str, Any], str], "Problem | None"]


@dataclass(frozen=True)
class Rule:
    """One row of the table. `precondition` sees only the history (so a screen can ask it
    before anything is typed) and returns the Chinese reason the step is not possible now;
    `check` sees the step's own fields; `apply` records the step in the history."""

    precondition: Callable[[History], str | None]
    check: Check
    apply: Callable[[History, Mapping[str, Any]], None]


def _d(value: Any) -> date | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def bad_date(value: Any) -> str | None:
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


def _label(t: str) -> str:
    return EventType(t).label


# --- preconditions ----------------------------------------------------------------------


def _always(h: History) -> None:
    return None


def _not_awaiting_supplement(t: str) -> Callable[[History], str | None]:
    def pre(h: History) -> str | None:
        return f"申请正在等待补正，不能记录“{_label(t)}”" if h.awaiting_supplement else None

    return pre


def _pre_on_spot(h: History) -> str | None:
    return None if h.empty else "当场答复只能是收到申请当日的第一条记录"


def _pre_supplement_requested(h: History) -> str | None:
    if h.count[EventType.SUPPLEMENT_REQUESTED]:
        return "补正只能告知一次（第三十条），不能再次告知补正"
    if h.open_consultations:
        return "征求意见期间不能告知补正"
    if h.unpaid_fees:
        return "收费通知尚未缴费期间不能告知补正"
    return None


def _pre_awaiting(t: str) -> Callable[[History], str | None]:
    reasons = {
        EventType.SUPPLEMENT_RECEIVED: "没有待补正的告知，不能记录“收到补正”",
        EventType.ABANDONED: "只有告知补正后未按期补正的申请才能视为放弃",
    }

    def pre(h: History) -> str | None:
        return None if h.awaiting_supplement else reasons[t]

    return pre


def _pre_consultation_answered(h: History) -> str | None:
    return None if h.open_consultations else "没有发出的征求意见函，不能记录“收到征求意见答复”"


def _pre_extended(h: History) -> str | None:
    if h.count[EventType.EXTENDED]:
        return "每件申请只能延期答复一次（第三十三条）"
    return _not_awaiting_supplement(EventType.EXTENDED)(h)


def _pre_fee_notified(h: History) -> str | None:
    if h.unpaid_fees:
        return "已发出的收费通知尚未缴费，不能再次发出收费通知"
    return _not_awaiting_supplement(EventType.FEE_NOTIFIED)(h)


def _pre_fee_paid(h: History) -> str | None:
    return None if h.unpaid_fees else "没有未缴费的收费通知，不能记录“缴纳费用”"


# --- the step's own fields --------------------------------------------------------------


def _no_fields(h: History, ev: Mapping[str, Any], f: str) -> None:
    return None


def _check_outcome(h: History, ev: Mapping[str, Any], f: str) -> Problem | None:
    """An outcome needs its history (docs/domain.md §3): "still unclear" and "no supplement" a
    supplement notice, "unpaid fee" a fee notice that was never paid."""
    outcome = ev.get("outcome")
    if not outcome:
        return Problem(f"{f}.outcome", f"“{_label(ev['type'])}”必须注明办理结果代码")
    if outcome not in OUTCOMES:
        return Problem(f"{f}.outcome", f"未知的办理结果代码“{outcome}”")
    label = Outcome(outcome).label
    if outcome in (Outcome.STILL_UNCLEAR, Outcome.NO_SUPPLEMENT) and not h.count[EventType.SUPPLEMENT_REQUESTED]:
        return Problem(f"{f}.outcome", f"没有告知补正的记录，办理结果不能是“{label}”（第三十条）")
    if outcome == Outcome.UNPAID_FEE and not h.unpaid_fees:
        return Problem(f"{f}.outcome", f"没有未缴费的收费通知，办理结果不能是“{label}”")
    return None


def _check_on_spot(h: History, ev: Mapping[str, Any], f: str) -> Problem | None:
    if _d(ev["on"]) != h.received_on:
        return Problem(f"{f}.on", "当场答复只能是收到申请当日的第一条记录")
    return _check_outcome(h, ev, f)


def _check_supplement_requested(h: History, ev: Mapping[str, Any], f: str) -> Problem | None:
    sb = ev.get("supplement_by")
    if sb in (None, ""):
        return Problem(f"{f}.supplement_by", "告知补正必须注明补正期限（supplement_by）")
    if (msg := bad_date(sb)) is not None:
        return Problem(f"{f}.supplement_by", msg)
    if _d(sb) < _d(ev["on"]):
        return Problem(f"{f}.supplement_by", f"补正期限 {_d(sb)} 早于告知补正日期 {_d(ev['on'])}")
    return None


def _check_abandoned(h: History, ev: Mapping[str, Any], f: str) -> Problem | None:
    on = _d(ev["on"])
    if h.supplement_by and on <= h.supplement_by:
        return Problem(f"{f}.on", f"补正期限 {h.supplement_by} 尚未届满，{on} 不能视为放弃")
    return None


def _check_consultation_sent(h: History, ev: Mapping[str, Any], f: str) -> Problem | None:
    kind = ev.get("kind")
    if kind is not None and kind not in CONSULTATION_KINDS:
        return Problem(f"{f}.kind", f"征求意见类型“{kind}”无效，应为 third_party（第三方）或 agency（其他机关）")
    return None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_extended(h: History, ev: Mapping[str, Any], f: str) -> Problem | None:
    days = ev.get("days")
    if not _is_int(days):
        return Problem(f"{f}.days", "延期天数应为 1 至 20 的整数")
    if not 1 <= days <= MAX_EXTENSION_DAYS:
        return Problem(f"{f}.days", f"延期天数 {days} 无效：延长期限最长不得超过 20 个工作日（第三十三条）")
    return None


def _check_fee_notified(h: History, ev: Mapping[str, Any], f: str) -> Problem | None:
    amount = ev.get("amount_yuan")
    if isinstance(amount, bool) or not isinstance(amount, (int, float)) or amount < 0:
        return Problem(f"{f}.amount_yuan", "收费金额应为不小于 0 的数字（元）")
    method = ev.get("method")
    if method not in FEE_METHODS:
        return Problem(f"{f}.method", f"收费方式“{method}”无效，应为 per_request（按件）或 per_volume（按量）")
    if h.fee_method and method != h.fee_method:
        return Problem(f"{f}.method", "同一申请只能选择按件或按量一种方式收费，不能两种方式并用")
    count = ev.get("count")
    if not _is_int(count) or count < 1:
        return Problem(f"{f}.count", "计费数量应为正整数（按件为本月申请件数，按量为页数）")
    return None


def _check_review(h: History, ev: Mapping[str, Any], f: str) -> Problem | None:
    # No "must be closed first": Art. 51 lets an applicant challenge a request that went
    # unanswered past its due date, and docs/cli.md refuses only what it lists.
    if ev.get("result") not in RESULTS:
        return Problem(f"{f}.result", f"结果“{ev.get('result')}”无效，应为 upheld、corrected、other、pending 之一")
    if ev["type"] == EventType.LITIGATION and not isinstance(ev.get("after_reconsideration"), bool):
        return Problem(f"{f}.after_reconsideration", "行政诉讼必须注明是否经复议后起诉（true/false）")
    return None


# --- what each step changes ------------------------------------------------------------


def _nothing(h: History, ev: Mapping[str, Any]) -> None:
    return None


def _close(h: History, ev: Mapping[str, Any]) -> None:
    h.closed_on, h.closed_by = _d(ev["on"]), ev["type"]


def _apply_supplement_requested(h: History, ev: Mapping[str, Any]) -> None:
    h.awaiting_supplement, h.supplement_by = True, _d(ev["supplement_by"])


def _apply_supplement_received(h: History, ev: Mapping[str, Any]) -> None:
    h.awaiting_supplement = False


def _apply_abandoned(h: History, ev: Mapping[str, Any]) -> None:
    h.awaiting_supplement = False
    _close(h, ev)


def _apply_consultation_sent(h: History, ev: Mapping[str, Any]) -> None:
    h.open_consultations += 1


def _apply_consultation_answered(h: History, ev: Mapping[str, Any]) -> None:
    h.open_consultations -= 1


def _apply_fee_notified(h: History, ev: Mapping[str, Any]) -> None:
    h.unpaid_fees += 1
    h.fee_method = ev.get("method") or h.fee_method


def _apply_fee_paid(h: History, ev: Mapping[str, Any]) -> None:
    h.unpaid_fees -= 1


RULES: dict[str, Rule] = {
    EventType.ANSWERED_ON_SPOT: Rule(_pre_on_spot, _check_on_spot, _close),
    EventType.SUPPLEMENT_REQUESTED: Rule(
        _pre_supplement_requested, _check_supplement_requested, _apply_supplement_requested
    ),
    EventType.SUPPLEMENT_RECEIVED: Rule(
        _pre_awaiting(EventType.SUPPLEMENT_RECEIVED), _no_fields, _apply_supplement_received
    ),
    EventType.ABANDONED: Rule(_pre_awaiting(EventType.ABANDONED), _check_abandoned, _apply_abandoned),
    EventType.CONSULTATION_SENT: Rule(
        _not_awaiting_supplement(EventType.CONSULTATION_SENT), _check_consultation_sent, _apply_consultation_sent
    ),
    EventType.CONSULTATION_ANSWERED: Rule(_pre_consultation_answered, _no_fields, _apply_consultation_answered),
    EventType.EXTENDED: Rule(_pre_extended, _check_extended, _nothing),
    EventType.FEE_NOTIFIED: Rule(_pre_fee_notified, _check_fee_notified, _apply_fee_notified),
    EventType.FEE_PAID: Rule(_pre_fee_paid, _no_fields, _apply_fee_paid),
    EventType.REASONS_REQUESTED: Rule(_not_awaiting_supplement(EventType.REASONS_REQUESTED), _no_fields, _nothing),
    EventType.REPLIED: Rule(_always, _check_outcome, _close),
    EventType.RECONSIDERATION: Rule(_always, _check_review, _nothing),
    EventType.LITIGATION: Rule(_always, _check_review, _nothing),
}
# Event types a ledger may carry: docs/cli.md, plus the Art. 35 request for reasons.
LEDGER_TYPES = set(RULES)

# Stricter than the ledger, for steps taken through the staff screens: Art. 35 lets the
# office treat requests as excessive only after it asked the applicant for reasons.
STAFF_OUTCOME_NEEDS = {Outcome.EXCESSIVE: EventType.REASONS_REQUESTED}


def refusal(h: History, t: str) -> str | None:
    """Why a step of type `t` is not possible after this history, or None if it is. The
    staff screens ask this for every action instead of re-encoding the rules."""
    if t == EventType.RECEIVED:
        return None if h.received_on is None else f"申请已于 {h.received_on} 确认收到"
    if h.received_on is None:
        return f"申请尚未确认收到（无收到申请日期），不能记录“{_label(t)}”"
    if h.closed_on is not None and t not in AFTER_CLOSE_ALLOWED:
        if t in REPLIES and h.closed_by in REPLIES:
            return f"申请已于 {h.closed_on} 答复，不能再次答复"
        return f"申请已于 {h.closed_on} 办结，之后只能记录行政复议或行政诉讼，不能记录“{_label(t)}”"
    return RULES[t].precondition(h)


def check_step(h: History, ev: Mapping[str, Any], f: str, *, staff: bool = False) -> Problem | None:
    """Everything wrong with appending `ev` (ledger format, shape already checked) to `h`."""
    t, on = ev["type"], _d(ev["on"])
    if h.received_on is not None and on < h.received_on:
        return Problem(f"{f}.on", f"“{_label(t)}”的日期 {on} 早于收到申请日期 {h.received_on}")
    if (reason := refusal(h, t)) is not None:
        return Problem(f"{f}.type", reason)
    if (problem := RULES[t].check(h, ev, f)) is not None:
        return problem
    if staff and (needed := STAFF_OUTCOME_NEEDS.get(ev.get("outcome"))) and not h.count[needed]:
        return Problem(
            f"{f}.outcome",
            f"认定“{Outcome(ev['outcome']).label}”前，应先要求申请人说明理由并记录“{_label(needed)}”（第三十五条）",
        )
    return None


def record_step(h: History, ev: Mapping[str, Any]) -> None:
    RULES[ev["type"]].apply(h, ev)
    h.count[ev["type"]] += 1


def replay(received_on: date | None, events: Iterable[Mapping[str, Any]]) -> History:
    """The history after `events` (ledger format, assumed valid), for asking `refusal`."""
    h = History(received_on=received_on)
    for ev in events:
        if ev["type"] in RULES:
            record_step(h, ev)
    return h
