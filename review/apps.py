from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = "发布审查"

    def ready(self) -> None:
        from portal import dashboard, scans

        from .dashboard import review_panel
        from .permissions import may_open_workbench
        from .tasks import scan_review

        scans.register("review", scan_review)
        dashboard.register(review_panel)
        dashboard.register_nav(dashboard.NavLink("发布审查", "/staff/review/", order=20), may_open_workbench)
