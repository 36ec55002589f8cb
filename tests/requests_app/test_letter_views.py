"""The reply screen, the sign-off pages, the print views and who may open them."""

from __future__ import annotations

import pytest

from portal.models import Notification
from requests_app import services
from requests_app.letters import services as letters

from .factories import APPLICANT, in_person
from .letters_helpers import FIELDS, D, configured_profile, people

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    configured_profile()
    return people()


def test_reply_screen_refuses_a_missing_part_in_chinese_and_keeps_what_was_typed(client, staff):
    clerk = staff[0]
    req = in_person(clerk, D("2026-03-02"))
    client.force_login(clerk)
    page = client.get(f"/staff/requests/{req.pk}/reply-letter/").content.decode()
    assert "答复类型" in page and "信息不存在（经检索）" in page and "不予公开的部分1：依据" in page
    r = client.post(
        f"/staff/requests/{req.pk}/reply-letter/",
        {"reply_type": "not_ours", "on": "2026-03-20", "reason": "由司法局负责的社区矫正信息", "save": "1"},
    )
    body = r.content.decode()
    assert r.status_code == 400 and "请填写“负责公开该信息的机关”" in body
    assert "由司法局负责的社区矫正信息" in body
    assert not req.reply_drafts.exists()


def test_reply_screen_preview_then_save_then_issue_without_signoff(client, staff):
    clerk = staff[0]
    req = in_person(clerk, D("2026-03-02"))
    client.force_login(clerk)
    data = {"reply_type": "not_exist", "on": "2026-03-20", "search": FIELDS["not_exist"]["search"]}
    r = client.post(f"/staff/requests/{req.pk}/reply-letter/", {**data, "preview": "1"})
    assert r.status_code == 200 and "第三十六条第（四）项" in r.content.decode() and not req.reply_drafts.exists()
    r = client.post(f"/staff/requests/{req.pk}/reply-letter/", {**data, "save": "1"})
    draft = req.reply_drafts.get()
    assert r.status_code == 302 and draft.state == "ready"
    page = client.get(f"/staff/requests/{req.pk}/reply-letter/{draft.pk}/").content.decode()
    assert "本类型答复无需审批" in page and "出具答复书" in page
    r = client.post(f"/staff/requests/{req.pk}/reply-letter/{draft.pk}/issue/", {"on": "2026-03-20"})
    letter = req.letters.get()
    assert r.status_code == 302 and r["Location"].endswith(f"/letters/{letter.pk}/")
    page = client.get(r["Location"]).content.decode()
    assert letter.number in page and 'id="letter-seal"' in page and "联系电话：0431-00000000" in page
    detail = client.get(f"/staff/requests/{req.pk}/").content.decode()
    assert letter.number in detail


def test_issue_of_an_unapproved_refusal_is_refused_on_the_page(client, staff):
    clerk = staff[0]
    req = in_person(clerk, D("2026-03-02"))
    draft = letters.draft_reply(
        request=req,
        actor=clerk,
        reply_type="withheld.third_party",
        fields=FIELDS["withheld.third_party"],
        on=D("2026-03-20"),
    )
    client.force_login(clerk)
    page = client.get(f"/staff/requests/{req.pk}/reply-letter/{draft.pk}/").content.decode()
    assert "待政府信息公开工作机构负责人审批" in page and "出具答复书（编号" not in page
    r = client.post(f"/staff/requests/{req.pk}/reply-letter/{draft.pk}/issue/", {"on": "2026-03-20"})
    assert r.status_code == 400 and "须经政府信息公开工作机构负责人审批后才能出具" in r.content.decode()
    r = client.post(f"/staff/requests/{req.pk}/reply-letter/{draft.pk}/approve/", {"role": "head"})
    assert r.status_code == 400 and "负责人审批" in r.content.decode()
    assert not req.letters.exists()


def test_queue_lists_replies_awaiting_signoff_with_due_dates(client, staff, django_capture_on_commit_callbacks):
    clerk, boss, office = staff
    req = in_person(clerk, D("2026-03-02"))
    with django_capture_on_commit_callbacks(execute=True):
        draft = letters.draft_reply(
            request=req, actor=clerk, reply_type="partial", fields=FIELDS["partial"], on=D("2026-03-20")
        )
    client.force_login(boss)
    page = client.get("/staff/requests/").content.decode()
    assert "待审批的答复书（1 件）" in page and f"/reply-letter/{draft.pk}/" in page
    req.refresh_from_db()
    assert f"答复期限 {req.due_on:%Y-%m-%d}" in page
    # The head and the Office's reviewer are told; the reviewer may open the sign-off page.
    assert Notification.objects.filter(recipient=boss, url__endswith=f"/reply-letter/{draft.pk}/").exists()
    assert Notification.objects.filter(recipient=office, url__endswith=f"/reply-letter/{draft.pk}/").exists()
    client.force_login(office)
    assert client.get(f"/staff/requests/{req.pk}/reply-letter/{draft.pk}/").status_code == 200
    assert client.get(f"/staff/requests/{req.pk}/").status_code == 403
    r = client.post(f"/staff/requests/{req.pk}/reply-letter/{draft.pk}/approve/", {"role": "office"})
    assert r.status_code == 302 and draft.approvals.get().approver == office
    letters.approve_reply(draft=draft, actor=boss, role="head")
    letter = letters.issue_reply(draft=draft, actor=clerk, on=D("2026-03-20"))
    client.force_login(clerk)
    page = client.get(f"/staff/requests/{req.pk}/letters/{letter.pk}/").content.decode()
    signoff = page[page.index('id="letter-signoff"') :]
    assert f"政府信息公开工作机构负责人审批：{boss}" in signoff and f"办公室保密审查：{office}" in signoff


