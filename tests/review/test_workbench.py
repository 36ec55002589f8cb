"""The review workbench at volume: paging, state and department filters, Art. 26 warnings
only for items still in the flow, versions shown as 第N版."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from disclosure.models import DisclosureItem, Topic
from review import selectors, services
from tests.portal.factories import UserFactory

from .factories import draft, item_data

pytestmark = pytest.mark.django_db
URL = reverse("review:workbench")
LONG_AGO = datetime.date(2025, 1, 6)


def _admin(world):
    return UserFactory(username="root", department=world.zzb, is_superuser=True, is_staff=True)


def _bulk(world, n, *, publisher, state="draft", formed_on=LONG_AGO):
    from django.utils import timezone

    topic = Topic.objects.get(code="regulations")
    cleared = {}
    if state == "scheduled":  # the database refuses one without both clearances of its revision
        now = timezone.now()
        cleared = {
            "confidentiality_cleared_at": now,
            "attribute_determined_at": now,
            "attribute": "proactive",
            "scheduled_for": now,
        }
    items = []
    for i in range(n):
        h = f"h{publisher.code}{state}{i}"
        extra = {**cleared, "confidentiality_revision": h, "attribute_revision": h} if cleared else {}
        items.append(
            DisclosureItem(
                title=f"批量信息{publisher.code}{i:03d}",
                summary="概述",
                body="<p>x</p>",
                formed_on=formed_on,
                topic=topic,
                publisher=publisher,
                state=state,
                content_hash=h,
                **extra,
            )
        )
    return DisclosureItem.objects.bulk_create(items)


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url)
    assert r.status_code == 200
    return len(ctx.captured_queries), r


def test_workbench_is_paged_with_a_fixed_number_of_queries(client, world):
    admin = _admin(world)
    _bulk(world, 5, publisher=world.xfzx)
    client.force_login(admin)
    client.get(URL)
    few, r = _queries(client, URL)
    assert len(r.context["items"]) == 5
    _bulk(world, 120, publisher=world.zzb)
    many, r = _queries(client, URL)
    assert len(r.context["items"]) == 50 and r.context["page"].paginator.count == 125
    assert many == few
    html = r.content.decode()
    assert "共 125 条，第 1 / 3 页" in html and 'rel="next"' in html
    r = client.get(URL + "?page=3")
    assert len(r.context["items"]) == 25


def test_workbench_filters_by_state_and_department(client, world):
    admin = _admin(world)
    _bulk(world, 3, publisher=world.xfzx)
    _bulk(world, 4, publisher=world.zzb, state="withdrawn")
    client.force_login(admin)
    r = client.get(URL + f"?department={world.xfzx.pk}")
    assert {row["item"].publisher_id for row in r.context["items"]} == {world.xfzx.pk}
    assert len(r.context["items"]) == 3
    r = client.get(URL + "?state=withdrawn")
    assert len(r.context["items"]) == 4 and all(row["item"].state == "withdrawn" for row in r.context["items"])
    r = client.get(URL + f"?state=draft&department={world.zzb.pk}")
    assert r.context["items"] == [] and "没有符合条件的信息" in r.content.decode()
    r = client.get(URL + "?state=in_flow")
    assert len(r.context["items"]) == 3
    html = r.content.decode()
    assert "已撤回 <strong>4</strong> 条" in html and "审查流程中 <strong>3</strong> 条" in html
    # The department select offers the departments present, by name.
    assert f'<option value="{world.xfzx.pk}">刑罚执行处</option>' in html
    r = client.get(URL + "?state=nonsense&department=x")
    assert r.status_code == 200 and r.context["filters"].errors


@pytest.mark.parametrize(
    "state,warned",
    [
        ("draft", True),
        ("returned", True),
        ("confidentiality_review", True),
        ("attribute_review", True),
        ("scheduled", True),
        ("withdrawn", False),
        ("withheld", False),
        ("secret", False),
        ("on_request", False),
    ],
)
def test_art26_overdue_only_for_items_still_in_the_flow(client, world, state, warned):
    admin = _admin(world)
    _bulk(world, 1, publisher=world.zzb, state=state)
    client.force_login(admin)
    r = client.get(URL)
    row = r.context["items"][0]
    assert row["overdue"] is warned
    assert ("已超期" in r.content.decode()) is warned


def test_versions_are_numbered_with_date_and_author_and_hash_only_in_a_tooltip(client, world):
    item = draft(world)
    first = item.content_hash
    item = services.update_item(item=item, actor=world.drafter2, data=item_data(summary="修改后的概述。"))
    versions = selectors.item_versions(item)
    assert [(v.number, v.author) for v in versions] == [(1, world.drafter), (2, world.drafter2)]
    assert versions[0].hash == first and versions[1].hash == item.content_hash
    client.force_login(world.drafter)
    html = client.get(reverse("review:item", args=[item.pk])).content.decode()
    assert "第2版" in html and f'title="内容散列 {item.content_hash[:12]}' in html
    assert f"<code>{item.content_hash[:12]}</code>" not in html
    html = client.get(reverse("review:history", args=[item.pk])).content.decode()
    assert "第1版" in html and "第2版" in html and f"<code>{first[:12]}</code>" not in html
    # The version a reviewer saw is named by its number too.
    services.submit_for_review(item=item, actor=world.drafter)
    step = selectors.pending_step(item)
    assert selectors.version_of(versions, step.revision_hash, step.created_at).number == 2


def test_item_page_shows_no_art26_warning_once_withdrawn(client, world):
    admin = _admin(world)
    item = _bulk(world, 1, publisher=world.zzb, state="withdrawn")[0]
    client.force_login(admin)
    html = client.get(reverse("review:item", args=[item.pk])).content.decode()
    assert "第二十六条发布期限" not in html and "已超期" not in html
    DisclosureItem.objects.filter(pk=item.pk).update(state="returned")
    html = client.get(reverse("review:item", args=[item.pk])).content.decode()
    assert "第二十六条发布期限" in html and "已超期" in html


def test_published_list_is_paged(client, world):
    admin = _admin(world)
    _bulk(world, 60, publisher=world.zzb, state="scheduled")
    client.force_login(admin)
    r = client.get(reverse("review:published"))
    assert len(r.context["items"]) == 50 and "共 60 条，第 1 / 2 页" in r.content.decode()
    assert len(client.get(reverse("review:published") + "?page=2").context["items"]) == 10
