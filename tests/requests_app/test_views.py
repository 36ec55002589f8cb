"""The public form and status page, the staff queue and request page."""

import time
from datetime import date

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal import abuse
from requests_app import services
from requests_app.models import InformationRequest, RequestDocument
from tests.requests_app.letters_helpers import configured_profile, reply_on_screen

from .factories import APPLICANT, form_data, handler, head, in_person, receipt

pytestmark = pytest.mark.django_db
D = date.fromisoformat
NEW = "/requests/new/"


def test_form_page_renders(client):
    r = client.get(NEW)
    assert r.status_code == 200
    assert "政府信息公开申请" in r.content.decode()


def test_genuine_submission_shows_reference_and_code(client):
    r = client.post(NEW, form_data(), follow=True)
    body = r.content.decode()
    req = InformationRequest.objects.get()
    assert req.reference in body and req.status == "awaiting_confirmation"
    code = receipt(client)["code"]
    assert code in body and services.check_query_code(req, code)


def test_the_receipt_stays_in_the_applicants_browser_not_in_a_session(client):
    """The code is shown once from a signed cookie scoped to the "submitted" page: no
    session row keeps it (the office keeps no plain-text code), and an anonymous citizen
    gets no session (so still reads the shared page cache)."""
    r = client.post(NEW, form_data())
    assert r.status_code == 302 and r["Location"] == "/requests/new/done/"
    assert settings.SESSION_COOKIE_NAME not in r.cookies
    cookie = r.cookies["requests_done"]
    assert cookie["httponly"] and cookie["path"] == "/requests/new/done/" and cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == 3600
    code = receipt(client)["code"]
    assert code not in cookie.value  # signed and compressed, not the code in plain sight
    assert not Session.objects.exists()
    done = client.get("/requests/new/done/")
    assert code in done.content.decode()
    assert "no-store" in done["Cache-Control"] and settings.SESSION_COOKIE_NAME not in done.cookies


def test_an_altered_or_expired_receipt_shows_nothing(client):
    client.post(NEW, form_data())
    receipt_data = receipt(client)
    value = client.cookies["requests_done"].value
    client.cookies["requests_done"] = value[:-2] + ("AA" if not value.endswith("AA") else "BB")
    r = client.get("/requests/new/done/")
    assert r.status_code == 302 and r["Location"] == "/requests/status/"
    # Signed an hour and a minute ago: expired.
    real_time = time.time
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(time, "time", lambda: real_time() - 3660)
        client.cookies["requests_done"] = signing.dumps(receipt_data, salt="portal.receipts.requests_done")
    r = client.get("/requests/new/done/")
    assert r.status_code == 302
    client.cookies["requests_done"] = value
    assert receipt_data["code"] in client.get("/requests/new/done/").content.decode()


def test_errors_keep_everything_typed(client):
    r = client.post(NEW, form_data(phone="abc", description="很长的申请内容需要保留"))
    body = r.content.decode()
    assert r.status_code == 400
    assert "请填写有效的联系电话" in body and "很长的申请内容需要保留" in body and "张三" in body
    assert InformationRequest.objects.count() == 0


def test_organisation_needs_credit_code_and_representative(client):
    r = client.post(NEW, form_data(applicant_type="commercial", id_number="123", legal_representative=""))
    body = r.content.decode()
    assert "统一社会信用代码应为18位" in body and "请填写法定代表人或者负责人" in body
    ok = client.post(
        NEW,
        form_data(
            applicant_type="legal_services",
            id_number="91220101MA0000000X",
            legal_representative="李四",
            applicant_name="某律师事务所",
        ),
    )
    assert ok.status_code == 302
    assert InformationRequest.objects.get().applicant_type == "legal_services"


def test_honeypot_asks_a_question_instead_of_losing_the_request(client):
    r = client.post(NEW, form_data(homepage="http://spam"))
    body = r.content.decode()
    assert r.status_code == 400 and "验证问题" in body and "张三" in body
    assert InformationRequest.objects.count() == 0
    token = r.context["form"].data["captcha_token"]
    answer = signing.loads(token, salt=abuse.CAPTCHA_SALT)["a"]
    r2 = client.post(NEW, form_data(homepage="x", captcha_token=token, captcha_answer=str(answer)))
    assert r2.status_code == 302 and InformationRequest.objects.count() == 1
    # The same token cannot be used twice.
    r3 = client.post(NEW, form_data(homepage="x", captcha_token=token, captcha_answer=str(answer)))
    assert r3.status_code == 400 and InformationRequest.objects.count() == 1


def test_too_fast_asks_a_question(client):
    r = client.post(NEW, form_data(ts=signing.dumps(time.time(), salt=abuse.FORM_SALT)))
    assert r.status_code == 400 and "验证问题" in r.content.decode()
    r = client.post(NEW, form_data(ts="forged"))
    assert r.status_code == 400