def test_applicant_sees_own_letters_only_after_lookup(client, staff):
    clerk = staff[0]
    req, code = services.register_request(
        actor=clerk, channel="in_person", submitted_on=D("2026-03-02"), received_on=D("2026-03-02"), data=APPLICANT
    )
    services.send_consultation(request=req, actor=clerk, on=D("2026-03-03"), party="某公司", text="合同金额")
    draft = letters.draft_reply(
        request=req, actor=clerk, reply_type="disclosed", fields=FIELDS["disclosed"], on=D("2026-03-20")
    )
    letter = letters.issue_reply(draft=draft, actor=clerk, on=D("2026-03-20"))
    consultation = req.letters.get(kind="consultation_letter")
    url = f"/requests/status/{req.reference}/letters/{letter.pk}/"
    assert client.get(url).status_code == 302  # not looked up yet
    client.post("/requests/status/", {"reference": req.reference, "code": code})
    page = client.get(f"/requests/status/{req.reference}/").content.decode()
    assert letter.number in page and consultation.number not in page
    assert letter.text.split("\n\n")[4][:30] in page
    assert client.get(url).status_code == 200
    assert client.get(f"/requests/status/{req.reference}/letters/{consultation.pk}/").status_code == 404


def test_letter_pages_are_for_handlers_only(client, staff):
    clerk = staff[0]
    req = in_person(clerk, D("2026-03-02"))
    services.request_supplement(
        request=req, actor=clerk, on=D("2026-03-03"), supplement_by=D("2026-03-17"), text="请写明文件名称"
    )
    letter = req.letters.get()
    from tests.portal.factories import UserFactory

    client.force_login(UserFactory(username="nobody"))
    assert client.get(f"/staff/requests/{req.pk}/letters/{letter.pk}/").status_code == 403
    assert client.get(f"/staff/requests/{req.pk}/reply-letter/").status_code == 403
    client.force_login(clerk)
    assert client.get(f"/staff/requests/{req.pk}/letters/{letter.pk + 999}/").status_code == 404


def test_third_party_notice_and_correction_pages(client, staff):
    clerk = staff[0]
    req = in_person(clerk, D("2026-03-02"))
    services.send_consultation(request=req, actor=clerk, on=D("2026-03-03"), party="某公司", text="合同金额")
    client.force_login(clerk)
    r = client.post(
        f"/staff/requests/{req.pk}/third-party-notice/",
        {"on": "2026-03-20", "party": "某公司", "content": "合同金额", "reasons": ""},
    )
    assert r.status_code == 400 and "合同金额" in r.content.decode()
    r = client.post(
        f"/staff/requests/{req.pk}/third-party-notice/",
        {"on": "2026-03-20", "party": "某公司", "content": "合同金额", "reasons": "使用财政资金，涉及公共利益"},
    )
    notice = req.letters.get(kind="third_party_notice")
    assert r.status_code == 302 and req.applicant_name not in notice.text
    consultation = req.letters.get(kind="consultation_letter")
    r = client.post(f"/staff/requests/{req.pk}/letters/{consultation.pk}/correct/", {"on": "2026-03-04", "reason": ""})
    assert r.status_code == 400
    r = client.post(
        f"/staff/requests/{req.pk}/letters/{consultation.pk}/correct/", {"on": "2026-03-04", "reason": "答复期限写错"}
    )
    new = req.letters.get(replaces=consultation)
    assert r.status_code == 302 and consultation.number in new.text and "二〇二六年三月四日" in new.text


def test_generic_reply_forms_are_no_longer_offered(client, staff):
    clerk = staff[0]
    req = in_person(clerk, D("2026-03-02"))
    client.force_login(clerk)
    page = client.get(f"/staff/requests/{req.pk}/").content.decode()
    assert 'id="action-reply"' not in page and 'id="action-on_spot"' not in page
    assert f"/staff/requests/{req.pk}/reply-letter/" in page
    services.request_supplement(
        request=req, actor=clerk, on=D("2026-03-03"), supplement_by=D("2026-03-10"), text="请写明年份"
    )
    page = client.get(f"/staff/requests/{req.pk}/").content.decode()
    assert 'id="action-abandon"' not in page and f"/staff/requests/{req.pk}/reply-letter/" in page


