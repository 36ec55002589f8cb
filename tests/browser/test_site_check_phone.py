"""The staff page 网站健康检查 on a 360-px phone: no page-level sideways scrolling (its
tables become stacked cards, long links wrap), in the normal, large-type and high-contrast
modes, axe clean."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.conftest import axe_serious

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    from disclosure.choices import State
    from disclosure.models import DisclosureItem
    from portal.public_cache import bump_generation

    call_command("load_demo", stdout=io.StringIO())
    published = DisclosureItem.objects.filter(state=State.PUBLISHED)
    # A stale column and a long broken link, so every kind of row shows.
    published.filter(topic__code="statistics").update(published_at=timezone.now() - timedelta(days=400))
    item = published.first()
    DisclosureItem.objects.filter(pk=item.pk).update(
        body='<p><a href="/catalogue/2019/very-long-address-of-a-column-that-was-removed-long-ago/index.html">旧</a></p>'
    )
    bump_generation()


@pytest.mark.usefixtures("demo")
def test_site_check_page_at_360px(page):
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto("/staff/login/")
    page.get_by_label("用户名").fill("bgs_reviewer")
    page.get_by_label("密码").fill("Demo-2026!")
    page.locator("main").get_by_role("button", name="登录").click()
    page.wait_for_url("**/staff/")
    assert page.locator('nav a[href="/staff/site-check/"]').count() == 1
    page.goto("/staff/site-check/")
    assert "very-long-address" in page.locator("main").inner_text()
    problems = []
    for mode in ("normal", "large-type", "high-contrast"):
        page.goto("/staff/site-check/")
        if mode != "normal":
            page.evaluate(f"document.documentElement.classList.add('{mode}')")
        else:
            serious = axe_serious(page)
            if serious:
                problems.append((mode, "axe", [v["id"] for v in serious]))
        width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        # The stacked cards fit the phone: nothing scrolls inside the tables' boxes either.
        inner = page.evaluate(
            "[...document.querySelectorAll('.table-scroll')].filter(e => e.scrollWidth > e.clientWidth + 1).length"
        )
        if inner:
            problems.append((mode, "table wider than the screen", inner))
        if width[0] > width[1]:
            wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                .slice(0, 6).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))""")
            problems.append((mode, width, wide))
    assert problems == []
