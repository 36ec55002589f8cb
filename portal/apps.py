from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "系统核心"

    def ready(self) -> None:
        from . import notifications, signals  # noqa: F401
        from .selectors import open_system_reminders

        post_migrate.connect(_ensure_calendar, sender=self)
        notifications.register_topic("portal.systemreminder", open_system_reminders)


def _ensure_calendar(sender, **kwargs) -> None:
    """Re-seed the working-day calendar when a flush (e.g. a transactional test) emptied it."""
    from .calendar_seed import ensure_seeded

    ensure_seeded()
