"""Every state but PUBLISHED is invisible on every public path (the selector is the
only door). Each hidden item was published first, so it has an index number, a
publication date and an attachment, and then moved to its state."""

import datetime

import pytest
from django.db.models import Q

from disclosure.choices import ItemKind, State
from disclosure.models import DisclosureItem, Topic
from tests.disclosure.factories import ItemFactory, publish, published
from tests.portal.factories import DepartmentFactory

pytestmark = pytest.mark.django_db

HIDDEN_STATES = [state for state in State if state != State.PUBLISHED]
KINDS = [ItemKind.DOCUMENT, ItemKind.NEWS, ItemKind.ANNUAL_REPORT, ItemKind.GUIDE, ItemKind.POLICY]


@pytest.fixture
def world(profile):
    dept = DepartmentFactory(code="HIDE", name="隐藏测试处")
    topic = Topic.objects.get(code="budget")
    visible = published(
        title="公开的预算信息",
        topic=topic,
        publisher=dept,
        formed_on=datetime.date(2024, 6, 1),
        document_number="隐狱发〔2024〕1号",
        attachments=[("公开附件.txt", b"public")],
    )
    hidden = []
    for state in HIDDEN_STATES:
        for kind in KINDS:
            item = ItemFactory(
                kind=kind,
                title=f"内部预算草稿{state.value}{kind.value}",
                topic=topic,
                publisher=dept,
                formed_on=datetime.date(2024, 6, 1),
                report_year=2024,
                document_number=f"隐狱发〔2024〕{len(hidden) + 100}号",
                summary="内部预算草稿的概述",
            )
            publish(item, attachments=[(f"草稿附件{item.pk}.txt", b"secret")])
            DisclosureItem.objects.filter(pk=item.pk).update(state=state)
            item.refresh_from_db()
            assert item.state == state
            hidden.append(item)
    return visible, hidden


def public_pages(client, visible, hidden):
    """(url, response) for every public listing, feed and filter combination."""
    urls = [
        "/",
        "/guide/",
        "/policy/",
        "/news/",
        "/reports/",
        "/catalogue/",
        "/feeds/atom/",
        "/feeds/json/",
        "/sitemap.xml",
        "/sitemap-items-1.xml",
        "/departments/",
    ]
    filters = [
        {"topic": "budget"},
        {"department": "HIDE"},
        {"year": "2024"},
        {"validity": "in_force"},
        {"topic": "budget", "department": "HIDE", "year": "2024", "validity": "in_force"},
    ]
    for sort in ["published", "-published", "formed", "-formed"]:
        filters.append({"sort": sort})
    for query in filters:
        for page in ["1", "2", "3"]:
            urls.append("/catalogue/?" + "&".join(f"{k}={v}" for k, v in {**query, "page": page}.items()))
    for q in (
        ["内部预算草稿", "预算", "草稿", "隐狱发", "内部预算草稿的概述"]
        + [item.title for item in hidden]
        + [item.document_number for item in hidden]
    ):
        urls.append(f"/search/?q={q}")
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        yield url, response


def test_every_hidden_state_is_invisible_everywhere(client, world):
    visible, hidden = world
    assert set(HIDDEN_STATES) == {item.state for item in hidden}
    saw_visible = set()
    for url, response in public_pages(client, visible, hidden):
        content = b"".join(response.streaming_content) if response.streaming else response.content
        text = content.decode()
        if url.startswith("/search/"):
            # The page repeats the query itself; what matters is the results.
            text = text.replace(url.split("q=", 1)[1], "")
            assert not set(response.context["page"].object_list) & set(hidden), url
        if visible.get_absolute_url() in text or visible.title in text:
            saw_visible.add(url.split("?")[0])
        for item in hidden:
            assert item.title not in text, (url, item.state)
            assert f"/items/{item.pk}/" not in text, (url, item.state)
            assert item.index_number not in text, (url, item.state)
    # The pages do list published content: the control item shows up on each listing.
    assert {"/", "/catalogue/", "/search/", "/feeds/atom/", "/feeds/json/", "/sitemap-items-1.xml"} <= saw_visible


def test_hidden_detail_and_attachment_urls_are_404(client, world):
    visible, hidden = world
    assert client.get(visible.get_absolute_url()).status_code == 200
    assert client.get(visible.attachments.get().get_absolute_url()).status_code == 200
    for item in hidden:
        assert client.get(item.get_absolute_url()).status_code == 404, item.state
        for att in item.attachments.all():
            assert client.get(att.get_absolute_url()).status_code == 404, item.state


def test_selector_returns_only_published(world):
    from disclosure.selectors import published_items

    visible, hidden = world
    assert list(published_items()) == [visible]
    assert not DisclosureItem.objects.filter(Q(pk__in=[i.pk for i in hidden]) & Q(state=State.PUBLISHED)).exists()
