"""Panels of the staff dashboard. Apps register a panel in AppConfig.ready(); the kernel
renders whatever is registered (it imports no app)."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest


@dataclass
class Panel:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


_providers: list[Callable[[HttpRequest], Panel | None]] = []


def register(provider: Callable[[HttpRequest], Panel | None]) -> None:
    if provider not in _providers:
        _providers.append(provider)


def panels_for(request: HttpRequest) -> list[Panel]:
    panels = [p for p in (provider(request) for provider in _providers) if p is not None]
    return sorted(panels, key=lambda p: p.order)


@dataclass
class NavLink:
    label: str
    url: str
    order: int = 100


_nav: list[tuple[NavLink, Callable]] = []


def register_nav(link: NavLink, visible: Callable) -> None:
    """A staff section in the staff navigation, shown only to users for whom
    ``visible(user)`` is true (so nobody is offered a link that answers 403)."""
    if all(existing.url != link.url for existing, _ in _nav):
        _nav.append((link, visible))


def nav_for(user) -> list[NavLink]:
    return sorted((link for link, visible in _nav if visible(user)), key=lambda link: link.order)


def mail_failures_panel(request: HttpRequest) -> Panel | None:
    """E-mails the mail server refused after every retry, for those who can fix it."""
    from .mail import open_failures

    user = request.user
    if not (user.is_superuser or user.has_perm("portal.view_mailfailure")):
        return None
    failures = list(open_failures()[:20])
    if not failures:
        return None
    return Panel(
        title="邮件发送失败",
        template="portal/_mail_failures_panel.html",
        order=1,
        context={"failures": failures, "total": open_failures().count()},
    )


def setup_panel(request: HttpRequest) -> Panel | None:
    """Until the site profile is filled in, staff are told so (the public sees a neutral title)."""
    from .models import SiteProfile

    if SiteProfile.objects.filter(pk=1).exists():
        return None
    return Panel(
        title="网站信息尚未设置",
        template="portal/_setup_panel.html",
        order=0,
        context={"can_fix": request.user.is_superuser or request.user.has_perm("portal.change_siteprofile")},
    )


SITE_CHECK_COUNTS_KEY = "portal:site-check-counts"
SITE_CHECK_COUNTS_SECONDS = 600


def site_check_panel(request: HttpRequest) -> Panel | None:
    """The freshness watch's red and amber counts, for those who see the watch. Counted at
    most every ten minutes (the dashboard is opened far more often than content changes)."""
    from django.core.cache import cache
    from django.utils import timezone

    from . import site_check

    if not site_check.may_view(request.user):
        return None
    try:
        counts = cache.get(SITE_CHECK_COUNTS_KEY)
    except Exception:  # noqa: BLE001 - a cache outage must not break the dashboard
        counts = None
    if counts is None:
        counts = site_check.summarize(site_check.run_checks(timezone.localdate()))
        try:
            cache.set(SITE_CHECK_COUNTS_KEY, counts, SITE_CHECK_COUNTS_SECONDS)
        except Exception:  # noqa: BLE001
            pass
    return Panel(title="网站健康检查", template="portal/_site_check_panel.html", order=5, context={"counts": counts})
