"""Pages have a fixed number of queries: the same with 5 published items as with 50."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from disclosure.choices import ItemKind
from tests.disclosure.factories import published

pytestmark = pytest.mark.django_db


def count(client, url) -> int:
    client.get(url)  # warm the site-profile cache, as in production
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def build(n: int):
    items = []
    for i in range(n):
        kind = ItemKind.NEWS if i % 3 == 0 else ItemKind.DOCUMENT
        items.append(published(kind=kind, attachments=[(f"附件{i}-{j}.txt", b"x") for j in range(i % 3)]))
    return items


def counts(client, items) -> dict[str, int]:
    item = items[-1]
    return {
        "catalogue": count(client, "/catalogue/"),
        "catalogue_filtered": count(
            client, f"/catalogue/?topic=regulations&year=2025&department={item.publisher.code}"
        ),
        "item": count(client, item.get_absolute_url()),
        "home": count(client, "/"),
        "news": count(client, "/news/"),
        "search": count(client, "/search/?q=通知"),
        "feed_json": count(client, "/feeds/json/"),
        "feed_atom": count(client, "/feeds/atom/"),
        "sitemap_index": count(client, "/sitemap.xml"),
        "sitemap_items": count(client, "/sitemap-items-1.xml"),
    }


def test_query_counts_do_not_grow_with_the_number_of_items(client, profile, capsys):
    items = build(5)
    five = counts(client, items)
    items += build(45)
    fifty = counts(client, items)
    with capsys.disabled():
        print(f"\nquery counts (5 items): {five}\nquery counts (50 items): {fifty}")
    assert five == fifty
    assert five["catalogue"] <= 6 and five["item"] <= 3 and five["home"] <= 4
    # Where each sitemap page starts is read once per content generation; a page is one query.
    assert five["sitemap_index"] == 0 and five["sitemap_items"] == 1
