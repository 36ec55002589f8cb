"""The requests panel of the staff dashboard."""

from django.urls import reverse
from django.utils import timezone

from portal import workdays
from portal.dashboard import Panel

from .permissions import can_view_queue
from .selectors import dashboard_counts


def requests_panel(request):
    if not can_view_queue(request.user):
        return None
    today = timezone.localdate()
    cal = workdays.current()
    next_year = today.year + 1
    return Panel(
        title="依申请公开",
        template="requests_app/_dashboard_panel.html",
        order=10,
        context={
            "counts": dashboard_counts(today),
            "next_year": next_year,
            "next_year_missing": today.month >= 11 and not cal.is_known(next_year),
            "this_year_missing": not cal.is_known(today.year),
            "this_year": today.year,
            # Where an administrator enters the arrangement; the link only for those who may.
            "calendar_admin_url": (
                reverse("admin:portal_calendarday_changelist")
                if request.user.is_staff and request.user.has_perm("portal.change_calendarday")
                else ""
            ),
        },
    )
