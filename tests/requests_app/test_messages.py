"""Public messages (留言): filed on the public form, routed by the Office, answered by the
department, approved by the Office, published with consent as a 问答选登 item that passes
both reviews; converted into a request; reminded and escalated once; watched by the site
check at 80 and 95 days."""

import re
from datetime import date, timedelta
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from disclosure.choices import Attribute, DisclosureForm, ItemKind
from disclosure.models import DisclosureItem
from disclosure.selectors import published_items
from portal import site_check
from portal.models import AuditEvent, Department, SiteProfile
from requests_app.interaction import services
from requests_app.interaction.choices import MessageStatus
from requests_app.interaction.models import Message, MessageReminder
from requests_app.interaction.scans import scan_messages
from requests_app.interaction.text import channel_answer, mask_personal, personal_data_left
from requests_app.models import InformationRequest
from review import services as review
from review.selectors import pending_step
from tests.review.factories import World

from .factories import grant, head, receipt
from .message_factories import SENDER, answerer, clerk, form_data, message

D = date.fromisoformat
pytestmark = pytest.mark.django_db


def at(day):
    return mock.patch("django.utils.timezone.localdate", return_value=D(day))


# --- the whole path ---------------------------------------------------------------------------


def test_filed_routed_answered_published_with_consent_and_listed_without_personal_data(client):
    world = World()
    office = grant(world.office1, "manage_messages")
    dept_answerer = grant(world.other_drafter, "answer_messages")  # 刑罚执行处

    # A citizen files a message on the public form.
    response = client.post("/messages/new/", form_data(department=str(world.xfzx.pk)))
    assert response.status_code == 302
    done = receipt(client, "messages_done")
    msg = Message.objects.get(number=done["number"])
    assert msg.number.startswith(f"LY{timezone.localdate().year}-")
    assert msg.query_code_hash and done["code"] not in msg.query_code_hash
    assert msg.publish_consent and msg.requested_department == world.xfzx
    assert msg.status == MessageStatus.RECEIVED

    # Office routes; the department drafts; the Office approves: only then answered.
    services.route_message(message=msg, actor=office, department=world.xfzx)
    services.draft_answer(message=msg, actor=dept_answerer, text="会见须提前1个工作日通过电话或网站预约。")
    msg.refresh_from_db()
    assert msg.status == MessageStatus.AWAITING_APPROVAL and msg.answered_on is None
    services.approve_answer(message=msg, actor=office)
    msg.refresh_from_db()
    assert msg.is_answered and msg.answer_department == world.xfzx and msg.answered_on == timezone.localdate()

    # The citizen sees the answer with number and code.
    client.post("/messages/status/", {"number": msg.number, "code": done["code"]})
    page = client.get(f"/messages/status/{msg.number}/").content.decode()
    assert "会见须提前1个工作日" in page and "已答复" in page

    # 选登: the proposed question masks the phone and the ID number.
    proposed = services.proposed_question(msg)
    assert "13800001111" not in proposed and "220102199001011234" not in proposed
    assert "138****1111" in proposed and "220102********1234" in proposed
    ref = services.propose_publication(
        message=msg, actor=office, title="会见预约需要提前几天", question=proposed, answer=msg.answer
    )
    msg.refresh_from_db()
    assert msg.qa_item_id == ref.pk and "publish" not in msg.allowed_actions
    item = DisclosureItem.objects.get(pk=ref.pk)
    assert item.kind == ItemKind.QA and item.publisher == world.xfzx
    assert not published_items().filter(pk=item.pk).exists()  # not public before both reviews
    assert client.get("/interaction/qa/").content.decode().count(item.title) == 0

    # Both reviews, through the review services.
    review.update_item(item=item, actor=world.other_drafter, data={"topic": world_topic()})
    review.submit_for_review(item=item, actor=world.other_drafter)
    review.clear_confidentiality(step=pending_step(item), actor=world.office2)
    review.determine_attribute(
        step=pending_step(item), actor=world.legal1, attribute=Attribute.PROACTIVE, forms=[DisclosureForm.WEBSITE]
    )
    assert published_items().filter(pk=item.pk, kind=ItemKind.QA).exists()

    listing = client.get("/interaction/qa/").content.decode()
    assert "会见预约需要提前几天" in listing
    detail = client.get(item.get_absolute_url()).content.decode()
    assert "会见须提前1个工作日" in detail and "刑罚执行处" in detail
    assert msg.received_on.isoformat() in detail and msg.answered_on.isoformat() in detail
    for personal in ("王小明", "13800001111", "220102199001011234", "wxm@example.com"):
        assert personal not in listing and personal not in detail


