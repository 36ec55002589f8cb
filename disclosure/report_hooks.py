"""Wiring of the annual report into the kernel and the rest of disclosure; called once
from DisclosureConfig.ready()."""


def connect() -> None:
    from portal import scans

    from .choices import ItemKind
    from .report_scan import scan_annual_report
    from .report_services import on_item_published, submission_problems
    from .signals import item_published
    from .validation import register_check

    register_check(ItemKind.ANNUAL_REPORT, submission_problems)
    item_published.connect(on_item_published, dispatch_uid="annual_report_freeze")
    scans.register("annual_report", scan_annual_report)
