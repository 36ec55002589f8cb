"""Real Chromium: a handler replies 部分公开 with two withheld parts, the head approves, the
Office clears what is released, the handler issues the letter; it prints on A4 with its
number, seal position and contact line, and the applicant's status page shows it."""

import os
import re

import pytest
from django.utils import timezone

from portal import workdays
from requests_app import services
from tests.conftest import axe_serious
from tests.requests_app.factories import APPLICANT, handler, head
from tests.requests_app.letters_helpers import configured_profile, office_reviewer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, username):
    page.goto("/staff/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("pass-12345")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/staff/"))


def _logout(page):
    page.get_by_role("button", name=re.compile("退出")).click()


def _with_password(user):
    user.set_password("pass-12345")
    user.save()
    return user


@pytest.mark.usefixtures("seeded_calendar")
def test_partial_reply_signed_off_issued_printed_and_shown_to_applicant(page, tmp_path):
    configured_profile()
    clerk = _with_password(handler("b_clerk"))
    _with_password(head("b_head"))
    _with_password(office_reviewer("b_office"))
    cal = workdays.current()
    today = timezone.localdate()
    received = cal.add_workdays(today if cal.is_workday(today) else cal.add_workdays(today, -1), -3)
    req, code = services.register_request(
        actor=clerk, channel="in_person", submitted_on=received, received_on=received, data=APPLICANT
    )

    # The handler drafts: a missing reason is refused in Chinese and nothing typed is lost.
    _login(page, "b_clerk")
    page.goto(f"/staff/requests/{req.pk}/")
    page.get_by_role("link", name="拟写答复书").click()
    page.get_by_label("答复类型").select_option("partial")
    page.get_by_label("提供的方式、时间和载体形式").fill("以电子邮件方式于答复之日发送经区分处理的预算执行表")
    page.get_by_label("不予公开的部分1：内容").fill("表中供应商的银行账号")
    page.get_by_label("不予公开的部分1：依据").select_option("third_party")
    page.get_by_label("不予公开的部分1：理由").fill("系供应商的商业秘密")
    page.get_by_label("不予公开的部分2：内容").fill("内部审批签批意见")
    page.get_by_label("不予公开的部分2：依据").select_option("process_info")
    page.get_by_role("button", name="保存草稿").click()
    assert "不予公开的部分二：理由" in page.locator(".req-form").inner_text()
    assert page.get_by_label("不予公开的部分2：内容").input_value() == "内部审批签批意见"
    assert axe_serious(page) == []
    page.get_by_label("不予公开的部分2：理由").fill("系内部讨论过程中形成的意见")
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_url(re.compile(r"/reply-letter/\d+/$"))
    draft_url = page.url
    assert "待审批" in page.locator("#draft-state").inner_text()
    assert page.get_by_role("button", name=re.compile("出具答复书")).count() == 0
    _logout(page)

    # The head approves, then the Office clears the released part.
    _login(page, "b_head")
    page.goto(draft_url)
    page.get_by_role("button", name="负责人审批同意").click()
    page.wait_for_selector("#approvals")
    _logout(page)
    _login(page, "b_office")
    page.goto(draft_url)
    assert axe_serious(page) == []
    page.get_by_role("button", name=re.compile("保密审查通过")).click()
    page.wait_for_selector("#approvals")
    assert "可出具" in page.locator("#draft-state").inner_text()
    _logout(page)

    # The handler issues it: the print view shows the number, the seal position and the contact line.
    _login(page, "b_clerk")
    page.goto(draft_url)
    page.get_by_role("button", name=re.compile("出具答复书")).click()
    page.wait_for_selector("#letter-number")
    letter = req.letters.get(kind="reply")
    assert page.locator("#letter-number").inner_text() == letter.number
    assert page.locator("#letter-seal").is_visible()
    assert "联系电话：0431-00000000" in page.locator("#letter-contact").inner_text()
    assert "示例省监狱管理局" in page.locator("#letter-sign").inner_text()
    assert axe_serious(page) == []
    page.emulate_media(media="print")
    assert page.locator("#letter-number").is_visible() and page.locator("#letter-seal").is_visible()
    assert (
        not page.locator("header, .site-header").first.is_visible()
        if page.locator("header, .site-header").count()
        else True
    )
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF-")
    out = os.environ.get("LETTER_PDF_OUT")
    if out:
        with open(out, "wb") as fh:
            fh.write(pdf)
    page.emulate_media(media="screen")
    _logout(page)

    # The applicant's status page lists the letter and shows its text.
    page.goto("/requests/status/")
    page.get_by_label("申请编号").fill(req.reference)
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    page.wait_for_selector("#reply-letter")
    assert letter.number in page.locator("#letters-h + ul").inner_text()
    assert "不予公开的部分二：内部审批签批意见。" in page.locator("#reply-letter").inner_text()
    assert axe_serious(page) == []
    page.get_by_role("link", name=re.compile(re.escape(letter.number))).click()
    assert page.locator("#letter-number").inner_text() == letter.number
    # Usable on a 360-px phone without sideways scrolling.
    page.set_viewport_size({"width": 360, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    _login(page, "b_clerk")
    page.goto(f"/staff/requests/{req.pk}/letters/{letter.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.goto(draft_url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.goto(f"/staff/requests/{req.pk}/reply-letter/")
    page.get_by_label("答复类型").select_option("partial")
    wide = page.evaluate(
        """Array.from(document.querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right > 361).map(e => e.tagName + '.' + e.className + '#' + (e.name||e.id||'') + ':' + Math.round(e.getBoundingClientRect().right)).slice(0, 15)"""
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, wide
    page.goto(f"/staff/requests/{req.pk}/third-party-notice/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
