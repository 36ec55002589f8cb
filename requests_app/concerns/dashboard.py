"""The register's panel of the staff dashboard: open entries, nearest limit first."""

from portal.dashboard import Panel

from .permissions import can_open_register
from .selectors import nearest_deadlines


def concerns_panel(request):
    if not can_open_register(request.user):
        return None
    rows, total = nearest_deadlines(request.user)
    return Panel(
        title="舆情回应",
        template="requests_app/concerns/_dashboard_panel.html",
        order=12,
        context={"rows": rows, "total": total},
    )
