from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = "发布审查"

    def ready(self) -> None:
        from portal import dashboard, scans

        from .dashboard import review_panel
        from .tasks import scan_review

        scans.register("review", scan_review)
        dashboard.register(review_panel)
