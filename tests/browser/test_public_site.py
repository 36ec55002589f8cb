"""The public site in a real Chromium: browse, filter, read, download; large type
survives a reload; no serious or critical axe-core violations."""

import datetime

import pytest

from disclosure.choices import Validity
from disclosure.models import Topic
from tests.conftest import axe_serious
from tests.disclosure.factories import published
from tests.portal.factories import DepartmentFactory, SiteProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def site(live_server):
    SiteProfileFactory()
    dept = DepartmentFactory(code="JHCW", name="计划财务处", duties="负责预算决算和财务管理。")
    target = published(
        title="示例省监狱管理局2025年部门预算公开",
        topic=Topic.objects.get(code="final-accounts"),
        publisher=dept,
        summary="2025年部门收支预算。",
        body="<p>现将2025年部门预算公开如下。</p>",
        document_number="",
        attachments=[("2025年部门预算公开表.pdf", PDF)],
    )
    published(
        title="示例省监狱会见管理暂行办法",
        validity=Validity.REPEALED,
        repealed_on=datetime.date(2025, 5, 20),
        formed_on=datetime.date(2016, 3, 1),
    )
    for i in range(3):
        published(title=f"关于做好第{i}季度安全生产工作的通知")
    return target


def test_browse_filter_read_and_download(page, site):
    page.goto("/")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="法定主动公开内容").click()
    page.wait_for_url("**/catalogue/")
    page.get_by_label("主题分类").select_option(label="预决算公开")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**/catalogue/?*topic=final-accounts*")
    rows = page.locator("table.catalogue tbody tr")
    assert rows.count() == 1
    rows.get_by_role("link", name=site.title).click()
    page.wait_for_url(f"**{site.get_absolute_url()}")
    assert page.get_by_role("heading", level=1).inner_text() == site.title
    with page.expect_download() as info:
        page.get_by_role("link", name="2025年部门预算公开表.pdf").click()
    download = info.value
    assert download.suggested_filename == "2025年部门预算公开表.pdf"
    with open(download.path(), "rb") as fh:
        assert fh.read() == PDF


def test_large_type_survives_a_reload(page, site):
    page.goto("/")
    base = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    button = page.locator("#toggle-large")
    assert button.get_attribute("aria-pressed") == "false"
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    page.reload()
    assert "large-type" in page.evaluate("document.documentElement.className")
    assert page.locator("#toggle-large").get_attribute("aria-pressed") == "true"
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") > base
    page.goto("/catalogue/")
    assert "large-type" in page.evaluate("document.documentElement.className")
    page.locator("#toggle-large").click()
    page.reload()
    assert "large-type" not in page.evaluate("document.documentElement.className")


def test_keyboard_reaches_the_content_through_the_skip_link(page, site):
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到主要内容"


@pytest.mark.parametrize("contrast", [False, True], ids=["normal", "high-contrast"])
def test_no_serious_accessibility_violations(page, site, contrast):
    page.goto("/")
    if contrast:
        page.locator("#toggle-contrast").click()
    for url in [
        "/",
        "/catalogue/",
        site.get_absolute_url(),
        "/guide/",
        "/search/?q=预算",
        "/news/",
        "/reports/",
        "/departments/",
        "/policy/",
        "/items/999999/",
    ]:
        page.goto(url)
        found = axe_serious(page)
        assert found == [], (
            url,
            [(v["id"], [(n["target"], n.get("failureSummary", "")[:200]) for n in v["nodes"][:5]]) for v in found],
        )


def test_print_stylesheet_keeps_the_document_and_drops_the_site_chrome(page, site):
    page.goto(site.get_absolute_url())
    page.emulate_media(media="print")
    assert not page.locator(".site-nav").is_visible()
    assert not page.locator(".a11y-bar").is_visible()
    assert page.locator("table.item-meta").is_visible()
    assert page.get_by_role("heading", level=1).is_visible()
