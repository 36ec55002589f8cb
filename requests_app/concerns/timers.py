"""The response timers of 国办发〔2016〕61号 and 80号, as one pure function.

Especially major and major emergencies (特别重大、重大突发事件): authoritative information
within 5 hours (80号) and a press conference within 24 hours (61号) of the concern being
noticed; any other concern: a response within 48 hours (61号). These are real hours: nights,
weekends and holidays count like any other hour."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from .choices import ConcernLevel, Milestone

LIMITS: dict[str, tuple[tuple[str, int], ...]] = {
    ConcernLevel.ESPECIALLY_MAJOR: ((Milestone.AUTHORITATIVE_INFO, 5), (Milestone.PRESS_CONFERENCE, 24)),
    ConcernLevel.MAJOR: ((Milestone.AUTHORITATIVE_INFO, 5), (Milestone.PRESS_CONFERENCE, 24)),
    ConcernLevel.GENERAL: ((Milestone.RESPONSE, 48),),
}
# The reminder before a limit (portal.reminders sends it once).
WARN_BEFORE = timedelta(hours=1)

LIMIT_LABELS = {
    Milestone.AUTHORITATIVE_INFO: "发布权威信息（5小时内）",
    Milestone.PRESS_CONFERENCE: "召开新闻发布会（24小时内）",
    Milestone.RESPONSE: "作出回应（48小时内）",
}


def hours_minutes(delta: timedelta) -> str:
    """3小时12分, 2小时, 0小时5分: whole minutes, rounded down."""
    minutes = max(int(delta.total_seconds() // 60), 0)
    h, m = divmod(minutes, 60)
    return f"{h}小时{m}分" if m else f"{h}小时"


@dataclass(frozen=True)
class Timer:
    milestone: str
    hours: int
    due_at: datetime
    done_at: datetime | None
    now: datetime
    stopped_at: datetime | None  # the entry was closed: the clock stops there

    @property
    def label(self) -> str:
        return LIMIT_LABELS[self.milestone]

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    @property
    def met(self) -> bool:
        return self.done_at is not None and self.done_at <= self.due_at

    @property
    def running(self) -> bool:
        """Still waiting for its milestone on an open entry."""
        return self.done_at is None and self.stopped_at is None

    @property
    def overdue(self) -> bool:
        """The limit passed without the milestone (or the milestone came late)."""
        end = self.done_at or self.stopped_at or self.now
        return end > self.due_at

    @property
    def left(self) -> timedelta:
        """Time left until the limit (negative once past it), while running."""
        return self.due_at - self.now

    @property
    def due_soon(self) -> bool:
        return self.running and timedelta(0) < self.left <= WARN_BEFORE

    @property
    def text(self) -> str:
        if self.done_at is not None:
            late = self.done_at - self.due_at
            return f"超时完成（超时 {hours_minutes(late)}）" if late > timedelta(0) else "按时完成"
        if self.stopped_at is not None:
            return "未完成（已超时）" if self.overdue else "未完成"
        if self.left > timedelta(0):
            return f"剩余 {hours_minutes(self.left)}" if self.left >= timedelta(minutes=1) else "剩余 不足1分钟"
        return f"已超时 {hours_minutes(-self.left)}"


def compute_timers(
    *,
    level: str,
    noticed_at: datetime,
    now: datetime,
    authoritative_info_at: datetime | None = None,
    press_conference_at: datetime | None = None,
    response_at: datetime | None = None,
    closed_at: datetime | None = None,
) -> list[Timer]:
    """Every limit that applies to a concern of `level` noticed at `noticed_at`, as of `now`."""
    done = {
        Milestone.AUTHORITATIVE_INFO: authoritative_info_at,
        Milestone.PRESS_CONFERENCE: press_conference_at,
        Milestone.RESPONSE: response_at,
    }
    return [
        Timer(
            milestone=milestone,
            hours=hours,
            due_at=noticed_at + timedelta(hours=hours),
            done_at=done[milestone],
            now=now,
            stopped_at=closed_at,
        )
        for milestone, hours in LIMITS[level]
    ]


def reminders_due(timers: list[Timer]) -> list[tuple[str, datetime]]:
    """(kind, due_at) of the reminders these timers call for now: one in the hour before a
    limit, one once it has passed unmet. A scan that missed the hour before sends only the
    second."""
    out = []
    for t in timers:
        if not t.running:
            continue
        if t.left <= timedelta(0):
            out.append((f"{t.milestone}_overdue", t.due_at))
        elif t.left <= WARN_BEFORE:
            out.append((f"{t.milestone}_soon", t.due_at))
    return out