def test_already_public_item_is_searched_and_picked_on_the_reply_screen(client, staff):
    from tests.disclosure.factories import published as published_item

    clerk = staff[0]
    wanted = published_item(title="示例省监狱管理局2026年部门预算")
    published_item(title="关于做好安全生产工作的通知")
    req = in_person(clerk, D("2026-03-02"))
    client.force_login(clerk)
    r = client.post(
        f"/staff/requests/{req.pk}/reply-letter/",
        {"reply_type": "already_public", "on": "2026-03-20", "item_query": "部门预算", "find_item": "1"},
    )
    body = r.content.decode()
    assert r.status_code == 200 and "示例省监狱管理局2026年部门预算" in body and "安全生产" not in body
    assert "请填写" not in body  # a search judges nothing yet
    r = client.post(
        f"/staff/requests/{req.pk}/reply-letter/",
        {"reply_type": "already_public", "on": "2026-03-20", "item": str(wanted.pk), "save": "1"},
    )
    assert r.status_code == 302
    letter = letters.issue_reply(draft=req.reply_drafts.get(), actor=clerk, on=D("2026-03-20"))
    assert wanted.index_number in letter.text and "第三十六条第（一）项" in letter.text


def test_imported_steps_print_without_holes_and_say_they_are_not_the_archive(client, staff):
    from requests_app.models import RequestEvent

    clerk = staff[0]
    req = in_person(clerk, D("2026-03-02"))
    supplement = RequestEvent.objects.create(
        request=req, type="supplement_requested", on=D("2026-03-03"), data={"supplement_by": "2026-03-17"}
    )
    extension = RequestEvent.objects.create(request=req, type="extended", on=D("2026-03-20"), data={"days": 5})
    client.force_login(clerk)
    body = client.get(f"/staff/requests/{req.pk}/letter/{supplement.pk}/").content.decode()
    assert "不是已出具文书的存档" in body and "2026年3月17日" in body and "2026-03-17" not in body
    assert "补正：</p>" not in body
    body = client.get(f"/staff/requests/{req.pk}/letter/{extension.pk}/").content.decode()
    assert "因，" not in body and "本机关不能在规定期限内答复" in body


def test_dashboard_shows_each_approver_what_waits_for_them(client, staff):
    clerk, boss, office = staff
    req = in_person(clerk, D("2026-03-02"))
    draft = letters.draft_reply(
        request=req, actor=clerk, reply_type="partial", fields=FIELDS["partial"], on=D("2026-03-20")
    )
    client.force_login(office)
    assert f"/reply-letter/{draft.pk}/" in client.get("/staff/").content.decode()
    letters.approve_reply(draft=draft, actor=office, role="office")
    assert "没有待您审批的答复书" in client.get("/staff/").content.decode()
    client.force_login(boss)
    assert f"/reply-letter/{draft.pk}/" in client.get("/staff/").content.decode()
    client.force_login(clerk)  # the drafter is no approver
    assert "待我审批的答复书" not in client.get("/staff/").content.decode()


def test_letter_as_pdf_for_staff_and_the_applicant(client, staff):
    clerk = staff[0]
    req, code = services.register_request(
        actor=clerk, channel="in_person", submitted_on=D("2026-03-02"), received_on=D("2026-03-02"), data=APPLICANT
    )
    draft = letters.draft_reply(
        request=req, actor=clerk, reply_type="not_exist", fields=FIELDS["not_exist"], on=D("2026-03-20")
    )
    letter = letters.issue_reply(draft=draft, actor=clerk, on=D("2026-03-20"))
    pdf_url = f"/requests/status/{req.reference}/letters/{letter.pk}/pdf/"
    assert client.get(pdf_url).status_code == 302  # not looked up
    client.force_login(clerk)
    r = client.get(f"/staff/requests/{req.pk}/letters/{letter.pk}/pdf/")
    assert r.status_code == 200 and r.content.startswith(b"%PDF-") and r["Content-Type"] == "application/pdf"
    client.logout()
    client.post("/requests/status/", {"reference": req.reference, "code": code})
    r = client.get(pdf_url)
    assert r.status_code == 200 and r.content.startswith(b"%PDF-")


def test_letter_lists_take_a_fixed_number_of_queries(client, staff):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    clerk = staff[0]
    req, code = services.register_request(
        actor=clerk, channel="in_person", submitted_on=D("2026-03-02"), received_on=D("2026-03-02"), data=APPLICANT
    )
    services.request_supplement(
        request=req, actor=clerk, on=D("2026-03-03"), supplement_by=D("2026-03-10"), text="请写明年份"
    )
    client.force_login(clerk)
    applicant = Client()
    applicant.post("/requests/status/", {"reference": req.reference, "code": code})

    def count(c, url):
        c.get(url)  # warm the session and permission caches
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(url).status_code == 200
        return len(ctx.captured_queries)

    staff_page, status_page = f"/staff/requests/{req.pk}/", f"/requests/status/{req.reference}/"
    before = (count(client, staff_page), count(applicant, status_page))
    letter = req.letters.get()
    for i in range(3):
        letter = letters.correct_letter(letter=letter, actor=clerk, on=D("2026-03-04"), reason=f"第{i + 1}次更正")
    assert req.letters.count() == 4
    assert (count(client, staff_page), count(applicant, status_page)) == before