def test_captcha_after_threshold_and_rate_limit(client, settings):
    settings.PORTAL = {**settings.PORTAL, "REQUEST_CAPTCHA_AFTER": 2, "REQUEST_RATE_LIMIT_PER_HOUR": 3}
    assert client.post(NEW, form_data()).status_code == 302
    assert client.post(NEW, form_data()).status_code == 302
    r = client.post(NEW, form_data())
    assert r.status_code == 400 and "验证问题" in r.content.decode()
    token = r.context["form"].data["captcha_token"]
    answer = signing.loads(token, salt=abuse.CAPTCHA_SALT)["a"]
    assert client.post(NEW, form_data(captcha_token=token, captcha_answer=str(answer))).status_code == 302
    r = client.post(NEW, form_data())
    assert r.status_code == 400 and "提交的申请过多" in r.content.decode() and "张三" in r.content.decode()
    assert InformationRequest.objects.count() == 3


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def test_attachment_checked_by_content(client):
    fake = SimpleUploadedFile("id.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    r = client.post(NEW, {**form_data(), "attachments": [fake]})
    assert r.status_code == 400 and "按文件内容判断" in r.content.decode()
    assert InformationRequest.objects.count() == 0
    real = SimpleUploadedFile("证件.pdf", PDF, content_type="application/octet-stream")
    assert client.post(NEW, {**form_data(), "attachments": [real]}).status_code == 302
    doc = RequestDocument.objects.get()
    assert (doc.kind, doc.content_type) == ("applicant", "application/pdf")


def test_status_page_with_reference_and_code(client):
    clerk = handler()
    req, code = services.submit_request(data=APPLICANT, today=D("2026-09-29"))
    services.confirm_receipt(request=req, actor=clerk, on=D("2026-09-30"))
    r = client.post("/requests/status/", {"reference": req.reference, "code": code.lower()}, follow=True)
    body = r.content.decode()
    assert r.status_code == 200
    assert "2026年11月3日" in body and "国庆节" in body and "20 个工作日" in body
    assert "220102199001011234" not in body and "13800000000" not in body and "长春市" not in body


def test_status_page_refuses_without_code_and_throttles(client):
    req, code = services.submit_request(data=APPLICANT, today=D("2026-11-20"))
    assert client.get(f"/requests/status/{req.reference}/").status_code == 302
    for _ in range(abuse.LOOKUP_LIMIT):
        r = client.post("/requests/status/", {"reference": req.reference, "code": "WRONG"})
        assert r.status_code == 400
    r = client.post("/requests/status/", {"reference": req.reference, "code": code})
    assert "次数过多" in r.content.decode()


# --- staff ---------------------------------------------------------------------------------


def test_queue_sorted_by_due_date_with_urgency(client):
    clerk = handler()
    old = in_person(clerk, D("2025-01-06"))
    recent = in_person(clerk, D("2026-11-20"))
    client.force_login(clerk)
    r = client.get("/staff/requests/")
    items = r.context["items"]
    assert [i[0].pk for i in items] == [old.pk, recent.pk]
    assert items[0][1] == "overdue"
    assert "urg-overdue" in r.content.decode()
    assert client.get("/staff/requests/?channel=online").context["items"] == []


def test_staff_without_permission_gets_403(client):
    from tests.portal.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get("/staff/requests/").status_code == 403


def test_identity_visible_only_to_assigned_handler_and_head(client):
    clerk, boss, other = handler("h1"), head("h2"), handler("h3")
    req = in_person(boss, D("2026-11-20"))
    services.assign_handler(request=req, actor=boss, handler=clerk)
    for user, visible in [(clerk, True), (boss, True), (other, False)]:
        client.force_login(user)
        body = client.get(f"/staff/requests/{req.pk}/").content.decode()
        assert ("220102199001011234" in body) is visible, user.username


@pytest.mark.usefixtures("site_profile")
def test_staff_actions_through_the_page(client):
    clerk, boss = handler(), head()
    req, _ = services.submit_request(data=APPLICANT, today=D("2026-09-29"))
    client.force_login(clerk)
    r = client.post(f"/staff/requests/{req.pk}/confirm/", {"on": "2026-09-28"})
    assert r.status_code == 400 and "早于提交日期" in r.content.decode()
    assert client.post(f"/staff/requests/{req.pk}/confirm/", {"on": "2026-09-30"}).status_code == 302
    r = client.post(f"/staff/requests/{req.pk}/extend/", {"on": "2026-10-09", "days": 5, "reason": "x"})
    assert r.status_code == 400 and "负责人批准" in r.content.decode()
    client.force_login(boss)
    assert (
        client.post(f"/staff/requests/{req.pk}/extend/", {"on": "2026-10-09", "days": 5, "reason": "检索"}).status_code
        == 302
    )
    r = client.post(f"/staff/requests/{req.pk}/extend/", {"on": "2026-10-09", "days": 25, "reason": "x"})
    assert r.status_code == 400
    # The generic reply form is gone: a POST to it records nothing and leads to the reply screen.
    r = client.post(
        f"/staff/requests/{req.pk}/reply/", {"on": "2026-10-20", "outcome": "disclosed", "letter": "经审查，予以公开。"}
    )
    assert r.status_code == 302 and r["Location"].endswith(f"/staff/requests/{req.pk}/reply-letter/")
    assert not req.events.filter(type="replied").exists()
    configured_profile()
    r = reply_on_screen(client, req, "disclosed", "2026-10-20", provision="以电子邮件方式于答复之日发送电子文档")
    assert r.status_code == 302
    req.refresh_from_db()
    assert (req.status, req.outcome) == ("closed", "disclosed")
    ev = req.events.get(type="replied")
    letter = client.get(reverse("requests:staff_letter", args=[req.pk, ev.pk])).content.decode()
    assert "政府信息公开申请答复书" in letter and "以电子邮件方式于答复之日发送电子文档" in letter


def test_register_in_person(client):
    clerk = handler()
    client.force_login(clerk)
    data = {**form_data(), "channel": "in_person", "submitted_on": "2026-11-20", "received_on": "2026-11-20"}
    r = client.post("/staff/requests/new/", data)
    assert r.status_code == 302, r.content.decode()[:3000]
    req = InformationRequest.objects.get()
    assert (req.channel, req.received_on, req.status) == ("in_person", D("2026-11-20"), "in_progress")


def test_dashboard_panel(client):
    clerk = handler()
    in_person(clerk, D("2025-01-06"))
    client.force_login(clerk)
    body = client.get("/staff/").content.decode()
    assert "依申请公开" in body and "已超期：1 件" in body


def test_queue_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries):
    clerk = handler()
    client.force_login(clerk)
    in_person(clerk, D("2026-11-20"))
    with django_assert_max_num_queries(12) as ctx:
        client.get("/staff/requests/")
    few = len(ctx.captured_queries)
    for _ in range(8):
        in_person(clerk, D("2026-11-23"))
    with django_assert_max_num_queries(few) as ctx:
        client.get("/staff/requests/")


