"""网站地图 and 联系我们: pages every government site carries in its footer
(《政府网站发展指引》), built from the sitemap's page list and the site profile."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from portal.models import SiteProfile

from .models import Topic
from .sitemaps import PAGES


@require_safe
def site_map(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "disclosure/site_map.html",
        {
            "pages": PAGES,
            "topics": list(Topic.objects.all()),
        },
    )


@require_safe
def contact(request: HttpRequest) -> HttpResponse:
    return render(request, "disclosure/contact.html", {"profile": SiteProfile.current()})
