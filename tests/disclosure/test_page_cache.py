"""The public page cache (portal/public_cache.py): pages are served from the cache, every
content change committed makes them stale at once, signed-in users never get a cached
page, conditional requests get 304, and a cache that is down only makes pages slower."""

import socket

import pytest
from django.test import override_settings

from disclosure.choices import ItemKind, Validity
from disclosure.models import DisclosureItem, Topic
from portal.models import SiteProfile
from review import services
from tests.review.factories import World
from tests.review.public_paths import build, token

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return World()


@pytest.fixture
def cached(settings):
    settings.PUBLIC_PAGE_CACHE = True


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what the block queues on commit, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def publish(world, commit, label, kind=ItemKind.DOCUMENT) -> DisclosureItem:
    with commit():
        return build(world, label, kind)


# (path, kind of item it lists, what marks the item on that page)
PATHS = [
    ("/", ItemKind.DOCUMENT, "token"),
    ("/", ItemKind.NEWS, "token"),
    ("/catalogue/", ItemKind.DOCUMENT, "token"),
    ("/catalogue/?topic=regulations&year=2026", ItemKind.DOCUMENT, "token"),
    ("/items/{pk}/", ItemKind.DOCUMENT, "token"),
    ("/news/", ItemKind.NEWS, "token"),
    ("/guide/", ItemKind.GUIDE, "token"),
    ("/policy/", ItemKind.POLICY, "token"),
    ("/search/?q={token}", ItemKind.DOCUMENT, "url"),
    ("/feeds/atom/", ItemKind.DOCUMENT, "token"),
    ("/feeds/json/", ItemKind.DOCUMENT, "token"),
]


def marker(item, kind_of_marker: str) -> str:
    return token("published", item.kind) if kind_of_marker == "token" else f"/items/{item.pk}/"


@pytest.mark.parametrize(("path", "kind", "mark"), PATHS)
def test_withdrawal_is_never_served_from_the_cache(client, world, cached, commit, path, kind, mark):
    item = publish(world, commit, "published", kind)
    url = path.format(pk=item.pk, token=token("published", kind))
    first = client.get(url)
    assert first.status_code == 200 and marker(item, mark) in first.content.decode()
    second = client.get(url)
    assert second["X-Page-Cache"] == "hit" and marker(item, mark) in second.content.decode()

    with commit():
        services.withdraw_item(item=item, actor=world.office1, reason="撤回测试")

    after = client.get(url)
    assert "X-Page-Cache" not in after
    if path.startswith("/items/"):
        assert after.status_code == 404
    else:
        assert after.status_code == 200 and marker(item, mark) not in after.content.decode()


def test_withdrawal_leaves_the_cached_sitemap_at_once(client, world, cached, commit, monkeypatch):
    from disclosure import sitemaps

    monkeypatch.setattr(sitemaps, "ITEMS_PER_PAGE", 1)
    older = publish(world, commit, "published")
    newer = publish(world, commit, "published", ItemKind.NEWS)
    urls = ("/sitemap.xml", "/sitemap-items-1.xml", "/sitemap-items-2.xml")
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit"
    assert "/sitemap-items-2.xml</loc>" in client.get("/sitemap.xml").content.decode()
    assert f"/items/{newer.pk}/</loc>" in client.get("/sitemap-items-1.xml").content.decode()

    with commit():
        services.withdraw_item(item=newer, actor=world.office1, reason="撤回测试")

    index = client.get("/sitemap.xml")
    assert "X-Page-Cache" not in index and "/sitemap-items-2.xml</loc>" not in index.content.decode()
    first = client.get("/sitemap-items-1.xml").content.decode()
    assert f"/items/{newer.pk}/</loc>" not in first and f"/items/{older.pk}/</loc>" in first
    assert client.get("/sitemap-items-2.xml").status_code == 404