def test_reply_documents_shown_on_status_page(client):
    clerk = handler()
    req, code = services.submit_request(data=APPLICANT, today=D("2026-11-02"))
    services.confirm_receipt(request=req, actor=clerk, on=D("2026-11-02"))
    # A partial disclosure now goes through the reply screen and its sign-off (issue 8).
    from .letters_helpers import configured_profile, office_reviewer

    configured_profile()
    boss, office = head(), office_reviewer()
    client.force_login(clerk)
    r = client.post(
        f"/staff/requests/{req.pk}/reply-letter/",
        {
            "reply_type": "partial",
            "on": "2026-11-10",
            "provision": "以电子邮件发送",
            "part_1": "第三方账号",
            "ground_1": "third_party",
            "reasons_1": "部分公开，理由如下。",
            "save": "1",
        },
    )
    assert r.status_code == 302
    draft = req.reply_drafts.get()
    for user, role in ((boss, "head"), (office, "office")):
        client.force_login(user)
        assert (
            client.post(f"/staff/requests/{req.pk}/reply-letter/{draft.pk}/approve/", {"role": role}).status_code == 302
        )
    client.force_login(clerk)
    doc = SimpleUploadedFile("答复材料.pdf", PDF, content_type="application/pdf")
    r = client.post(
        f"/staff/requests/{req.pk}/reply-letter/{draft.pk}/issue/", {"on": "2026-11-10", "documents": [doc]}
    )
    assert r.status_code == 302
    client.logout()
    r = client.post("/requests/status/", {"reference": req.reference, "code": code}, follow=True)
    body = r.content.decode()
    assert "部分公开，理由如下。" in body and "答复材料.pdf" in body and "（二）部分公开" in body
    d = RequestDocument.objects.get(kind="reply")
    download = client.get(f"/requests/status/{req.reference}/documents/{d.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF-")


@pytest.mark.usefixtures("site_profile")
@pytest.mark.parametrize(
    "action,data,title",
    [
        ("supplement", {"on": "2026-11-03", "supplement_by": "2026-11-17", "text": "请写明文件名称"}, "补正告知书"),
        ("consult", {"on": "2026-11-03", "party": "某公司", "text": ""}, "征求意见函"),
    ],
)
def test_printable_letters(client, action, data, title):
    clerk = handler()
    req = in_person(clerk, D("2026-11-02"))
    client.force_login(clerk)
    assert client.post(f"/staff/requests/{req.pk}/{action}/", data).status_code == 302
    ev = req.events.exclude(type="received").get()
    body = client.get(reverse("requests:staff_letter", args=[req.pk, ev.pk])).content.decode()
    assert title in body and req.reference in body


def test_letter_by_post_waits_for_confirmation(client):
    clerk = handler()
    client.force_login(clerk)
    data = {**form_data(), "channel": "letter", "submitted_on": "2026-11-20", "received_on": ""}
    assert client.post("/staff/requests/new/", data).status_code == 302
    assert InformationRequest.objects.get().status == "awaiting_confirmation"


def test_submission_survives_a_cache_outage(client):
    from unittest import mock

    from django.core.cache import cache

    boom = mock.Mock(side_effect=ConnectionError("redis down"))
    with (
        mock.patch.object(cache, "get", boom),
        mock.patch.object(cache, "add", boom),
        mock.patch.object(cache, "incr", boom),
        mock.patch.object(cache, "set", boom),
    ):
        r = client.post(NEW, form_data())
    assert r.status_code == 302 and InformationRequest.objects.count() == 1
