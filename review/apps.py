from django.apps import AppConfig

from disclosure.item_links import ItemLink, register_workflow_link
from disclosure.signals import item_drafted


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = "发布审查"

    def ready(self) -> None:
        from portal import dashboard, notifications, scans

        from .dashboard import review_panel
        from .permissions import may_open_workbench
        from .tasks import scan_review

        scans.register("review", scan_review)
        from .selectors import open_item_reminders, open_steps

        notifications.register_topic("review.step", open_steps)
        notifications.register_topic("review.itemreminder", open_item_reminders)
        dashboard.register(review_panel)
        dashboard.register_nav(dashboard.NavLink("发布审查", "/staff/review/", order=20), may_open_workbench)
        item_drafted.connect(_grant_department_access, dispatch_uid="review.item_drafted")
        register_workflow_link(_workbench_link)


def _grant_department_access(sender, item, **kwargs) -> None:
    """Items drafted outside the workbench (the annual report) get the same department
    object permissions as items drafted in it."""
    from .permissions import grant_department_access

    grant_department_access(item)


def _workbench_link(item) -> ItemLink:
    """Pages of disclosure (the annual report) link an item to its page in the workbench."""
    from django.urls import reverse

    return ItemLink("到发布审查工作台提交或查看审查进度", reverse("review:item", args=[item.pk]))
