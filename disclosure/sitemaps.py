from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .annual_report.models import AnnualReport
from .choices import ItemKind
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


class StaticPagesSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return STATIC_PAGES

    def location(self, path: str) -> str:
        return path


class PublishedItemsSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6
    limit = 5000

    def items(self):
        return published_items().select_related(None).only("pk", "published_at", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class AnnualReportsSitemap(Sitemap):
    """Each published annual report's own page (its tables, its PDF)."""

    changefreq = "yearly"
    priority = 0.7

    def items(self):
        published = published_items().filter(kind=ItemKind.ANNUAL_REPORT).values("pk")
        return AnnualReport.objects.filter(item__in=published).order_by("-year").only("year")

    def location(self, report) -> str:
        return reverse("reports:public_report", args=[report.year])


SITEMAPS = {"pages": StaticPagesSitemap, "reports": AnnualReportsSitemap, "items": PublishedItemsSitemap}
