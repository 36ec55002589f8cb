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
_titles: dict[str, str] = {}


def register(name: str, func: Callable[[date], list[Finding]], *, title: str = "") -> None:
    """`title` heads the check's section on the staff page (the name when empty)."""
    _checks[name] = func
    if title:
        _titles[name] = title


def registered() -> dict[str, Callable[[date], list[Finding]]]:
    return dict(_checks)


def run_checks(today: date) -> list[Finding]:
    findings: list[Finding] = []
    for func in _checks.values():
        findings.extend(func(today))
    return findings


@dataclass(frozen=True)
class CheckResult:
    """The findings of one registered check, for the staff page's sections."""

    name: str
    title: str
    findings: list[Finding]

    @property
    def red(self) -> int:
        return sum(1 for f in self.findings if f.level == RED)

    @property
    def amber(self) -> int:
        return sum(1 for f in self.findings if f.level == AMBER)


def run_grouped(today: date) -> list[CheckResult]:
    return [CheckResult(name, _titles.get(name, name), func(today)) for name, func in _checks.items()]


def summarize(findings: list[Finding]) -> dict[str, int]:
    return {RED: sum(1 for f in findings if f.level == RED), AMBER: sum(1 for f in findings if f.level == AMBER)}


OFFICE_IDS_KEY = "portal:office-department-ids"


def office_department_ids() -> set[int]:
    """The departments flagged 办公室, kept in the cache (the staff nav asks on every page);
    a saved department clears it (portal.signals)."""
    from django.core.cache import cache

    from .models import Department

    def load() -> set[int]:
        return set(Department.objects.filter(is_office=True, is_active=True).values_list("pk", flat=True))

    try:
        ids = cache.get(OFFICE_IDS_KEY)
    except Exception:  # noqa: BLE001 - a cache outage must not break a staff page
        return load()
    if ids is None:
        ids = load()
        try:
            cache.set(OFFICE_IDS_KEY, ids, 3600)
        except Exception:  # noqa: BLE001
            pass
    return ids


def forget_office_departments(**kwargs) -> None:
    from django.core.cache import cache

    try:
        cache.delete(OFFICE_IDS_KEY)
    except Exception:  # noqa: BLE001
        pass


def may_view(user) -> bool:
    """Administrators and the Office (which runs the website's content) see the watch."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.has_perm("portal.view_site_check"):
        return True
    return user.department_id is not None and user.department_id in office_department_ids()


def reminder_key(finding: Finding) -> str:
    """One episode of a finding: its key and the date its clock started."""
    key = f"{finding.key}@{finding.since.isoformat()}" if finding.since else finding.key
    return key[:200]


def scan_site_check(today: date) -> dict:
    """The daily scan's part: one reminder per amber or red finding, once per (key, level),
    to the owning department's users (administrators when the finding has no department)."""
    from .models import SiteCheckReminder
    from .reminders import ensure_reminder

    created = 0
    for finding in run_checks(today):
        if finding.level not in (AMBER, RED):
            continue
        text = f"【网站健康检查·{LEVEL_LABELS[finding.level]}】{finding.subject}：{finding.detail}"
        _, new = ensure_reminder(
            SiteCheckReminder,
            key=reminder_key(finding),
            level=finding.level,
            defaults={
                "kind": finding.check[:50],
                "due_on": today,
                "department_id": finding.department_id,
                "text": text[:500],
                "link": finding.url[:300],
            },
        )
        created += int(new)
    return {"site_check_reminders": created}
