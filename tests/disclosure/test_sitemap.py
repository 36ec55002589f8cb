"""The XML sitemap at any size: an index of pages that together list every published item
once, each page a well-formed urlset that only published items reach."""

import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from disclosure import sitemaps
from tests.disclosure.factories import ItemFactory, published

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def locations(client, url: str, element: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/xml; charset=utf-8"
    root = ET.fromstring(response.content)
    return [loc.text for loc in root.findall(f"s:{element}/s:loc", NS)]


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(sitemaps, "ITEMS_PER_PAGE", 3)


def test_the_index_lists_pages_that_list_every_published_item_once(client, profile, small_pages):
    items = [published() for _ in range(7)]
    ItemFactory(title="未发布的草稿")
    index = locations(client, "/sitemap.xml", "sitemap")
    assert index == [
        "http://testserver/sitemap-pages.xml",
        "http://testserver/sitemap-items-1.xml",
        "http://testserver/sitemap-items-2.xml",
        "http://testserver/sitemap-items-3.xml",
    ]
    listed = []
    for n in (1, 2, 3):
        listed += locations(client, f"/sitemap-items-{n}.xml", "url")
    # Newest first, each exactly once, nothing unpublished.
    assert listed == [f"http://testserver/items/{item.pk}/" for item in reversed(items)]
    assert client.get("/sitemap-items-4.xml").status_code == 404
    assert client.get("/sitemap-items-0.xml").status_code == 404


def test_items_with_the_same_publication_time_are_neither_lost_nor_repeated(client, profile, small_pages):
    from disclosure.models import DisclosureItem

    items = [published() for _ in range(8)]
    DisclosureItem.objects.filter(pk__in=[i.pk for i in items]).update(published_at=timezone.now())
    listed = []
    for n in (1, 2, 3):
        listed += locations(client, f"/sitemap-items-{n}.xml", "url")
    assert sorted(listed) == sorted(f"http://testserver/items/{item.pk}/" for item in items)


def test_an_item_page_gives_each_items_last_modification(client, profile):
    item = published()
    root = ET.fromstring(client.get("/sitemap-items-1.xml").content)
    (url,) = root.findall("s:url", NS)
    assert url.find("s:lastmod", NS).text == timezone.localdate(item.updated_at).isoformat()


def test_the_pages_sitemap_lists_the_fixed_pages(client, profile):
    listed = locations(client, "/sitemap-pages.xml", "url")
    assert listed == [f"http://testserver{path}" for path in sitemaps.STATIC_PAGES]


def test_an_empty_catalogue_has_only_the_pages_sitemap(client, profile):
    assert locations(client, "/sitemap.xml", "sitemap") == ["http://testserver/sitemap-pages.xml"]
    assert client.get("/sitemap-items-1.xml").status_code == 404
