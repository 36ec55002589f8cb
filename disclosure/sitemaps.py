from django.contrib.sitemaps import Sitemap

from .selectors import published_items

STATIC_PAGES = ["/", "/guide/", "/policy/", "/catalogue/", "/reports/", "/news/", "/departments/"]


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


SITEMAPS = {"pages": StaticPagesSitemap, "items": PublishedItemsSitemap}
