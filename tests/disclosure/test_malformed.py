"""Malformed input gives a normal page or a 404, never a 500 (the test client raises
on a server error, so any exception fails the test)."""

import pytest

from tests.disclosure.factories import published

pytestmark = pytest.mark.django_db

ODD = [
    "\x00",
    "%",
    "%%",
    "'",
    '"',
    "\\",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "a:*",
    "!",
    "&|!()",
    "预算\x00监狱",
    "　",
    "\u200b",
    "\ud7ff",
    "😀",
    "9" * 40,
    "-1",
    "0",
    "1.5",
    "1e9",
    "",
    " ",
    "null",
    "[]",
    "{}",
    "预" * 3000,
    "%00",
    "\n\r\t",
    "～！@＃￥%……&＊（）",
]


@pytest.fixture
def item(profile):
    return published(attachments=[("a.txt", b"a")])


@pytest.mark.parametrize("value", ODD)
def test_search_never_fails(client, item, value):
    response = client.get("/search/", {"q": value, "page": value})
    assert response.status_code == 200


@pytest.mark.parametrize("value", ODD)
def test_catalogue_filters_and_pages_never_fail(client, item, value):
    for key in ["topic", "department", "year", "validity", "sort", "page"]:
        assert client.get("/catalogue/", {key: value}).status_code == 200, key
    assert (
        client.get(
            "/catalogue/", dict.fromkeys(["topic", "department", "year", "validity", "sort", "page"], value)
        ).status_code
        == 200
    )


def test_unknown_filter_values_are_ignored_with_a_note(client, item):
    response = client.get("/catalogue/", {"topic": "no-such-topic", "year": "1888", "validity": "bogus"})
    html = response.content.decode()
    assert response.status_code == 200 and item.title in html
    assert "已忽略" in html and "主题分类" in html and "生成年份" in html


@pytest.mark.parametrize(
    "url", ["/catalogue/?page=999999", "/news/?page=abc", "/search/?q=a&page=99999999999999999999"]
)
def test_out_of_range_pages_give_a_page(client, item, url):
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/items/0/",
        "/items/99999999999999999999/",
        "/items/abc/",
        "/items/%00/",
        "/items/1/attachments/x/",
        "/items/99999999999999999999/attachments/1/",
        "/items/1/attachments/99999999999999999999/",
        "/items/-1/",
    ],
)
def test_bad_item_urls_are_404(client, item, url):
    assert client.get(url).status_code == 404


def test_feeds_and_listings_accept_junk_parameters(client, item):
    for url in [
        "/",
        "/guide/",
        "/policy/",
        "/news/",
        "/reports/",
        "/departments/",
        "/feeds/atom/",
        "/feeds/json/",
        "/sitemap.xml",
        "/robots.txt",
    ]:
        assert client.get(url, {"page": "\x00", "q": "'%"}).status_code in (200, 404), url


def test_post_is_refused_not_crashed(client, item):
    assert client.post("/catalogue/").status_code == 405
