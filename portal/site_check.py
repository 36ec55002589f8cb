"""The site's own check against the national website inspection (docs/domain.md, website
checks): stale and empty columns, unanswered messages, overdue proactive items, broken
internal links. Each app registers its checks in AppConfig.ready(); the kernel runs them all
(it imports no app) for the freshness watch, the daily scan's reminders and
`manage.py site_check`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date

OK, AMBER, RED = "ok", "amber", "red"
LEVEL_LABELS = {OK: "正常", AMBER: "即将超限", RED: "已超限"}


@dataclass(frozen=True)
class Finding:
    """One thing the watch reports. `key` is stable across days (e.g. "column:news",
    "message:Z2026-00001"): the daily scan sends one reminder per key and level."""

    check: str
    key: str
    level: str
    subject: str
    detail: str
    url: str = ""
    department_id: int | None = None
    since: date | None = None

    def as_dict(self) -> dict:
        data = asdict(self)
        data["since"] = self.since.isoformat() if self.since else None
        data["level_label"] = LEVEL_LABELS[self.level]
        return data


_checks: dict[str, Callable[[date], list[Finding]]] = {}


def register(name: str, func: Callable[[date], list[Finding]]) -> None:
    _checks[name] = func


def registered() -> dict[str, Callable[[date], list[Finding]]]:
    return dict(_checks)


def run_checks(today: date) -> list[Finding]:
    findings: list[Finding] = []
    for func in _checks.values():
        findings.extend(func(today))
    return findings
