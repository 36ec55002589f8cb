from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .dashboard import panels_for
from .models import Notification


@login_required
def staff_home(request: HttpRequest) -> HttpResponse:
    notifications = Notification.objects.filter(recipient=request.user, read_at__isnull=True)[:20]
    return render(request, "portal/staff_home.html", {
        "notifications": notifications,
        "panels": panels_for(request),
    })


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    from django.utils import timezone

    note = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if note.read_at is None:
        note.read_at = timezone.now()
        note.save(update_fields=["read_at"])
    # Audit fix: only follow a same-site URL (notification rows can be written in the
    # admin; an absolute off-site URL would make this an open redirect).
    if note.url and url_has_allowed_host_and_scheme(note.url, allowed_hosts={request.get_host()},
                                                    require_https=request.is_secure()):
        return redirect(note.url)
    return redirect("portal:staff_home")


def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin's sign-in page sends people to the staff sign-in, then back."""
    target = request.GET.get("next") or "/admin/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = "/admin/"
    return redirect_to_login(target, login_url=reverse("portal:login"))


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", status=404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF check failed: a Chinese page in the site's layout (Django's own is English)."""
    return render(request, "403_csrf.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: the database may be what failed.
    return HttpResponse(loader.get_template("500.html").render({}), status=500)
