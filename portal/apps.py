from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "系统核心"

    def ready(self) -> None:
        from . import signals  # noqa: F401
