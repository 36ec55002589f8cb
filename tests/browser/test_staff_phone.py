"""The staff queue, the message queue and a message, and the review workbench on a 360-px phone: no page-level sideways
scrolling (wide tables become stacked cards), in the normal, large-type and high-contrast modes.
Screenshots go to test-artifacts/phone/ (not committed) for a reviewer to look at."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from tests.conftest import axe_serious

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "phone"
PAGES = {
    "gk_head": [
        "/staff/",
        "/staff/requests/",
        "/staff/requests/?status=all&sort=-applicant",
        "/staff/requests/?handler=none",
        "/staff/concerns/?state=all",
        "/staff/messages/?status=all",
        "/staff/messages/{message}/",
    ],
    "admin": ["/staff/review/", "/staff/review/?state=in_flow"],
    "zzb_drafter": ["/staff/review/", "/staff/review/new/", "/staff/messages/"],
    "bgs_reviewer": ["/staff/", "/staff/?show=all"],
}


@pytest.fixture
def demo(transactional_db):
    from requests_app.models import InformationRequest

    call_command("load_demo", stdout=io.StringIO())
    today = timezone.localdate()
    # More than one page, with long names, so paging and the table's own scrolling show.
    InformationRequest.objects.bulk_create(
        [
            InformationRequest(
                reference=f"PH-{i:04d}",
                applicant_type="commercial",
                applicant_name=f"示例省某某科技发展有限公司第{i}分公司",
                description="x",
                channel="online" if i % 4 == 0 else "registered_mail",
                submitted_on=today - timedelta(days=i),
                received_on=None if i % 4 == 0 else today - timedelta(days=i),
                status="awaiting_confirmation" if i % 4 == 0 else "in_progress",
                due_on=None if i % 4 == 0 else today + timedelta(days=i - 10),
            )
            for i in range(120)
        ]
    )


def _login(page, username):
    page.goto("/staff/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("Demo-2026!")
    page.locator("main").get_by_role("button", name="登录").click()
    page.wait_for_url("**/staff/")


@pytest.mark.usefixtures("demo")
@pytest.mark.parametrize("username", sorted(PAGES))
def test_staff_pages_do_not_scroll_sideways_at_360px(page, username):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 360, "height": 800})
    _login(page, username)
    from requests_app.interaction.models import Message

    # The demo's longest message, identity shown (the head may see it), with its history.
    longest = max(Message.objects.all(), key=lambda m: len(m.text) + len(m.answer))
    problems = []
    for url in (u.format(message=longest.pk) for u in PAGES[username]):
        for mode in ("normal", "large-type", "high-contrast"):
            page.goto(url)
            if mode != "normal":
                page.evaluate(f"document.documentElement.classList.add('{mode}')")
            width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            name = f"{username}{url.replace('/', '_').replace('?', '_').replace('&', '_')}-{mode}.png"
            page.screenshot(path=str(SHOTS / name), full_page=True)
            if mode == "normal":
                serious = axe_serious(page)
                if serious:
                    problems.append((url, mode, "axe", [v["id"] for v in serious]))
            if width[0] > width[1]:
                wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                                 && !e.closest('.table-scroll'))
                    .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))""")
                problems.append((url, mode, width, wide))
    assert problems == []


@pytest.mark.usefixtures("demo")
def test_editor_switches_fields_by_kind_without_a_word_count(page):
    page.set_viewport_size({"width": 390, "height": 844})
    _login(page, "zzb_drafter")
    page.goto("/staff/review/new/")
    page.wait_for_selector(".ck-editor__editable")
    year = page.get_by_label("报告年度")
    assert not year.is_visible() and page.get_by_label("发文字号").is_visible()
    page.get_by_label("类别").select_option("annual_report")
    assert year.is_visible() and not page.get_by_label("发文字号").is_visible()
    page.get_by_label("类别").select_option("news")
    assert not year.is_visible() and not page.get_by_label("文件类型").is_visible()
    assert "单词数" not in page.locator("main").inner_text()
    page.get_by_label("拟公开属性").select_option("withheld")
    assert page.get_by_label("拟不予公开理由").is_visible()
