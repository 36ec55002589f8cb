from django.apps import AppConfig


class RequestsAppConfig(AppConfig):
    name = "requests_app"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        from portal import dashboard, notifications, scans
        from portal.signals import calendar_changed

        from .clock import on_calendar_changed
        from .dashboard import requests_panel
        from .permissions import can_view_queue
        from .scans import scan_requests
        from .selectors import open_reminders, open_requests

        calendar_changed.connect(on_calendar_changed, dispatch_uid="requests_recompute_on_calendar")
        scans.register("requests", scan_requests)
        notifications.register_topic("requests_app.reminder", open_reminders)
        notifications.register_topic("requests_app.informationrequest", open_requests)
        dashboard.register(requests_panel)
        from .letters.dashboard import signoff_panel

        dashboard.register(signoff_panel)
        dashboard.register_nav(dashboard.NavLink("依申请公开办理", "/staff/requests/", order=10), can_view_queue)
        self._ready_interaction()
        self._ready_concerns()

    @staticmethod
    def _ready_interaction() -> None:
        """Public messages (requests_app/interaction): scan, site check, topics, panel, nav."""
        from portal import dashboard, notifications, scans, site_check
        from portal.signals import calendar_changed

        from .interaction import permissions as message_permissions
        from .interaction.dashboard import messages_panel
        from .interaction.scans import check_messages, scan_messages
        from .interaction.selectors import open_messages
        from .interaction.selectors import open_reminders as open_message_reminders
        from .interaction.services import on_calendar_changed as messages_on_calendar_changed

        calendar_changed.connect(messages_on_calendar_changed, dispatch_uid="messages_recompute_on_calendar")
        scans.register("messages", scan_messages)
        site_check.register("messages", check_messages, title="超期未答复的留言（互动交流）")
        notifications.register_topic("requests_app.message", open_messages)
        notifications.register_topic("requests_app.messagereminder", open_message_reminders)
        dashboard.register(messages_panel)
        dashboard.register_nav(
            dashboard.NavLink("公众留言办理", "/staff/messages/", order=12), message_permissions.can_view_queue
        )

    def _ready_concerns(self) -> None:
        """The concern register (舆情台账): its panel, nav link, topics and scans."""
        from portal import dashboard, notifications, scans

        from .concerns import tasks  # noqa: F401  (registers the beat task with Celery)
        from .concerns.dashboard import concerns_panel
        from .concerns.permissions import can_open_register
        from .concerns.scan import daily_catch_up
        from .concerns.selectors import open_reminders, still_open

        scans.register("concerns", daily_catch_up)
        notifications.register_topic("requests_app.concernentry", still_open)
        notifications.register_topic("requests_app.concernreminder", open_reminders)
        dashboard.register(concerns_panel)
        dashboard.register_nav(dashboard.NavLink("舆情台账", "/staff/concerns/", order=15), can_open_register)
