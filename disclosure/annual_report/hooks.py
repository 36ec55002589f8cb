"""Wiring of the annual report into the kernel and the rest of disclosure; called once
from DisclosureConfig.ready()."""


def connect() -> None:
    from portal import dashboard, scans

    from ..choices import ItemKind
    from ..signals import item_published
    from ..validation import register_check
    from .scan import scan_annual_report
    from .services import on_item_published, submission_problems

    register_check(ItemKind.ANNUAL_REPORT, submission_problems)
    item_published.connect(on_item_published, dispatch_uid="annual_report_freeze")
    scans.register("annual_report", scan_annual_report)
    dashboard.register(dashboard_panel)


def dashboard_panel(request):
    """Last year's report on the staff dashboard, for those who compile it (Art. 49)."""
    from django.utils import timezone

    from portal.dashboard import Panel

    from .selectors import is_published, report_for_year

    if not request.user.has_perm("disclosure.manage_annual_report"):
        return None
    today = timezone.localdate()
    year = today.year - 1
    report = report_for_year(year)
    return Panel(
        title="政府信息公开工作年度报告",
        template="reports/_panel.html",
        order=50,
        context={
            "year": year,
            "report": report,
            "published": is_published(report),
            "deadline": f"{today.year}年1月31日",
        },
    )
