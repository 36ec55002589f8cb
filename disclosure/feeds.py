"""Atom and JSON Feed 1.1 of the latest published items (from `published_items()`)."""

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_safe

from portal.models import SiteProfile

from .choices import Validity
from .selectors import published_items
from .summaries import readable_summary

FEED_SIZE = 50


def latest_items():
    return published_items()[:FEED_SIZE]


def feed_title(item) -> str:
    """The title, with 已废止 / 已失效 after it: a reader of the feed must not take a
    repealed rule for one in force."""
    if item.validity != Validity.IN_FORCE:
        return f"{item.title}（{item.get_validity_display()}）"
    return item.title


class LatestItemsAtomFeed(Feed):
    feed_type = Atom1Feed
    link = "/"

    def __call__(self, request, *args, **kwargs):
        self.profile = SiteProfile.current()
        return super().__call__(request, *args, **kwargs)

    def title(self) -> str:
        return f"{self.profile.org_name}{self.profile.portal_name}：最新公开信息"

    def subtitle(self) -> str:
        return "最新发布的政府信息（主动公开）"

    def feed_url(self) -> str:
        return reverse("disclosure:feed_atom")

    def items(self):
        return latest_items()

    def item_title(self, item) -> str:
        return feed_title(item)

    def item_description(self, item) -> str:
        return readable_summary(item)

    def item_link(self, item) -> str:
        return item.get_absolute_url()

    def item_guid(self, item) -> str:
        return item.index_number

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at

    def item_author_name(self, item) -> str:
        return item.publisher.name

    def item_categories(self, item):
        return [item.topic.name] if item.topic_id else []


@require_safe
def json_feed(request: HttpRequest) -> JsonResponse:
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""
    profile = SiteProfile.current()
    items = []
    for item in latest_items():
        entry = {
            "id": item.index_number,
            "url": request.build_absolute_uri(item.get_absolute_url()),
            "title": feed_title(item),
            "content_text": readable_summary(item) or item.title,
            "summary": readable_summary(item),
            "date_published": item.published_at.isoformat(),
            "authors": [{"name": item.publisher.name}],
            "tags": [item.topic.name] if item.topic_id else [],
        }
        extension = {"kind": item.get_kind_display(), "validity": item.get_validity_display()}
        if item.document_number:
            extension["document_number"] = item.document_number
        entry["_disclosure"] = extension
        items.append(entry)
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": f"{profile.org_name}{profile.portal_name}：最新公开信息",
        "home_page_url": request.build_absolute_uri("/"),
        "feed_url": request.build_absolute_uri(reverse("disclosure:feed_json")),
        "language": "zh-CN",
        "items": items,
    }
    return JsonResponse(
        feed,
        content_type="application/feed+json; charset=utf-8",
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )
