"""Real Chromium over the demo: every staff role's pages share the site stylesheet (no
page-local styles), stay free of serious accessibility violations in the normal and the
high-contrast mode, and the public request form keeps what was typed after an error."""

import io

import pytest
from django.core.management import call_command

from tests.conftest import axe_serious

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    "gk_handler": ["/staff/", "/staff/requests/", "/staff/requests/new/"],
    "zzb_drafter": ["/staff/review/", "/staff/review/new/"],
    "bgs_reviewer": ["/staff/review/queue/office/"],
    "fzc_reviewer": ["/staff/review/queue/legal/", "/staff/review/published/"],
    "admin": ["/staff/reports/"],
}


@pytest.fixture
def demo(transactional_db, settings):
    settings.PORTAL = {**settings.PORTAL, "REQUEST_MIN_FILL_SECONDS": 0}
    call_command("load_demo", stdout=io.StringIO())


def _login(page, username):
    page.goto("/staff/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("Demo-2026!")
    page.locator("main").get_by_role("button", name="登录").click()
    page.wait_for_url("**/staff/")


@pytest.mark.usefixtures("demo")
@pytest.mark.parametrize("username", sorted(PAGES))
def test_staff_pages_share_the_stylesheet_and_pass_axe(page, username):
    _login(page, username)
    for url in PAGES[username]:
        page.goto(url)
        html = page.request.get(url).text()  # as served (the editor adds styles at run time)
        assert "<style" not in html and ' style="' not in html, url
        # The staff navigation offers only sections this user may open.
        for href in page.locator(".site-nav a[href^='/staff/']").evaluate_all(
            "els => els.map(e => e.getAttribute('href'))"
        ):
            assert page.request.get(href).status == 200, (url, href)
        for contrast in (False, True):
            if contrast:
                page.evaluate("document.documentElement.classList.add('high-contrast')")
            assert axe_serious(page) == [], (url, contrast)
        # Submit buttons in the page body look alike (the shared rule; the editor has its own).
        buttons = page.locator("main button[type=submit]:not(.link-button)")
        if buttons.count():
            page.evaluate("document.documentElement.classList.remove('high-contrast')")
            assert buttons.first.evaluate("b => getComputedStyle(b).borderTopWidth") == "2px", url


@pytest.mark.usefixtures("demo")
def test_request_form_error_keeps_what_was_typed_and_speaks_chinese(page):
    page.goto("/requests/new/")
    page.get_by_label("姓名或者名称").fill("李四")
    page.get_by_label("所需政府信息的名称、文号或者便于行政机关查询的其他特征性描述").fill("2026年度罪犯伙食费标准")
    page.get_by_label("电子邮箱").fill("not-an-email")
    page.locator("main").get_by_role("button", name="提交申请").click()
    page.wait_for_selector(".errorlist")
    assert page.get_by_label("姓名或者名称").input_value() == "李四"
    assert (
        page.get_by_label("所需政府信息的名称、文号或者便于行政机关查询的其他特征性描述").input_value()
        == "2026年度罪犯伙食费标准"
    )
    errors = " ".join(page.locator(".errorlist").all_inner_texts())
    assert "请输入有效的电子邮箱地址" in errors and "请填写联系电话" in errors
    assert "Email" not in errors
    assert axe_serious(page) == []
