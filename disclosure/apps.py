from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "disclosure"
    verbose_name = "信息公开内容"

    def ready(self) -> None:
        from . import report_hooks

        report_hooks.connect()
