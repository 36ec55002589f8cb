from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import notifications, selectors
from .dashboard import panels_for
from .models import Notification


@login_required
def staff_home(request: HttpRequest) -> HttpResponse:
    """What needs me now: unread notices whose work still waits, and each app's panel.

    ``?show=all`` lists every notice of mine instead, with whether its work is done; a
    POST marks all unread notices read (``only=done``: those whose work is done)."""
    if request.method == "POST":
        only_done = request.POST.get("only") == "done"
        n = notifications.mark_all_read(recipient=request.user, only_done=only_done)
        messages.success(request, f"已将 {n} 条通知标为已读。" if n else "没有未读通知。")
        return _back(request)
    if request.GET.get("show") == "all":
        page = Paginator(selectors.notifications_of(request.user), 50).get_page(request.GET.get("page"))
        return render(
            request,
            "portal/staff_home.html",
            {
                "show_all": True,
                "page": page,
                "notices": selectors.with_done(list(page.object_list)),
            },
        )
    return render(
        request,
        "portal/staff_home.html",
        {
            "inbox": selectors.inbox(request.user),
            "panels": panels_for(request),
        },
    )


def _same_site(request: HttpRequest, url: str) -> bool:
    return bool(url) and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Open a notice: mark it read and follow its link."""
    try:
        note = notifications.mark_read(recipient=request.user, notification_id=pk)
    except Notification.DoesNotExist:
        raise Http404("没有这条通知")
    # Audit fix: only follow a same-site URL (notification rows can be written in the
    # admin; an absolute off-site URL would make this an open redirect).
    if _same_site(request, note.url):
        return redirect(note.url)
    return redirect("portal:staff_home")


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    return redirect(target if _same_site(request, target) else "portal:staff_home")


@login_required
@require_POST
def notification_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notice read and stay on the page."""
    try:
        notifications.mark_read(recipient=request.user, notification_id=pk)
    except Notification.DoesNotExist:
        raise Http404("没有这条通知")
    messages.success(request, "已标为已读。")
    return _back(request)


def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin's sign-in page sends people to the staff sign-in, then back."""
    target = request.GET.get("next") or "/admin/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
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


LEVEL_CLASSES = {"red": "level-red", "amber": "level-amber", "ok": "level-ok"}


@login_required
def site_check_page(request: HttpRequest) -> HttpResponse:
    """网站健康检查: every registered check's findings, rendered from the Finding fields alone
    (administrators and the Office; a signed-in page, never publicly cached)."""
    from django.core.exceptions import PermissionDenied
    from django.utils import timezone

    from . import site_check
    from .models import Department

    if not site_check.may_view(request.user):
        raise PermissionDenied("只有管理员和办公室可以查看网站健康检查")
    today = timezone.localdate()
    results = site_check.run_grouped(today)
    findings = [f for r in results for f in r.findings]
    names = dict(
        Department.objects.filter(pk__in={f.department_id for f in findings if f.department_id}).values_list(
            "pk", "name"
        )
    )
    order = {site_check.RED: 0, site_check.AMBER: 1, site_check.OK: 2}

    def link(url: str) -> str:
        # A staff page of another department's work (a draft in the workflow) may be closed to
        # the Office: it reaches its department through the reminder; only administrators,
        # who open everything, get the link here.
        return url if url and (not url.startswith("/staff/") or request.user.is_superuser) else ""

    sections = [
        {
            "name": r.name,
            "title": r.title,
            "red": r.red,
            "amber": r.amber,
            "rows": [
                {
                    "finding": f,
                    "level_label": site_check.LEVEL_LABELS.get(f.level, f.level),
                    "level_class": LEVEL_CLASSES.get(f.level, ""),
                    "department": names.get(f.department_id, ""),
                    "link": link(f.url),
                }
                for f in sorted(r.findings, key=lambda f: order.get(f.level, 3))
            ],
        }
        for r in results
    ]
    return render(
        request,
        "portal/site_check.html",
        {"today": today, "sections": sections, "summary": site_check.summarize(findings)},
    )
