from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "系统核心"

    def ready(self) -> None:
        from . import signals  # noqa: F401
        from .dashboard import mail_failures_panel, register

        register(mail_failures_panel)

        post_migrate.connect(_ensure_calendar, sender=self)


def _ensure_calendar(sender, **kwargs) -> None:
    """Re-seed the working-day calendar when a flush (e.g. a transactional test) emptied it."""
    from .calendar_seed import ensure_seeded

    ensure_seeded()
