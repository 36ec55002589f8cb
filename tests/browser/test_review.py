"""The publication workflow in real Chromium: drafter → Office → Legal Affairs → public."""

import re

import pytest

from disclosure.choices import State
from disclosure.models import DisclosureItem
from review import services
from tests.conftest import axe_serious
from tests.review.factories import World, draft

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pass-12345"
TABLE_HTML = (
    "<p>各监狱：</p><table><tbody><tr><td>会见日</td><td>周二、周四</td></tr>"
    "<tr><td>会见时长</td><td>30分钟</td></tr></tbody></table>"
)


@pytest.fixture
def world(transactional_db):
    return World()


def wait_for_editor(page, timeout: float = 15) -> None:
    """Wait until CKEditor has started. (page.wait_for_function compiles its predicate with
    eval inside the page, which the Content-Security-Policy forbids; evaluate does not.)"""
    import time

    deadline = time.monotonic() + timeout
    while not page.evaluate("() => !!window.editors && Object.keys(window.editors).length > 0"):
        assert time.monotonic() < deadline, "CKEditor did not start"
        page.wait_for_timeout(100)


def login(page, user):
    page.context.clear_cookies()
    page.goto("/staff/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/staff/"))


def assert_accessible(page, where):
    serious = axe_serious(page)
    assert serious == [], (where, [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in serious])


def test_drafter_office_legal_publish_with_table_and_attachment(page, world, tmp_path):
    login(page, world.drafter)
    page.goto("/staff/review/")
    assert_accessible(page, "workbench")
    page.get_by_role("link", name="新建公开信息").first.click()
    wait_for_editor(page)
    assert_accessible(page, "new item form")
    page.fill("#id_title", "关于调整罪犯亲属会见时间的通知")
    page.fill("#id_document_number", "示狱发〔2026〕8号")
    page.fill("#id_formed_on", "2026-11-02")
    page.select_option("#id_topic", label="法规文件")
    page.fill("#id_summary", "调整会见日和会见时长。")
    # Type into the editor, then add a table through the editor's API (as a paste would).
    editable = page.locator(".ck-editor__editable")
    editable.click()
    page.keyboard.type("会见安排如下。")
    page.evaluate("html => { const e = Object.values(window.editors)[0]; e.setData(e.getData() + html); }", TABLE_HTML)
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(re.compile(r"/staff/review/items/\d+/$"))
    item = DisclosureItem.objects.get(title="关于调整罪犯亲属会见时间的通知")
    assert "<table>" in item.body and "会见安排如下" in item.body and "30分钟" in item.body

    attachment = tmp_path / "会见须知.pdf"
    attachment.write_bytes(b"%PDF-1.4\n% test attachment\n")
    page.set_input_files("#id_file", str(attachment))
    page.get_by_role("button", name="上传附件").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="会见须知.pdf").is_visible()
    assert_accessible(page, "item page (drafter)")
    page.get_by_role("button", name="提交审查").click()
    page.wait_for_load_state()
    assert "保密审查中" in page.locator("p.status").inner_text()

    login(page, world.office1)
    page.goto("/staff/review/queue/office/")
    assert_accessible(page, "office queue")
    page.get_by_role("link", name=item.title).click()
    assert_accessible(page, "item page (office)")
    page.get_by_role("button", name="保密审查通过").click()
    page.wait_for_load_state()
    assert "公开属性认定中" in page.locator("p.status").inner_text()

    login(page, world.legal1)
    page.goto("/staff/review/queue/legal/")
    assert_accessible(page, "legal queue")
    page.get_by_role("link", name=item.title).click()
    page.get_by_label("主动公开", exact=True).check()
    assert_accessible(page, "item page (legal)")
    page.get_by_role("button", name="确认认定").click()
    page.wait_for_load_state()
    item.refresh_from_db()
    assert item.state == State.PUBLISHED and item.index_number
    assert item.index_number in page.locator(".index-number").inner_text()
    page.get_by_role("link", name="审查记录").click()
    page.wait_for_url(re.compile(r"/history/$"))
    history = page.locator("main").inner_text()
    assert "保密审查通过" in history and "公开属性认定：主动公开" in history and item.index_number in history
    assert_accessible(page, "history page")

    page.context.clear_cookies()
    page.goto("/catalogue/")
    assert item.index_number in page.content()
    assert item.title in page.content()


def test_office_return_path(page, world):
    item = draft(world, title="2026年度队伍教育培训工作要点")
    services.submit_for_review(item=item, actor=world.drafter)
    login(page, world.office1)
    page.goto(f"/staff/review/items/{item.pk}/")
    page.get_by_role("button", name="退回修改").click()  # empty comment: the browser refuses it
    assert page.locator("#id_return-comment").evaluate("e => e.validity.valueMissing")
    assert DisclosureItem.objects.get(pk=item.pk).state == State.CONFIDENTIALITY_REVIEW
    page.get_by_label("退回理由（需要修改的内容）").fill("请删去培训人员名单中的个人信息。")
    page.get_by_role("button", name="退回修改").click()
    page.wait_for_load_state()
    assert DisclosureItem.objects.get(pk=item.pk).state == State.RETURNED

    login(page, world.drafter)
    page.goto(f"/staff/review/items/{item.pk}/")
    assert "请删去培训人员名单中的个人信息。" in page.content()
    assert_accessible(page, "returned item (drafter)")
    page.get_by_role("link", name="修改内容").click()
    wait_for_editor(page)
    page.evaluate("() => Object.values(window.editors)[0].setData('<p>已删去个人信息。</p>')")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(re.compile(r"/staff/review/items/\d+/$"))
    page.get_by_role("button", name="提交审查").click()
    page.wait_for_load_state()
    assert DisclosureItem.objects.get(pk=item.pk).state == State.CONFIDENTIALITY_REVIEW

    login(page, world.office2)
    page.goto(f"/staff/review/items/{item.pk}/")
    assert "自上次保密审查以来的修改" in page.content() and "已删去个人信息。" in page.content()
    assert_accessible(page, "item with changes (office)")