def world_topic():
    from disclosure.models import Topic

    return Topic.objects.get(code="regulations")


def test_publication_needs_consent_and_refuses_personal_data():
    office, dept = clerk(), answerer()
    msg = message(consent=False)
    services.route_message(message=msg, actor=office, department=dept.department)
    services.draft_answer(message=msg, actor=dept, text="答复内容：可以电话预约。")
    services.approve_answer(message=msg, actor=office)
    msg.refresh_from_db()
    assert "publish" not in msg.allowed_actions
    with pytest.raises(services.MessageError, match="未同意公开"):
        services.propose_publication(message=msg, actor=office, title="标题", question="问题内容", answer="答复")
    Message.objects.filter(pk=msg.pk).update(publish_consent=True)
    msg.refresh_from_db()
    for question, what in (
        ("王小明问：会见要预约吗？", "王小明"),
        ("电话 13900002222，会见要预约吗？", "手机号码"),
        ("证件 11010519491231002X，会见要预约吗？", "身份证号码"),
    ):
        with pytest.raises(services.MessageError, match=what) as exc:
            services.propose_publication(message=msg, actor=office, title="会见预约", question=question, answer="可以")
        assert exc.value.field == "question"
    assert DisclosureItem.objects.filter(kind=ItemKind.QA).count() == 0


def test_masking_is_a_pure_function():
    text = "我叫李四，电话13812345678，身份证11010519491231002X，邮箱li4@example.com，座机010-12345678。"
    masked = mask_personal(text, names=["李四"])
    assert masked == "我叫**，电话138****5678，身份证110105********002X，邮箱***@***，座机010-12345678。"
    assert personal_data_left(masked, names=["李四"]) == []
    assert personal_data_left(text, names=["李四"]) == ["身份证号码", "手机号码", "电子邮箱", "“李四”"]
    # Longer digit runs are not phone numbers.
    assert mask_personal("订单号 123456789012345") == "订单号 123456789012345"


# --- rework, history and who sees what ----------------------------------------------------------


def test_office_returns_an_answer_for_rework_and_the_history_shows_every_step(client):
    office, dept = clerk(), answerer()
    msg = message()
    services.route_message(message=msg, actor=office, department=dept.department)
    services.draft_answer(message=msg, actor=dept, text="初稿：请来电咨询。")
    with pytest.raises(services.MessageError, match="不能分办"):  # not while the Office reviews it
        services.route_message(message=msg, actor=office, department=dept.department)
    with pytest.raises(services.MessageError, match="退回理由"):
        services.return_answer(message=msg, actor=office, reason="  ")
    services.return_answer(message=msg, actor=office, reason="请写明预约方式和提前天数")
    msg.refresh_from_db()
    assert msg.status == MessageStatus.ROUTED and msg.was_returned
    with pytest.raises(services.MessageError, match="待审核"):
        services.approve_answer(message=msg, actor=office)
    services.draft_answer(message=msg, actor=dept, text="会见须提前1个工作日电话预约。")
    services.approve_answer(message=msg, actor=office)
    msg.refresh_from_db()
    assert msg.is_answered and msg.return_reason == ""

    client.force_login(office)
    page = client.get(reverse("messages:staff_detail", args=[msg.pk])).content.decode()
    history = page[page.index('id="history"') :]
    steps = [
        "网上留言，受理",
        "分办",
        "承办部门提交答复",
        "办公室退回答复修改",
        "承办部门提交答复",
        "办公室审核通过，答复",
    ]
    positions = [history.index(s, (history.index(steps[i - 1]) + 1) if i else 0) for i, s in enumerate(steps)]
    assert positions == sorted(positions)
    assert "请写明预约方式和提前天数" in history


