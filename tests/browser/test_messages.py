"""Real Chromium: a citizen leaves a message on a 390-px phone, in the normal and the
large-type mode; the page does not scroll sideways, bad input is shown in Chinese with
everything kept, and axe finds no serious violation. Then the answer is looked up."""

import re

import pytest

from requests_app.interaction import services
from requests_app.interaction.models import Message
from tests.browser.test_phone import phone_context
from tests.conftest import axe_serious, watch_csp
from tests.portal.factories import DepartmentFactory, SiteProfileFactory
from tests.requests_app.message_factories import answerer, clerk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def message_site(live_server, settings, seeded_calendar):
    settings.PORTAL = {**settings.PORTAL, "REQUEST_MIN_FILL_SECONDS": 0}
    SiteProfileFactory()
    DepartmentFactory(code="XFZX", name="刑罚执行处")
    return live_server


def fits(pg) -> bool:
    """Nothing wider than the phone (a mobile layout viewport widens to fit, so not innerWidth)."""
    return pg.evaluate("Math.max(document.documentElement.scrollWidth, innerWidth) <= screen.width")


@pytest.mark.parametrize("mode", ["normal", "large-type"])
def test_message_form_on_a_phone(browser, message_site, mode):
    context = phone_context(browser, message_site.url, 390, mode)
    pg = context.new_page()
    pg.set_default_timeout(15000)
    violations = watch_csp(pg)
    pg.goto("/messages/new/")
    if mode == "large-type":
        assert pg.evaluate("document.documentElement.classList.contains('large-type')")
    assert fits(pg)
    assert axe_serious(pg) == []

    # Bad input: a Chinese message, nothing typed lost.
    pg.get_by_role("radio", name="咨询").check()
    pg.get_by_label(re.compile(r"^主题")).fill("会见预约")
    pg.get_by_label("留言内容").fill("请问会见服刑亲属需要提前几天预约？")
    pg.get_by_label(re.compile(r"^姓名")).fill("王小明")
    pg.get_by_label("电子邮箱").fill("wang@")
    pg.get_by_role("button", name="提交留言").click()
    pg.wait_for_selector("text=留言尚未提交")
    assert "请填写有效的电子邮箱" in pg.locator("main").inner_text()
    assert pg.get_by_label("留言内容").input_value() == "请问会见服刑亲属需要提前几天预约？"
    assert pg.get_by_label(re.compile(r"^姓名")).input_value() == "王小明"
    assert fits(pg)
    assert axe_serious(pg) == []

    pg.get_by_label("电子邮箱").fill("wang@example.com")
    pg.get_by_label("希望答复的部门（选填）").select_option(label="刑罚执行处")
    pg.get_by_label(re.compile("同意在“问答选登”栏目公开")).check()
    pg.get_by_role("button", name="提交留言").click()
    pg.wait_for_url(re.compile(r"/messages/new/done/"))
    number = pg.locator("#number").inner_text().strip()
    code = pg.locator("#query-code").inner_text().strip()
    assert re.fullmatch(r"LY\d{4}-\d{5}", number) and len(code) == 10
    assert fits(pg)
    assert axe_serious(pg) == []

    # Answered by the department, approved by the Office; the citizen reads the answer.
    msg = Message.objects.get(number=number)
    assert msg.publish_consent and msg.requested_department.code == "XFZX"
    office, dept = clerk(), answerer()
    services.route_message(message=msg, actor=office, department=dept.department)
    services.draft_answer(message=msg, actor=dept, text="会见须提前1个工作日预约。")
    services.approve_answer(message=msg, actor=office)
    pg.goto("/messages/status/")
    pg.get_by_label("留言编号").fill(number)
    pg.get_by_label("查询码").fill(code)
    pg.get_by_role("button", name="查询").click()
    pg.wait_for_selector("#answer")
    assert "会见须提前1个工作日预约" in pg.locator("#answer").inner_text()
    assert "王小明" not in pg.locator("main").inner_text()
    assert fits(pg)
    assert axe_serious(pg) == []
    context.close()
    assert violations == []
