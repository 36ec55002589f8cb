"""The staff dashboard panel for public messages."""

from __future__ import annotations

from django.http import HttpRequest

from portal.dashboard import Panel

from .permissions import can_view_queue
from .selectors import queue_counts


def messages_panel(request: HttpRequest) -> Panel | None:
    if not can_view_queue(request.user):
        return None
    return Panel(
        title="公众留言",
        template="requests_app/interaction/_dashboard_panel.html",
        context={"counts": queue_counts(request.user)},
        order=15,
    )
