"""The kernel side of the site check: the daily scan's reminders (once per key and level),
the staff page 网站健康检查 (administrators and the Office only, never publicly cached, a
fixed number of queries), its nav link and dashboard panel."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from disclosure.choices import State
from disclosure.models import DisclosureItem
from portal.models import Department, Notification, SiteCheckReminder
from portal.public_cache import bump_generation
from portal.scans import run_daily_scan
from portal.site_check import AMBER, RED, run_checks
from tests.disclosure.factories import ItemFactory, published
from tests.portal.factories import DepartmentFactory, OfficeFactory, SiteProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/staff/site-check/"


def _published_on(item: DisclosureItem, days_ago: int) -> None:
    """Test set-up: move an item's publication date back (no service does)."""
    at = timezone.now() - timedelta(days=days_ago)
    DisclosureItem.objects.filter(pk=item.pk).update(published_at=at)
    bump_generation()


@pytest.fixture
def site(db):
    SiteProfileFactory()
    department = DepartmentFactory(code="XFZX", name="刑罚执行处")
    clerk = UserFactory(username="xfzx_clerk", department=department)
    admin = UserFactory(username="site_admin", is_superuser=True, is_staff=True, department=None)
    item = published(
        title="监狱开放日活动通知", publisher=department, body='<p><a href="/no-such-page/">旧栏目</a></p>'
    )
    # The body above was sanitised on save; the link is kept (it is this site's path).
    assert 'href="/no-such-page/"' in DisclosureItem.objects.get(pk=item.pk).body
    _published_on(item, 15)
    return {"department": department, "clerk": clerk, "admin": admin, "item": item}


def test_scan_reminds_each_finding_once_to_its_department_or_the_administrators(site):
    # No disclosure office is set up: what belongs to the site as a whole goes to the administrators.
    Department.objects.update(is_disclosure_office=False)
    today = timezone.localdate()
    due = [f for f in run_checks(today) if f.level in (AMBER, RED)]
    keys = {f.key for f in due}
    assert "home" in keys and "column:topic:statistics" in keys  # stale home, empty column
    assert any(k.startswith(f"link:{site['item'].pk}:") for k in keys)

    first = run_daily_scan(today, force=True)
    assert first["site_check"]["site_check_reminders"] == len(due)
    assert SiteCheckReminder.objects.count() == len(due)
    assert not SiteCheckReminder.objects.filter(sent_at__isnull=True).exists()
    notes = Notification.objects.count()

    second = run_daily_scan(today, force=True)
    assert second["site_check"]["site_check_reminders"] == 0
    assert SiteCheckReminder.objects.count() == len(due) and Notification.objects.count() == notes

    # The broken link belongs to the publishing department, with the item's workflow page;
    # the home page and an empty column to the administrators, with the page to look at.
    ours = Notification.objects.filter(topic__startswith="portal.sitecheckreminder:")
    clerk_notes = dict(ours.filter(recipient=site["clerk"]).values_list("message", "url"))
    link_note = next(m for m in clerk_notes if "/no-such-page/" in m)
    assert clerk_notes[link_note] == f"/staff/review/items/{site['item'].pk}/"
    assert not any("统计信息" in m or "首页" in m for m in clerk_notes)
    admin_notes = dict(ours.filter(recipient=site["admin"]).values_list("message", "url"))
    empty_note = next(m for m in admin_notes if "统计信息" in m and "空白栏目" in m)
    assert admin_notes[empty_note] == "/catalogue/?topic=statistics"
    assert any("首页" in m for m in admin_notes)


def test_the_disclosure_office_answers_for_the_site_as_a_whole(site):
    office = Department.objects.get(is_disclosure_office=True)
    run_daily_scan(timezone.localdate(), force=True)
    assert SiteCheckReminder.objects.get(key="column:topic:statistics").department == office
    assert SiteCheckReminder.objects.get(key__startswith="home@").department == office
    assert SiteCheckReminder.objects.get(key__startswith=f"link:{site['item'].pk}:").department == site["department"]


