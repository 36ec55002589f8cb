from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "系统核心"

    def ready(self) -> None:
        from . import checks, notifications, signals  # noqa: F401
        from .dashboard import mail_failures_panel, register, setup_panel
        from .selectors import open_system_reminders

        register(setup_panel)
        register(mail_failures_panel)
        notifications.register_topic("portal.systemreminder", open_system_reminders)
        from . import scans, site_check
        from .dashboard import NavLink, register_nav, site_check_panel

        scans.register("site_check", site_check.scan_site_check)
        from django.db.models.signals import post_delete, post_save

        from .models import Department

        for signal in (post_save, post_delete):
            signal.connect(site_check.forget_office_departments, sender=Department, dispatch_uid="site-check-office")
        register(site_check_panel)
        register_nav(NavLink("网站健康检查", "/staff/site-check/", order=90), site_check.may_view)

        post_migrate.connect(_ensure_calendar, sender=self)
        # Every app's post_migrate (its permissions exist by then): the role groups.
        post_migrate.connect(_ensure_role_groups)


def _ensure_calendar(sender, **kwargs) -> None:
    """Re-seed the working-day calendar when a flush (e.g. a transactional test) emptied it."""
    from .calendar_seed import ensure_seeded

    ensure_seeded()


def _ensure_role_groups(sender, using="default", **kwargs) -> None:
    """A fresh production database gets the role groups from `migrate` alone."""
    from .roles import ensure_role_groups

    if sender.label in {"review", "requests_app", "disclosure"}:  # the apps whose permissions they hold
        ensure_role_groups(using=using)
