"""The XML sitemap at a bureau's size: an index (`/sitemap.xml`) naming one page of the
site's fixed pages and annual reports, and as many pages of published items as it takes
to list every one of them (sitemaps.org: at most 50,000 URLs a file).

An items page is computed cheaply whatever the catalogue's size: where each page starts
is read once per content generation from the published-order index alone (an index-only
scan), and a page then reads its rows from that start with only the two columns it
writes; the XML is written directly, not through the template engine (5,000 URLs through
it cost ≈300 ms). The pages are public pages: cached per content generation, so a
withdrawn item leaves them as soon as the withdrawal commits."""

from xml.sax.saxutils import escape

from django.db.models import F, Window
from django.db.models.functions import Mod, RowNumber, TruncDate
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from portal.public_cache import cached_for_generation

from .annual_report.models import AnnualReport
from .choices import ItemKind
from .pagination import newest_first_from
from .selectors import published_items

# The site's fixed pages with their names: the XML sitemap and the 网站地图 page are both
# built from this list, so a page added here appears in both (and in the phone test).
PAGES = [
    ("/", "首页"),
    ("/guide/", "政府信息公开指南"),
    ("/policy/", "政府信息公开制度"),
    ("/catalogue/", "法定主动公开内容（政府信息公开目录）"),
    ("/reports/", "政府信息公开工作年度报告"),
    ("/news/", "新闻动态、政策解读与回应关切"),
    ("/consultations/", "意见征集"),
    ("/departments/", "机构职能"),
    ("/requests/new/", "依申请公开（在线申请）"),
    ("/messages/new/", "公众留言（咨询、建议、投诉举报）"),
    ("/interaction/qa/", "问答选登"),
    ("/search/", "站内检索"),
    ("/sitemap/", "网站地图"),
    ("/contact/", "联系我们"),
]
STATIC_PAGES = [path for path, _ in PAGES]

# URLs per items page. The protocol allows 50,000; fewer keeps each page small to serve
# (crawlers fetch them compressed: see portal/public_cache.py) and quick to compute.
ITEMS_PER_PAGE = 5000

XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
CONTENT_TYPE = "application/xml; charset=utf-8"


def _published_order():
    return published_items().select_related(None).order_by("-published_at", "-id")


def item_page_starts() -> list[tuple]:
    """(published_at, id) of the first item of each items page, newest first; one pass
    over the published-order index per content generation."""

    def compute():
        per_page = ITEMS_PER_PAGE
        ranked = (
            _published_order()
            .annotate(n=Window(RowNumber(), order_by=[F("published_at").desc(), F("id").desc()]))
            .annotate(slot=Mod(F("n") - 1, per_page))
            .filter(slot=0)
            .values_list("published_at", "id")
        )
        return list(ranked)

    return cached_for_generation(f"sitemap-item-starts:{ITEMS_PER_PAGE}", compute)


def item_page_rows(number: int) -> list[tuple]:
    """(id, last modified date) of the items on page `number` (from 1), or Http404."""
    starts = item_page_starts()
    if not 1 <= number <= len(starts):
        raise Http404("没有这一页")
    published_at, pk = starts[number - 1]
    return list(
        newest_first_from(_published_order(), published_at, pk).values_list("id", TruncDate("updated_at"))[
            :ITEMS_PER_PAGE
        ]
    )


def _site(request: HttpRequest) -> str:
    return escape(f"{request.scheme}://{request.get_host()}")


def _xml(body: str) -> HttpResponse:
    return HttpResponse(body, content_type=CONTENT_TYPE)


@require_safe
def sitemap_index(request: HttpRequest) -> HttpResponse:
    site = _site(request)
    pages = len(item_page_starts())
    locations = [site + reverse("disclosure:sitemap_pages")]
    locations += [site + reverse("disclosure:sitemap_items", args=[n]) for n in range(1, pages + 1)]
    entries = "".join(f"<sitemap><loc>{loc}</loc></sitemap>\n" for loc in locations)
    return _xml(f"{XML_HEAD}<sitemapindex {NS}>\n{entries}</sitemapindex>\n")


@require_safe
def sitemap_pages(request: HttpRequest) -> HttpResponse:
    """The fixed pages and each published annual report's own page (its tables, its PDF)."""
    site = _site(request)
    published = published_items().filter(kind=ItemKind.ANNUAL_REPORT).values("pk")
    years = AnnualReport.objects.filter(item__in=published).order_by("-year").values_list("year", flat=True)
    paths = STATIC_PAGES + [reverse("reports:public_report", args=[year]) for year in years]
    entries = "".join(f"<url><loc>{site}{escape(path)}</loc></url>\n" for path in paths)
    return _xml(f"{XML_HEAD}<urlset {NS}>\n{entries}</urlset>\n")


@require_safe
def sitemap_items(request: HttpRequest, number: int) -> HttpResponse:
    site = _site(request)
    prefix = site + reverse("disclosure:item", args=[0])[: -len("0/")]
    entries = "".join(
        f"<url><loc>{prefix}{pk}/</loc><lastmod>{modified.isoformat()}</lastmod></url>\n"
        for pk, modified in item_page_rows(number)
    )
    return _xml(f"{XML_HEAD}<urlset {NS}>\n{entries}</urlset>\n")
