"""The staff dashboard panel: my queue counts."""

from django.http import HttpRequest
from django.utils import timezone

from portal.dashboard import Panel

from .selectors import queue_counts


def review_panel(request: HttpRequest) -> Panel | None:
    if not request.user.is_authenticated:
        return None
    counts = queue_counts(request.user, today=timezone.localdate())
    if not counts:
        return None
    return Panel(title="发布审查", template="review/_panel.html", context={"counts": counts}, order=20)
