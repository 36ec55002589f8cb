from django.apps import AppConfig
from django.db.models.signals import post_migrate


class DisclosureConfig(AppConfig):
    name = "disclosure"
    verbose_name = "信息公开内容"

    def ready(self) -> None:
        from . import cache_hooks
        from .annual_report import hooks as report_hooks
        from .consultations import hooks as consultation_hooks

        report_hooks.connect()
        consultation_hooks.connect()
        cache_hooks.connect()
        from portal import dashboard, notifications

        from .annual_report.scan import open_report_reminders

        notifications.register_topic("disclosure.reportreminder", open_report_reminders)
        dashboard.register_nav(
            dashboard.NavLink("年度报告", "/staff/reports/", order=30),
            lambda user: user.has_perm("disclosure.manage_annual_report"),
        )
        post_migrate.connect(_ensure_topics, sender=self)
        from portal import lookups as portal_lookups

        from . import lookups

        portal_lookups.register_published_items(search=lookups.search, get=lookups.get)
        portal_lookups.register_item_drafter(lookups.propose)
        from portal import site_check

        from . import site_checks

        site_check.register("freshness", site_checks.check_freshness, title="首页和栏目更新情况")
        site_check.register("art26", site_checks.check_art26, title="逾期未主动公开的信息（条例第二十六条）")
        site_check.register("links", site_checks.check_links, title="正文中的失效站内链接")


def _ensure_topics(sender, using="default", **kwargs) -> None:
    """Re-create the standard topics when a flush (e.g. a transactional test) removed them."""
    from .models import Topic
    from .topics import ensure_topics

    if not Topic.objects.using(using).exists():
        ensure_topics(Topic)