def test_cached_pages_are_served_gzipped_to_clients_that_accept_it(client, world, cached, commit):
    import gzip

    item = publish(world, commit, "published")
    marker = token("published", item.kind)
    # A page computed afresh (a miss) is compressed for the client that asks for it.
    fresh = client.get("/catalogue/", HTTP_ACCEPT_ENCODING="gzip")
    assert "X-Page-Cache" not in fresh and fresh["Content-Encoding"] == "gzip"
    assert marker in gzip.decompress(fresh.content).decode()
    plain = client.get("/catalogue/")
    assert plain["X-Page-Cache"] == "hit" and "Content-Encoding" not in plain
    assert "Accept-Encoding" in plain["Vary"] and marker in plain.content.decode()
    for attempt in ("hit", "hit again"):
        packed = client.get("/catalogue/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
        assert packed["X-Page-Cache"] == "hit" and packed["Content-Encoding"] == "gzip", attempt
        assert gzip.decompress(packed.content) == plain.content
        assert int(packed["Content-Length"]) == len(packed.content) < len(plain.content)
        assert "Accept-Encoding" in packed["Vary"]
    # Each representation has its own validator, and each answers 304 to its own.
    assert packed["ETag"] != plain["ETag"]
    again = client.get("/catalogue/", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=packed["ETag"])
    assert again.status_code == 304
    assert client.get("/catalogue/", HTTP_IF_NONE_MATCH=packed["ETag"]).status_code == 200
    assert client.get("/catalogue/", HTTP_IF_NONE_MATCH=plain["ETag"]).status_code == 304


def test_repeal_is_shown_at_once(client, world, cached, commit):
    item = publish(world, commit, "published")
    badge = '<span class="badge badge-void"><strong>已废止</strong></span>'
    assert badge not in client.get("/catalogue/").content.decode()
    assert client.get("/catalogue/")["X-Page-Cache"] == "hit"
    client.get(f"/items/{item.pk}/")
    with commit():
        services.repeal_item(item=item, actor=world.office1)
    assert DisclosureItem.objects.get(pk=item.pk).validity == Validity.REPEALED
    assert badge in client.get("/catalogue/").content.decode()
    assert badge in client.get(f"/items/{item.pk}/").content.decode()


def test_edit_of_a_published_item_is_shown_at_once(client, world, cached, commit):
    item = publish(world, commit, "published")
    client.get(f"/items/{item.pk}/")
    assert client.get(f"/items/{item.pk}/")["X-Page-Cache"] == "hit"
    # Content edits void the clearances (the database refuses them while published); what
    # can change in place is outside the revision, e.g. the admin marking it expired.
    with commit():
        item = DisclosureItem.objects.get(pk=item.pk)
        item.validity = Validity.EXPIRED
        item.save(update_fields=["validity"])
    assert "<strong>已失效</strong>" in client.get(f"/items/{item.pk}/").content.decode()


def test_publication_is_shown_at_once(client, world, cached, commit):
    client.get("/catalogue/")
    assert client.get("/catalogue/")["X-Page-Cache"] == "hit"
    item = publish(world, commit, "published")
    assert token("published", item.kind) in client.get("/catalogue/").content.decode()


def test_profile_and_topic_changes_are_shown_at_once(client, world, cached, commit):
    publish(world, commit, "published")
    client.get("/catalogue/")
    assert client.get("/catalogue/")["X-Page-Cache"] == "hit"
    with commit():
        profile = SiteProfile.current()
        profile.org_name = "改名后的监狱管理局"
        profile.save()
    assert "改名后的监狱管理局" in client.get("/catalogue/").content.decode()
    assert client.get("/catalogue/")["X-Page-Cache"] == "hit"
    with commit():
        topic = Topic.objects.get(code="regulations")
        topic.name = "改名后的主题"
        topic.save()
    assert "改名后的主题" in client.get("/catalogue/").content.decode()
    with commit():
        world.zzb.name = "改名后的政治部"
        world.zzb.save()
    assert "改名后的政治部" in client.get("/catalogue/").content.decode()


def test_signed_in_users_never_get_a_cached_page(client, world, cached, commit):
    publish(world, commit, "published")
    client.get("/catalogue/")
    assert client.get("/catalogue/")["X-Page-Cache"] == "hit"
    client.force_login(world.office1)
    for url in ("/catalogue/", "/", "/staff/"):
        response = client.get(url)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
        cache_control = response["Cache-Control"]
        assert "public" not in cache_control and "private" in cache_control and "no-store" in cache_control
    # The staff view of the catalogue was not stored for anonymous visitors either.
    client.logout()
    assert "工作台" not in client.get("/catalogue/").content.decode()


def test_anonymous_pages_carry_validators_and_answer_304(client, world, cached, commit):
    publish(world, commit, "published")
    first = client.get("/catalogue/")
    assert "public" in first["Cache-Control"] and first["ETag"] and first["Last-Modified"]
    again = client.get("/catalogue/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    since = client.get("/catalogue/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    assert client.get("/catalogue/", HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_a_page_that_sets_a_cookie_is_not_stored(client, world, cached):
    # The request form issues a CSRF cookie; it is not in the cached views anyway, and
    # a cached view that did set one would not be stored.
    client.get("/requests/new/")
    response = client.get("/requests/new/")
    assert "X-Page-Cache" not in response


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_pages_are_computed_when_the_cache_is_down(client, world, cached, commit):
    item = publish(world, commit, "published")
    dead = {
        "default": {"BACKEND": "portal.cache.FailSoftRedisCache", "LOCATION": f"redis://127.0.0.1:{_free_port()}/0"}
    }
    with override_settings(CACHES=dead):
        for url in ("/", "/catalogue/", f"/items/{item.pk}/", "/feeds/json/", "/sitemap.xml", "/sitemap-items-1.xml"):
            response = client.get(url)
            assert response.status_code == 200, url
            assert "X-Page-Cache" not in response
        with commit():
            services.withdraw_item(item=item, actor=world.office1, reason="缓存不可用时撤回")
        assert client.get(f"/items/{item.pk}/").status_code == 404


def test_a_withdrawn_annual_report_leaves_the_cached_report_pages(client, world, cached, commit):
    from django.contrib.auth.models import Permission

    from disclosure.annual_report.services import generate_report_draft
    from review.permissions import DRAFTERS, ensure_department_membership, ensure_role_groups
    from review.selectors import pending_step
    from tests.portal.factories import UserFactory
    from tests.reports.factories import request

    compiler = UserFactory(username="bgs_clerk", department=world.office)
    compiler.groups.add(ensure_role_groups()[DRAFTERS])
    compiler.user_permissions.add(Permission.objects.get(codename="manage_annual_report"))
    ensure_department_membership(compiler)
    compiler = type(compiler).objects.get(pk=compiler.pk)
    request("natural_person", "2025-03-01", "2025-03-20", "disclosed")
    with commit():
        report, _ = generate_report_draft(year=2025, actor=compiler)
        item = report.item
        services.submit_for_review(item=item, actor=compiler)
        services.clear_confidentiality(step=pending_step(item), actor=world.office1)
        services.determine_attribute(
            step=pending_step(item), actor=world.legal1, attribute="proactive", forms=["website"]
        )
    for url in ("/reports/", "/reports/2025/"):
        assert item.title in client.get(url).content.decode()
        assert client.get(url)["X-Page-Cache"] == "hit"
    with commit():
        services.withdraw_item(item=item, actor=world.office1, reason="撤回年度报告")
    assert item.title not in client.get("/reports/").content.decode()
    assert client.get("/reports/2025/").status_code == 404


def test_a_bump_that_cannot_reach_the_cache_is_retried_on_the_next_request(client, world, cached, monkeypatch):
    from django.core.cache import cache

    from portal import public_cache

    before = public_cache.current_generation()

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    with monkeypatch.context() as patch:
        patch.setattr(cache, "incr", down)
        public_cache.bump_generation()
        assert public_cache._pending_bump and public_cache.current_generation() == before
    client.get("/robots.txt")
    assert not public_cache._pending_bump and public_cache.current_generation() > before


def test_a_hit_is_one_round_trip_to_the_cache(client, world, cached, commit, monkeypatch):
    """The generation and the page are read together (one MGET): a hit costs one round trip,
    and the page is served only when it was computed in the current generation."""
    from django.core.cache import cache

    publish(world, commit, "published")
    client.get("/catalogue/")
    calls = []
    for name in ("get", "get_many"):
        real = getattr(cache, name)
        monkeypatch.setattr(cache, name, lambda *a, _real=real, _name=name, **k: calls.append(_name) or _real(*a, **k))
    hit = client.get("/catalogue/")
    assert hit["X-Page-Cache"] == "hit" and calls == ["get_many"]
    from portal.public_cache import bump_generation

    bump_generation()  # the stored bytes are still there, from the generation before
    assert "X-Page-Cache" not in client.get("/catalogue/")
