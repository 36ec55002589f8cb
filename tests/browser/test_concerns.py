"""The concern register's detail page on a 390-px phone: the demo's major emergency with
its clocks, keyboard-reachable actions, axe clean, the clock script within the CSP."""

import re

import pytest

from tests.browser.test_staff_phone import _login, demo  # noqa: F401  (the demo fixture)
from tests.conftest import axe_serious

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.usefixtures("demo")
def test_concern_detail_at_390px_with_running_clocks(page):
    from requests_app.concerns.demo import MAJOR
    from requests_app.models import ConcernEntry

    entry = ConcernEntry.objects.get(summary=MAJOR)
    page.set_viewport_size({"width": 390, "height": 844})
    _login(page, "gk_head")
    page.goto(entry.get_absolute_url())
    clocks = page.locator(".clock[data-due]")
    assert clocks.count() == 1  # the authoritative information is out; the press conference is pending
    assert re.fullmatch(r"剩余 \d+小时(\d+分)?", clocks.first.inner_text())
    assert "按时完成" in page.locator("main").inner_text()
    for mode in ("normal", "large-type"):
        if mode != "normal":
            page.evaluate(f"document.documentElement.classList.add('{mode}')")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert axe_serious(page) == []
    page.locator("#action-follow_up summary").focus()
    page.keyboard.press("Enter")
    page.get_by_label("处置情况").fill("已联系网信部门核实转发情况")
    page.get_by_role("button", name="记录跟踪处置情况").click()
    page.wait_for_url(entry.get_absolute_url())
    assert "已联系网信部门核实转发情况" in page.locator("main").inner_text()
