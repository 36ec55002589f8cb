"""The Content-Security-Policy in a real browser on the staff side: the admin and the
rich-text editor work with script-src 'self' (the `page` fixture fails the test on any
violation reported on the console)."""

import pytest

from tests.portal.factories import SiteProfileFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def superuser(live_server):
    SiteProfileFactory()
    user = UserFactory(username="root", is_staff=True, is_superuser=True)
    user.set_password("pass-12345")
    user.save()
    return user


def test_admin_pages_run_under_the_policy(page, superuser):
    page.goto("/staff/login/")  # the admin has no sign-in page of its own
    page.fill("#id_username", "root")
    page.fill("#id_password", "pass-12345")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/staff/")
    for path in [
        "/admin/",
        "/admin/portal/siteprofile/1/change/",
        "/admin/portal/department/add/",
        "/admin/portal/calendarday/",
    ]:
        response = page.goto(path)
        assert response.status == 200, path
        assert "style-src 'self' 'unsafe-inline'" in response.headers["content-security-policy"]
        assert "no-store" in response.headers["cache-control"]


def test_the_editor_starts_under_the_policy(page, superuser):
    page.goto("/staff/login/")
    page.fill("#id_username", "root")
    page.fill("#id_password", "pass-12345")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/staff/")
    page.goto("/staff/review/new/")
    page.locator(".ck-editor__editable").first.wait_for()
    page.locator(".ck-editor__editable").first.click()
    page.keyboard.type("正文")
    assert "正文" in page.locator(".ck-editor__editable").first.inner_text()


def test_the_watcher_sees_a_violation(browser, live_server):
    """The check in the `page` fixture is real: an inline style on a public page is
    refused by the browser and reported."""
    from tests.conftest import watch_csp

    SiteProfileFactory()
    context = browser.new_context(base_url=live_server.url)
    pg = context.new_page()
    violations = watch_csp(pg)
    pg.goto("/contact/")
    pg.evaluate(
        "() => { const s = document.createElement('style'); s.textContent = 'body{color:red}'; document.head.append(s); }"
    )
    pg.wait_for_timeout(200)
    context.close()
    assert violations and "style-src" in violations[0]