def test_department_answers_only_its_own_messages_and_only_office_and_it_see_identity(client):
    office = clerk()
    dept = answerer()
    other = answerer("other_answerer", department=Department.objects.create(code="YZGL", name="狱政管理处"))
    msg = message()
    with pytest.raises(Exception, match="承办部门"):
        services.draft_answer(message=msg, actor=dept, text="尚未分办时不能答复。")
    services.route_message(message=msg, actor=office, department=dept.department)
    with pytest.raises(Exception, match="办公室"):
        services.route_message(message=msg, actor=dept, department=other.department)

    url = reverse("messages:staff_detail", args=[msg.pk])
    for user, status, sees in ((office, 200, True), (dept, 200, True), (other, 403, False)):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == status
        assert ("王小明" in response.content.decode()) is sees
    client.force_login(other)
    assert msg.number not in client.get("/staff/messages/?status=all").content.decode()
    assert (
        client.post(reverse("messages:staff_step", args=[msg.pk, "draft"]), {"text": "越权答复内容"}).status_code == 403
    )


def test_export_masks_personal_data_unless_the_user_may_see_it(client):
    office = clerk()
    message()
    message(subject='=HYPERLINK("http://evil.example")')
    client.force_login(office)
    body = client.get("/staff/messages/export.csv?status=all").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in body  # a formula is shown as text (OWASP CSV injection)
    assert "王小明" not in body and "13800001111" not in body and "wxm@example.com" not in body
    assert "王**" in body and "138****1111" in body and "w***@example.com" in body
    office = grant(office, "view_message_identity")
    client.force_login(office)
    body = client.get("/staff/messages/export.csv?status=all").content.decode("utf-8-sig")
    assert "王小明" in body and "13800001111" in body and "wxm@example.com" in body


