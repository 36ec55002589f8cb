"""Real Chromium: a citizen files a request, staff confirm receipt, the status page shows
the due date and how it was computed; no serious accessibility violation."""

import re

import pytest
from django.utils import timezone

from portal import workdays
from tests.conftest import axe_serious
from tests.requests_app.factories import handler

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fast_form(settings):
    settings.PORTAL = {**settings.PORTAL, "REQUEST_MIN_FILL_SECONDS": 0}


@pytest.mark.usefixtures("seeded_calendar")
def test_citizen_files_staff_confirm_status_shows_due_date(page):
    page.goto("/requests/new/")
    assert axe_serious(page) == []
    page.get_by_role("radio", name="自然人").check()
    page.get_by_label("姓名或者名称").fill("王小明")
    page.get_by_label("身份证件名称（自然人）").select_option("居民身份证")
    page.get_by_label("身份证件号码或统一社会信用代码").fill("220102199001011234")
    page.get_by_label("联系电话").fill("13800000000")
    page.get_by_label("电子邮箱").fill("wang@example.com")
    page.get_by_label("所需政府信息的名称、文号或者便于行政机关查询的其他特征性描述").fill(
        "2025年度监狱系统部门预算说明"
    )
    page.get_by_role("radio", name="电子数据").check()
    page.get_by_role("radio", name="电子邮件").check()
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url(re.compile(r"/requests/new/done/"))
    reference = page.locator("#reference").inner_text().strip()
    code = page.locator("#query-code").inner_text().strip()
    assert re.fullmatch(r"\d{4}-\d{5}", reference) and len(code) == 10

    # Staff confirm receipt today.
    clerk = handler("browser_clerk")
    clerk.set_password("pass-12345")
    clerk.save()
    page.goto("/staff/login/")
    page.get_by_label("用户名").fill("browser_clerk")
    page.get_by_label("密码").fill("pass-12345")
    page.get_by_role("button", name="登录").click()
    page.goto("/staff/requests/?status=all")
    page.get_by_role("link", name=reference).click()
    page.locator("#action-confirm summary").click()
    page.locator("#action-confirm").get_by_role("button", name="确认收到申请").click()
    page.wait_for_selector("#status")
    assert "办理中" in page.locator("#status").inner_text()
    page.get_by_role("button", name=re.compile("退出")).click()

    # The citizen looks it up.
    today = timezone.localdate()
    due = workdays.add_workdays(today, 20)
    page.goto("/requests/status/")
    page.get_by_label("申请编号").fill(reference)
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    page.wait_for_selector("#due-on")
    assert page.locator("#due-on").inner_text() == f"{due.year}年{due.month}月{due.day}日"
    body = page.locator("main").inner_text()
    assert "20 个工作日" in body and "收到申请日期" in body
    assert "220102199001011234" not in body and "13800000000" not in body
    assert axe_serious(page) == []
