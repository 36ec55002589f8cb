"""Long public lists: a page read by its keys (from either end of the order) holds exactly
the rows that plain OFFSET paging gives, for every sort; counts are taken once per content
generation; the number of queries does not grow with the catalogue."""

import datetime

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.data import catalogue
from disclosure.forms import SORTS
from disclosure.models import DisclosureItem
from disclosure.pagination import KeysetPaginator
from disclosure.selectors import catalogue_rows, published_items
from tests.disclosure.factories import published

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("sort", list(SORTS))
def test_every_page_matches_offset_paging(profile, sort):
    catalogue(47)
    # Ties and missing dates, so the order's last column decides.
    DisclosureItem.objects.filter(pk__in=list(DisclosureItem.objects.values_list("pk", flat=True)[:10])).update(
        formed_on=None, published_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    )
    queryset = published_items().order_by(*SORTS[sort][1])
    plain = Paginator(queryset, 5)
    keyset = KeysetPaginator(queryset, 5, fetch=catalogue_rows)
    assert keyset.count == plain.count == 47 and keyset.num_pages == 10
    for number in plain.page_range:
        assert [i.pk for i in keyset.page(number)] == [i.pk for i in plain.page(number)], (sort, number)


def test_a_page_shows_only_listed_columns(profile):
    catalogue(3)
    item = KeysetPaginator(published_items(), 20, fetch=catalogue_rows).page(1)[0]
    assert "body" in item.get_deferred_fields() and "summary" in item.get_deferred_fields()


def test_count_is_reused_until_content_changes(profile):
    catalogue(5)
    assert KeysetPaginator(published_items(), 2, fetch=catalogue_rows).count == 5
    with CaptureQueriesContext(connection) as ctx:
        assert KeysetPaginator(published_items(), 2, fetch=catalogue_rows).count == 5
    assert ctx.captured_queries == []
    published(title="新发布的一条")
    assert KeysetPaginator(published_items(), 2, fetch=catalogue_rows).count == 6


def test_years_are_recomputed_when_content_changes(client, profile):
    published(title="二〇一〇年的文件", formed_on=datetime.date(2010, 3, 1))
    assert "2010年" in client.get("/catalogue/").content.decode()
    published(title="二〇〇八年的文件", formed_on=datetime.date(2008, 3, 1))
    assert "2008年" in client.get("/catalogue/").content.decode()


def count(client, url) -> int:
    client.get(url)  # warm the profile, count and year caches, as in production
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def counts(client) -> dict[str, int]:
    item = published_items().first()
    last = published_items().count() // 20 + 1
    return {
        "catalogue": count(client, "/catalogue/"),
        "catalogue_last": count(client, f"/catalogue/?page={last}"),
        "catalogue_filtered": count(client, f"/catalogue/?topic={item.topic.code}&department={item.publisher.code}"),
        "item": count(client, item.get_absolute_url()),
        "news": count(client, "/news/"),
        "news_last": count(client, "/news/?page=99999"),
        "search": count(client, "/search/?q=监狱"),
        "home": count(client, "/"),
    }


def test_query_counts_are_the_same_at_20_and_200_items(client, profile, capsys):
    catalogue(20)
    twenty = counts(client)
    catalogue(180, seed=4)
    two_hundred = counts(client)
    with capsys.disabled():
        print(f"\nquery counts (20 items): {twenty}\nquery counts (200 items): {two_hundred}")
    assert twenty == two_hundred


def test_far_pages_of_the_newest_first_order_start_from_remembered_rows(profile, monkeypatch):
    """With every 4th row remembered, each page (ties in publication time included) holds
    exactly what OFFSET paging gives, and a page reads its keys in one query."""
    from disclosure import pagination

    monkeypatch.setattr(pagination, "STRIDE", 4)
    catalogue(31)
    DisclosureItem.objects.filter(pk__in=list(DisclosureItem.objects.values_list("pk", flat=True)[:12])).update(
        published_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    )
    queryset = published_items().order_by("-published_at", "-id")
    plain = Paginator(queryset, 3)
    keyset = KeysetPaginator(queryset, 3, fetch=catalogue_rows)
    assert keyset._anchors() is not None and len(keyset._anchors()) == 8
    for number in plain.page_range:
        assert [i.pk for i in keyset.page(number)] == [i.pk for i in plain.page(number)], number
    with CaptureQueriesContext(connection) as ctx:
        KeysetPaginator(queryset, 3, fetch=catalogue_rows).page(9)
    assert len(ctx.captured_queries) == 2  # the page's keys, then its rows (count and anchors cached)