def test_a_column_stale_again_after_an_update_is_reminded_again(site):
    today = timezone.localdate()
    run_daily_scan(today, force=True)
    assert SiteCheckReminder.objects.filter(key__startswith="home@").count() == 1
    # Updated, then stale again from a later date: a new episode, a new reminder.
    _published_on(site["item"], 0)
    assert {f.key: f for f in run_checks(today)}["home"].level == "ok"
    _published_on(site["item"], 14)
    run_daily_scan(today, force=True)
    assert SiteCheckReminder.objects.filter(key__startswith="home@", level=RED).count() == 2


def test_the_page_is_for_administrators_and_the_office_only(site, client, settings):
    settings.PUBLIC_PAGE_CACHE = True
    r = client.get(URL)
    assert r.status_code == 302 and "/staff/login/" in r["Location"]
    assert "X-Page-Cache" not in client.get(URL)

    client.force_login(site["clerk"])
    assert client.get(URL).status_code == 403
    home = client.get("/staff/").content.decode()
    assert URL not in home

    office_user = UserFactory(username="bgs_web", department=OfficeFactory())
    checker = UserFactory(username="web_checker", department=site["department"])
    checker.groups.add(Group.objects.get(name="网站健康检查人员"))
    for user in (office_user, site["admin"], checker):
        client.force_login(user)
        first = client.get(URL)
        again = client.get(URL)
        assert first.status_code == again.status_code == 200, user
        assert "X-Page-Cache" not in again
        cache_control = again["Cache-Control"]
        assert "private" in cache_control or "no-cache" in cache_control
        assert "public" not in cache_control
        page = again.content.decode()
        assert "<h1>网站健康检查</h1>" in page and "/no-such-page/" in page and "刑罚执行处" in page
        assert "统计信息（主题分类）" in page and "空白栏目" in page
        # The nav link and the dashboard panel with the counts.
        staff_home = client.get("/staff/").content.decode()
        assert f'href="{URL}"' in staff_home and "已超限" in staff_home


def _links_body(n: int, good_pk: int) -> str:
    return (
        f'<p><a href="/items/{good_pk}/">有效</a><a href="/gone-{n}/">失效</a>'
        f'<a href="/items/{good_pk}/attachments/{n + 1}/">失效附件</a></p>'
    )


def _grow(template: DisclosureItem, department, n: int) -> None:
    """Test set-up: n more published items with internal links (copies of one published
    row, so the database's publication constraint holds) and n overdue drafts."""
    fields = {
        f.attname: getattr(template, f.attname)
        for f in DisclosureItem._meta.concrete_fields
        if not f.primary_key and f.attname not in ("index_number", "search_vector", "search_title")
    }
    start = DisclosureItem.objects.count()
    DisclosureItem.objects.bulk_create(
        [DisclosureItem(**{**fields, "title": f"复制{start + i}", "index_number": f"T/{start + i}"}) for i in range(n)]
    )
    DisclosureItem.objects.filter(state=State.PUBLISHED, title__startswith="复制").update(
        body=_links_body(7, template.pk)
    )
    old = timezone.localdate() - timedelta(days=90)
    DisclosureItem.objects.bulk_create(
        [ItemFactory.build(title=f"逾期草稿{start + i}", publisher=department, formed_on=old) for i in range(n)]
    )
    bump_generation()


def test_page_queries_do_not_grow_with_the_items(site, client):
    office_user = UserFactory(username="bgs_web", department=OfficeFactory())
    client.force_login(office_user)
    counts = []
    total = 0
    for n in (20, 180):
        total += n
        _grow(site["item"], site["department"], n)
        client.get(URL)  # warm the per-process calendar and session
        bump_generation()  # the link check is cached per content generation: recompute it
        with CaptureQueriesContext(connection) as ctx:
            r = client.get(URL)
        assert r.status_code == 200
        counts.append(len(ctx.captured_queries))
        page = r.content.decode()
        assert page.count("链接 /gone-7/ 指向的页面不存在") == total
        assert page.count("《逾期草稿") == total
    assert counts[0] == counts[1], counts