def test_staff_step_with_bad_input_keeps_what_was_typed(client):
    office = clerk()
    msg = message()
    client.force_login(office)
    response = client.post(reverse("messages:staff_step", args=[msg.pk, "channel"]), {"channel": "信访"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "请写明受理该事项的渠道" in page and ">\n信访</textarea>" in page
    msg.refresh_from_db()
    assert msg.is_open


# --- Art. 39 and conversion --------------------------------------------------------------------


def test_a_complaint_that_belongs_elsewhere_gets_the_art_39_answer_naming_the_channel():
    office = clerk()
    msg = message(kind="complaint", subject="反映民警态度问题")
    channel = "示例省信访局网上信访平台（电话 000-12345）"
    services.answer_with_channel(message=msg, actor=office, channel=channel)
    msg.refresh_from_db()
    assert msg.is_answered and msg.answered_on == timezone.localdate()
    assert msg.answer == channel_answer(kind="complaint", channel=channel)
    assert "第三十九条" in msg.answer and channel in msg.answer and "信访、投诉、举报事项" in msg.answer


def test_a_converted_message_becomes_a_request_received_on_the_conversion_date():
    office = clerk("conv_clerk", "handle_request")
    with at("2026-11-02"):
        msg = message(on=D("2026-11-02"), text="请公开2025年度监狱系统部门预算说明。")
    with at("2026-11-05"):
        with pytest.raises(services.MessageError, match="征得留言人同意"):
            services.convert_to_request(message=msg, actor=office, consent_note=" ")
        request, code = services.convert_to_request(
            message=msg, actor=office, consent_note="2026年11月5日电话联系，留言人同意"
        )
    msg.refresh_from_db()
    request = InformationRequest.objects.get(pk=request.pk)
    assert request.received_on == D("2026-11-05") and request.submitted_on == D("2026-11-05")
    assert request.received_on != msg.received_on
    assert request.due_on is not None and request.applicant_name == "王小明"
    assert msg.is_converted and msg.converted_request == request and request.source_message == msg
    assert request.reference in msg.answer and len(code) == 10
    assert "convert" not in msg.allowed_actions


def test_converting_needs_the_right_to_handle_requests():
    office = clerk()
    msg = message()
    with pytest.raises(Exception, match="办理政府信息公开申请"):
        services.convert_to_request(message=msg, actor=office, consent_note="电话同意")
    assert InformationRequest.objects.count() == 0


# --- the clock, reminders and the site check -------------------------------------------------


def test_due_date_counts_working_days_from_receipt_with_make_up_days():
    assert SiteProfile.current().message_reply_workdays == 5
    # Fri 2026-09-18: Sun 09-20 is a make-up working day → 09-20, 21, 22, 23, 24.
    assert services.due_date(D("2026-09-18"), workdays_limit=5) == D("2026-09-24")
    # Wed 2026-09-30: 10-01..07 off, Sat 10-10 worked → 10-08, 09, 10, 12, 13.
    assert services.due_date(D("2026-09-30"), workdays_limit=5) == D("2026-10-13")
    with at("2026-09-30"):
        assert message(on=D("2026-09-30")).due_on == D("2026-10-13")


def test_reminder_before_the_limit_and_an_overdue_message_escalates_once():
    office, dept = clerk(), answerer()
    boss = head()
    with at("2026-11-02"):
        msg = message(on=D("2026-11-02"))  # Monday: due Mon 2026-11-09
        services.route_message(message=msg, actor=office, department=dept.department)
    assert msg.due_on == D("2026-11-09")
    scan_messages(D("2026-11-05"))
    assert MessageReminder.objects.count() == 0
    scan_messages(D("2026-11-06"))  # Friday: one working day before the limit
    scan_messages(D("2026-11-06"))
    reminder = MessageReminder.objects.get()
    assert (reminder.kind, reminder.due_on, reminder.escalated) == ("due_1", D("2026-11-06"), False)
    assert reminder.recipients() == [dept]
    scan_messages(D("2026-11-10"))
    scan_messages(D("2026-11-10"))
    scan_messages(D("2026-11-11"))
    overdue = MessageReminder.objects.filter(kind="overdue")
    assert overdue.count() == 1
    assert overdue.get().escalated and set(overdue.get().recipients()) == {dept, boss}
    # Answered: nothing more.
    services.draft_answer(message=msg, actor=dept, text="会见须提前预约。")
    services.approve_answer(message=msg, actor=office)
    scan_messages(D("2026-11-20"))
    assert MessageReminder.objects.count() == 2


def test_the_daily_scan_delivers_the_escalation_once(mailoutbox):
    office, dept = clerk(), answerer()
    boss = head()
    msg = message(on=timezone.localdate() - timedelta(days=30))
    services.route_message(message=msg, actor=office, department=dept.department)
    from portal.scans import run_daily_scan

    mail.outbox.clear()
    run_daily_scan(force=True)
    run_daily_scan(force=True)
    sent = [m for m in mail.outbox if msg.number in m.body]
    assert len(sent) == 1 and set(sent[0].to) == {dept.email, boss.email}


def test_site_check_marks_80_days_amber_and_95_days_red():
    office, dept = clerk(), answerer()
    today = D("2026-11-30")
    numbers = {}
    for days in (79, 80, 94, 95, 120):
        msg = message(on=today - timedelta(days=days), subject=f"{days}天的留言")
        services.route_message(message=msg, actor=office, department=dept.department)
        numbers[days] = msg.number
    answered = message(on=today - timedelta(days=100), subject="已答复的留言")
    services.answer_with_channel(message=answered, actor=office, channel="示例省信访局（电话 000-1）")
    found = {f.key: f for f in site_check.run_checks(today) if f.check == "messages"}
    assert set(found) == {f"message:{numbers[d]}" for d in (80, 94, 95, 120)}
    assert [found[f"message:{numbers[d]}"].level for d in (80, 94, 95, 120)] == ["amber", "amber", "red", "red"]
    red = found[f"message:{numbers[95]}"]
    assert red.department_id == dept.department_id and red.since == today - timedelta(days=95)
    assert "95 天未答复" in red.detail


# --- the public form --------------------------------------------------------------------------


def test_form_with_bad_input_says_why_in_chinese_and_keeps_everything_typed(client):
    data = form_data(subject="", phone="", email="not-an-email", text="会见预约的问题请答复")
    response = client.post("/messages/new/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "留言尚未提交" in page and "请填写主题" in page and "请填写有效的电子邮箱" in page
    assert "会见预约的问题请答复" in page and 'value="王小明"' in page and 'value="not-an-email"' in page
    assert re.search(r'<input type="radio" name="kind" value="consult"[^>]*checked', page)
    assert re.search(r'<input type="checkbox" name="publish_consent"[^>]*checked', page)
    assert Message.objects.count() == 0
    response = client.post("/messages/new/", form_data(phone="", email=""))
    assert "联系电话和电子邮箱请至少填写一项" in response.content.decode()
    assert Message.objects.count() == 0


def test_form_defences_ask_a_question_of_a_suspected_machine_and_keep_the_input(client):
    response = client.post("/messages/new/", form_data(homepage="http://spam.example"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "验证问题" in page and "会见预约时间" in page
    assert Message.objects.count() == 0


def test_lookup_needs_the_right_code(client):
    msg, code = services.submit_message(data={**SENDER, "publish_consent": False})
    response = client.post("/messages/status/", {"number": msg.number, "code": "WRONGCODE1"})
    assert response.status_code == 400 and "留言编号或查询码不正确" in response.content.decode()
    assert client.get(f"/messages/status/{msg.number}/").status_code == 302
    response = client.post("/messages/status/", {"number": msg.number.lower(), "code": code})
    assert response.status_code == 302
    page = client.get(f"/messages/status/{msg.number}/")
    assert page.status_code == 200 and "办理中" in page.content.decode()
    assert "no-store" in page["Cache-Control"]


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_staff_queue_and_message_page_take_a_fixed_number_of_queries(client):
    office, dept = clerk(), answerer()
    client.force_login(office)
    for _ in range(2):
        services.route_message(message=message(), actor=office, department=dept.department)
    _queries(client, "/staff/messages/?status=all")  # first page of the session: one-off reads
    few = _queries(client, "/staff/messages/?status=all")
    for _ in range(5):
        services.route_message(message=message(), actor=office, department=dept.department)
    assert _queries(client, "/staff/messages/?status=all") == few
    msg = Message.objects.first()
    one = _queries(client, reverse("messages:staff_detail", args=[msg.pk]))
    services.draft_answer(message=msg, actor=dept, text="会见须提前预约。")
    services.return_answer(message=msg, actor=office, reason="请补充预约电话")
    assert _queries(client, reverse("messages:staff_detail", args=[msg.pk])) == one


def test_a_holiday_entered_later_moves_an_open_messages_limit(
    admin_client, admin_user, django_capture_on_commit_callbacks
):
    with at("2026-12-29"):
        msg = message(on=D("2026-12-29"))  # Tue: 2027 not held yet, counted Mon–Fri: due 2027-01-05
    assert msg.due_on == D("2027-01-05")
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("admin:portal_calendarday_add"), {"date": "2027-01-01", "note": "元旦"})
    msg.refresh_from_db()
    assert msg.due_on == D("2027-01-06")
    event = AuditEvent.objects.get(action="messages.due_changed", target_id=str(msg.pk))
    assert event.actor == admin_user and event.data["before"] == "2027-01-05"


def test_the_public_qa_column_lists_only_published_qa_items_in_a_fixed_number_of_queries(client):
    from tests.disclosure.factories import ItemFactory, published

    published(title="问答一：会见预约", kind=ItemKind.QA)
    published(title="一份通知", kind=ItemKind.DOCUMENT)
    ItemFactory(title="问答草稿：尚未审查", kind=ItemKind.QA)
    page = client.get("/interaction/qa/").content.decode()
    assert "问答一：会见预约" in page and "一份通知" not in page and "问答草稿" not in page
    client.get("/interaction/qa/")  # warm the site-profile cache, as in production
    few = _queries(client, "/interaction/qa/")
    for i in range(4):
        published(title=f"问答{i}", kind=ItemKind.QA)
    client.get("/interaction/qa/")
    assert _queries(client, "/interaction/qa/") == few <= 3
