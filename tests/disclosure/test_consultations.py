"""Consultations on draft decisions (意见征集, issue 13): the comment form opens and closes on
its dates, the period has a minimum and is part of the reviewed revision, the feedback
report must be public before the consultation is finished, commenters' personal data stays
with the publishing department and the Office, and the public page cache never serves a
day-old state or a stale feedback link."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from disclosure.choices import ItemKind, State
from disclosure.consultations import services as consultations
from disclosure.consultations.models import CommentDecision, Consultation, ConsultationComment
from disclosure.models import DisclosureItem
from portal import abuse
from portal.models import AuditEvent, SiteProfile
from review import services
from review.errors import ReviewError
from review.selectors import pending_step
from tests.disclosure.consultation_factories import (
    consultation_data,
    pin_today,
    publish_through_review,
    published_consultation,
)
from tests.review.factories import World

pytestmark = pytest.mark.django_db

D = datetime.date
OPENS, CLOSES = D(2026, 11, 10), D(2026, 12, 30)
DAY = datetime.timedelta(days=1)
SECRET_TEXT = "不同意公开的意见原文QX7"
PUBLIC_TEXT = "同意公开的意见原文PB3"


@pytest.fixture
def world(db):
    return World()


@pytest.fixture(autouse=True)
def _fast_form(settings):
    settings.PORTAL = {**settings.PORTAL, "REQUEST_MIN_FILL_SECONDS": 0}


@pytest.fixture
def consultation(world, monkeypatch) -> Consultation:
    pin_today(monkeypatch, OPENS - 5 * DAY)
    return published_consultation(world, opens_on=OPENS, closes_on=CLOSES)


def url(c: Consultation) -> str:
    return f"/consultations/{c.item_id}/"


def form_post(text: str = "建议第三条增加家属探视的预约方式。", **extra) -> dict:
    return {"text": text, "name": "", "contact": "", "ts": abuse.form_timestamp(), "homepage": "", **extra}


def comment(c: Consultation, text: str, *, consent=False, name="李明", contact="13900000001", day=None):
    return consultations.submit_comment(consultation=c, text=text, name=name, contact=contact, consent=consent)


# --- dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (OPENS - DAY, "本次意见征集将于2026年11月10日开始，2026年12月30日截止，开始前不接收意见。"),
        (CLOSES + DAY, "本次意见征集已于2026年12月30日截止，不再接收意见。"),
        (CLOSES + 40 * DAY, "本次意见征集已于2026年12月30日截止，不再接收意见。"),
    ],
)
def test_the_form_is_refused_before_opening_and_after_closing_with_the_dates(
    client, consultation, monkeypatch, day, message
):
    pin_today(monkeypatch, day)
    page = client.get(url(consultation)).content.decode()
    assert message in page
    assert 'name="text"' not in page and "提交意见" not in page


@pytest.mark.parametrize("day", [OPENS, OPENS + 20 * DAY, CLOSES])
def test_a_comment_is_taken_from_the_opening_day_to_the_closing_day_inclusive(client, consultation, monkeypatch, day):
    pin_today(monkeypatch, day)
    page = client.get(url(consultation))
    assert page.status_code == 200 and 'name="text"' in page.content.decode()
    response = client.post(
        url(consultation), form_post("建议增加预约方式。", name="王小明", contact="wang@example.com", consent="on")
    )
    assert response.status_code == 302 and response["Location"] == f"{url(consultation)}thanks/"
    stored = ConsultationComment.objects.get()
    assert (stored.text, stored.name, stored.contact, stored.consent_to_publish) == (
        "建议增加预约方式。",
        "王小明",
        "wang@example.com",
        True,
    )
    assert stored.number == 1 and stored.decision == CommentDecision.PENDING
    assert client.get(f"{url(consultation)}thanks/").status_code == 200


def test_consent_is_off_unless_ticked(client, consultation, monkeypatch):
    pin_today(monkeypatch, OPENS)
    assert "checked" not in client.get(url(consultation)).content.decode().split('name="consent"')[1].split(">")[0]
    client.post(url(consultation), form_post())
    assert ConsultationComment.objects.get().consent_to_publish is False


@pytest.mark.parametrize("day", [OPENS - DAY, CLOSES + DAY])
def test_a_post_outside_the_period_is_refused_and_the_text_is_shown_back(client, consultation, monkeypatch, day):
    pin_today(monkeypatch, day)
    text = "我的意见：第五条应当明确离监探亲的审批时限，建议为五个工作日。"
    response = client.post(url(consultation), form_post(text))
    assert response.status_code == 400
    page = response.content.decode()
    assert "2026年12月30日" in page and text in page and "readonly" in page
    assert not ConsultationComment.objects.exists()


def test_a_form_filled_in_while_open_and_sent_after_the_close_is_refused_with_the_date(
    client, consultation, monkeypatch
):
    pin_today(monkeypatch, CLOSES)
    assert 'name="text"' in client.get(url(consultation)).content.decode()
    pin_today(monkeypatch, CLOSES + DAY)
    response = client.post(url(consultation), form_post("晚到的意见"))
    assert response.status_code == 400
    assert "已于2026年12月30日截止" in response.content.decode() and "晚到的意见" in response.content.decode()
    with pytest.raises(consultations.CommentRefused, match="2026年12月30日截止"):
        comment(consultation, "直接调用服务")
    assert not ConsultationComment.objects.exists()


def test_the_comment_form_has_the_request_forms_defences(client, consultation, monkeypatch):
    pin_today(monkeypatch, OPENS)
    page = client.get(url(consultation)).content.decode()
    assert 'name="homepage"' in page and 'name="ts"' in page
    # The honeypot filled: a question instead of storing, everything typed kept.
    response = client.post(url(consultation), form_post("机器填写的意见", homepage="http://spam.example"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "验证问题" in page and "机器填写的意见" in page
    assert not ConsultationComment.objects.exists()
    # An empty comment is refused with a Chinese message.
    response = client.post(url(consultation), form_post(""))
    assert response.status_code == 400 and "请填写意见内容" in response.content.decode()


def test_an_unpublished_draft_has_no_public_consultation_page(client, world, monkeypatch):
    pin_today(monkeypatch, OPENS)
    item = services.create_item(actor=world.drafter, data=consultation_data(opens_on=OPENS, closes_on=CLOSES))
    assert client.get(f"/consultations/{item.pk}/").status_code == 404
    assert client.post(f"/consultations/{item.pk}/", form_post()).status_code == 404
    assert item.title not in client.get("/consultations/").content.decode()


# --- the period ------------------------------------------------------------------------------


def test_the_minimum_period_comes_from_the_site_profile(world):
    assert consultations.period_problem(OPENS, OPENS + 30 * DAY) == ""
    problem = consultations.period_problem(OPENS, OPENS + 29 * DAY)
    assert "不得少于30日" in problem and "2026年12月10日" in problem
    SiteProfile.objects.filter(pk=1).update(consultation_min_days=45)
    assert "不得少于45日" in consultations.period_problem(OPENS, OPENS + 30 * DAY)


def test_the_item_editor_refuses_a_short_period_and_keeps_what_was_typed(client, world):
    client.force_login(world.drafter)
    data = consultation_data(opens_on=OPENS, closes_on=OPENS + 20 * DAY)
    post = {
        **{k: v for k, v in data.items() if k != "topic"},
        "topic": data["topic"].pk,
        "proposed_attribute": "proactive",
        "doc_type": "other",
    }
    response = client.post("/staff/review/new/", post)
    assert response.status_code == 200
    page = response.content.decode()
    assert "意见征集期限不得少于30日" in page and data["title"] in page
    assert not DisclosureItem.objects.filter(kind=ItemKind.CONSULTATION).exists()
    response = client.post("/staff/review/new/", {**post, "consultation_closes_on": OPENS + 30 * DAY})
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    assert (consultation.opens_on, consultation.closes_on) == (OPENS, OPENS + 30 * DAY)
    assert AuditEvent.objects.filter(action="consultation.period.set", actor=world.drafter).exists()


def test_a_draft_for_comment_cannot_be_submitted_without_a_period(world):
    data = consultation_data(opens_on=OPENS, closes_on=CLOSES)
    del data["consultation_opens_on"], data["consultation_closes_on"]
    item = services.create_item(actor=world.drafter, data=data)
    with pytest.raises(ReviewError, match="意见征集须填写开始日期和截止日期"):
        services.submit_for_review(item=item, actor=world.drafter)


def test_the_period_is_part_of_the_cleared_revision(world):
    item = services.create_item(actor=world.drafter, data=consultation_data(opens_on=OPENS, closes_on=CLOSES))
    services.submit_for_review(item=item, actor=world.drafter)
    services.clear_confidentiality(step=pending_step(item), actor=world.office1)
    item = DisclosureItem.objects.get(pk=item.pk)
    assert item.state == State.ATTRIBUTE_REVIEW and item.clearances_current is False
    hash_before = item.content_hash
    later = CLOSES + 10 * DAY
    services.update_item(
        item=item,
        actor=world.drafter,
        data=consultation_data(opens_on=OPENS, closes_on=later),
    )
    item = DisclosureItem.objects.get(pk=item.pk)
    assert item.state == State.DRAFT and item.content_hash != hash_before
    assert item.confidentiality_revision == "" and item.confidentiality_cleared_at is None
    assert item.consultation.closes_on == later
    edit = AuditEvent.objects.filter(action="review.item.edited", target_id=str(item.pk)).latest("at")
    assert edit.data["changed"] == ["consultation_period"]


def test_other_kinds_keep_their_revision_hash(world):
    item = services.create_item(
        actor=world.drafter, data=consultation_data(opens_on=OPENS, closes_on=CLOSES, kind=ItemKind.DOCUMENT)
    )
    assert "consultation_period" not in item.revision_payload()
    assert not Consultation.objects.exists()


# --- staff: decisions, feedback report, finishing ------------------------------------------


def closed_with_comments(consultation, monkeypatch):
    pin_today(monkeypatch, OPENS)
    first = comment(consultation, PUBLIC_TEXT, consent=True, name="周华", contact="zhouhua@example.com")
    second = comment(consultation, SECRET_TEXT, consent=False, name="王女士", contact="13800000002")
    pin_today(monkeypatch, CLOSES + DAY)
    return first, second


def test_finishing_requires_the_published_feedback_report(world, consultation, monkeypatch):
    first, second = closed_with_comments(consultation, monkeypatch)
    drafter = world.fresh(world.drafter)
    with pytest.raises(consultations.ConsultationError, match="意见采纳情况说明经保密审查和公开属性认定并发布后"):
        consultations.finish_consultation(consultation=consultation, actor=drafter)
    with pytest.raises(consultations.ConsultationError, match="尚有2条意见未处理"):
        consultations.create_feedback_report(consultation=consultation, actor=drafter)
    consultations.decide_comment(
        comment=first, actor=drafter, decision=CommentDecision.ADOPTED, reason="已修改第三条。"
    )
    consultations.decide_comment(
        comment=second, actor=drafter, decision=CommentDecision.NOT_ADOPTED, reason="与上位法规定不一致。"
    )
    report = consultations.create_feedback_report(consultation=consultation, actor=drafter)
    assert report.kind == ItemKind.CONSULTATION_FEEDBACK and report.state == State.DRAFT
    assert report.publisher_id == consultation.item.publisher_id
    assert "共收到意见2条，其中采纳1条，未采纳1条" in report.body
    assert PUBLIC_TEXT in report.body and SECRET_TEXT not in report.body
    assert "周华" not in report.body and "13800000002" not in report.body
    assert "已修改第三条。" in report.body and "与上位法规定不一致。" in report.body
    # A draft report is not enough; nor is one in review.
    with pytest.raises(consultations.ConsultationError, match="发布后"):
        consultations.finish_consultation(consultation=consultation, actor=drafter)
    services.submit_for_review(item=report, actor=drafter)
    with pytest.raises(consultations.ConsultationError, match="发布后"):
        consultations.finish_consultation(consultation=consultation, actor=drafter)
    services.clear_confidentiality(step=pending_step(report), actor=world.office1)
    services.determine_attribute(
        step=pending_step(report), actor=world.legal1, attribute="proactive", forms=["website"]
    )
    finished = consultations.finish_consultation(consultation=consultation, actor=drafter)
    assert finished.is_finished and finished.finished_by == drafter
    with pytest.raises(consultations.ConsultationError, match="已经办结"):
        consultations.finish_consultation(consultation=consultation, actor=drafter)
    actions = set(AuditEvent.objects.filter(actor=drafter).values_list("action", flat=True))
    assert {"consultation.comment.decided", "consultation.feedback.drafted", "consultation.finished"} <= actions


def test_the_feedback_report_is_drafted_only_after_the_close(world, consultation, monkeypatch):
    pin_today(monkeypatch, CLOSES)
    with pytest.raises(consultations.ConsultationError, match="2026年12月30日截止，截止后方可起草"):
        consultations.create_feedback_report(consultation=consultation, actor=world.fresh(world.drafter))
    pin_today(monkeypatch, CLOSES + DAY)
    report = consultations.create_feedback_report(consultation=consultation, actor=world.fresh(world.drafter))
    assert "征集期间未收到意见" in report.body
    with pytest.raises(consultations.ConsultationError, match="已生成"):
        consultations.create_feedback_report(consultation=consultation, actor=world.fresh(world.drafter))


def test_only_the_publishing_department_decides(world, consultation, monkeypatch, client):
    first, _ = closed_with_comments(consultation, monkeypatch)
    for outsider in (world.other_drafter, world.office1, world.legal1):
        with pytest.raises(PermissionDenied):
            consultations.decide_comment(comment=first, actor=outsider, decision=CommentDecision.ADOPTED, reason="x")
    client.force_login(world.other_drafter)
    decide = f"/staff/consultations/{consultation.pk}/comments/{first.pk}/decide/"
    assert client.post(decide, {f"c{first.pk}-decision": "adopted", f"c{first.pk}-reason": "x"}).status_code == 403
    client.force_login(world.drafter)
    response = client.post(decide, {f"c{first.pk}-decision": "adopted", f"c{first.pk}-reason": ""})
    assert response.status_code == 400 and "请填写采纳或不采纳的理由" in response.content.decode()
    response = client.post(decide, {f"c{first.pk}-decision": "adopted", f"c{first.pk}-reason": "已采纳。"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.is_adopted and first.reason == "已采纳。"


def test_staff_create_the_report_and_finish_from_the_consultation_page(client, world, consultation, monkeypatch):
    first, second = closed_with_comments(consultation, monkeypatch)
    client.force_login(world.drafter)
    page = f"/staff/consultations/{consultation.pk}/"
    response = client.post(f"{page}feedback/", follow=True)
    assert "尚有2条意见未处理" in response.content.decode()
    for c in (first, second):
        client.post(f"{page}comments/{c.pk}/decide/", {f"c{c.pk}-decision": "not_adopted", f"c{c.pk}-reason": "理由。"})
    response = client.post(f"{page}feedback/")
    consultation.refresh_from_db()
    assert (
        response.status_code == 302 and response["Location"] == f"/staff/review/items/{consultation.feedback_item_id}/"
    )
    response = client.post(f"{page}finish/", follow=True)
    assert "发布后，方可将本次意见征集办结" in response.content.decode()
    consultation.refresh_from_db()
    assert consultation.finished_at is None


# --- personal data ---------------------------------------------------------------------------


def test_names_and_contacts_only_for_the_publishing_department_and_the_office(client, world, consultation, monkeypatch):
    closed_with_comments(consultation, monkeypatch)
    page = f"/staff/consultations/{consultation.pk}/"
    for user, sees in [
        (world.drafter, True),
        (world.drafter2, True),
        (world.office1, True),
        (world.other_drafter, False),
        (world.legal1, False),
    ]:
        client.force_login(user)
        body = client.get(page).content.decode()
        assert SECRET_TEXT in body  # the text itself is for every member of staff
        assert ("王女士" in body and "13800000002" in body and "zhouhua@example.com" in body) is sees, user
        if not sees:
            assert "王女士" not in body and "13800000002" not in body and "zhouhua" not in body
    client.logout()
    assert client.get(page).status_code == 302  # to the sign-in page


def export(client, consultation) -> list[list[str]]:
    response = client.get(f"/staff/consultations/{consultation.pk}/comments.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_export_masks_personal_data_unless_the_user_holds_the_permission(client, world, consultation, monkeypatch):
    pin_today(monkeypatch, OPENS)
    comment(consultation, '=HYPERLINK("http://evil")', name="王小明", contact="13800000002")
    from django.contrib.auth.models import Permission

    perm = Permission.objects.get(codename="export_comment_identities")
    for user in (world.other_drafter, world.drafter, world.office1):
        client.force_login(user)
        rows = export(client, consultation)
        assert rows[0][:5] == ["序号", "提交时间", "意见内容", "姓名", "联系方式"]
        assert rows[1][3:5] == ["王*明", "1*********2"], user
        assert rows[1][2].startswith("'=")  # a formula is shown as text
    # The permission unmasks only for those who see identities on screen.
    world.other_drafter.user_permissions.add(perm)
    client.force_login(world.fresh(world.other_drafter))
    assert export(client, consultation)[1][3:5] == ["王*明", "1*********2"]
    world.drafter.user_permissions.add(perm)
    client.force_login(world.fresh(world.drafter))
    assert export(client, consultation)[1][3:5] == ["王小明", "13800000002"]
    assert AuditEvent.objects.filter(action="consultation.comments.exported", data__identities=True).count() == 1


def test_public_pages_show_no_unconsented_comment(client, world, consultation, monkeypatch):
    first, second = closed_with_comments(consultation, monkeypatch)
    drafter = world.fresh(world.drafter)
    for c in (first, second):
        consultations.decide_comment(comment=c, actor=drafter, decision=CommentDecision.ADOPTED, reason="采纳。")
    report = publish_through_review(
        world, consultations.create_feedback_report(consultation=consultation, actor=drafter)
    )
    pages = [
        "/consultations/",
        url(consultation),
        f"/items/{consultation.item_id}/",
        f"/items/{report.pk}/",
        "/",
        "/catalogue/",
    ]
    pages += ["/feeds/atom/", "/feeds/json/", "/sitemap.xml"]
    for path in pages:
        body = client.get(path).content.decode()
        for private in (SECRET_TEXT, "王女士", "13800000002", "周华", "zhouhua@example.com"):
            assert private not in body, (path, private)
    assert PUBLIC_TEXT in client.get(f"/items/{report.pk}/").content.decode()
    # Search finds the quoted comment in the report, never the unquoted one.
    assert client.get(f"/search/?q={PUBLIC_TEXT}").context["results"]
    searched = client.get(f"/search/?q={SECRET_TEXT}")
    assert not searched.context["results"] or not list(searched.context["page"].object_list)


# --- the public page cache -----------------------------------------------------------------


@pytest.fixture
def cached(settings):
    settings.PUBLIC_PAGE_CACHE = True


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_the_list_follows_the_calendar_even_when_cached(client, cached, consultation, monkeypatch):
    pin_today(monkeypatch, CLOSES)
    client.get("/consultations/")
    again = client.get("/consultations/")
    assert again["X-Page-Cache"] == "hit" and "正在征集" in again.content.decode()
    pin_today(monkeypatch, CLOSES + DAY)
    after = client.get("/consultations/")
    assert "X-Page-Cache" not in after
    assert "已截止" in after.content.decode() and "正在征集" not in after.content.decode()


def test_an_open_page_with_its_form_is_never_stored(client, cached, consultation, monkeypatch):
    pin_today(monkeypatch, OPENS)
    client.cookies["csrftoken"] = "a" * 32  # a visitor who already holds a CSRF cookie
    first = client.get(url(consultation))
    assert "no-store" in first["Cache-Control"] and "private" in first["Cache-Control"]
    assert 'name="csrfmiddlewaretoken"' in first.content.decode()
    second = client.get(url(consultation))
    assert "X-Page-Cache" not in second
    # The day before it opens, the page (no form) is cached, but only for that day.
    pin_today(monkeypatch, OPENS - DAY)
    client.get(url(consultation))
    assert client.get(url(consultation))["X-Page-Cache"] == "hit"
    pin_today(monkeypatch, OPENS)
    opened = client.get(url(consultation))
    assert "X-Page-Cache" not in opened and 'name="text"' in opened.content.decode()


def test_a_published_feedback_report_shows_on_the_cached_closed_page(
    client, cached, commit, world, consultation, monkeypatch
):
    pin_today(monkeypatch, CLOSES + DAY)
    client.get(url(consultation))
    cached_page = client.get(url(consultation))
    assert cached_page["X-Page-Cache"] == "hit" and 'id="feedback-link"' not in cached_page.content.decode()
    with commit():
        report = consultations.create_feedback_report(consultation=consultation, actor=world.fresh(world.drafter))
    assert 'id="feedback-link"' not in client.get(url(consultation)).content.decode()  # a draft is not public
    with commit():
        publish_through_review(world, report)
    after = client.get(url(consultation))
    assert "X-Page-Cache" not in after
    assert 'id="feedback-link"' in after.content.decode() and f"/items/{report.pk}/" in after.content.decode()
    with commit():
        consultations.finish_consultation(consultation=consultation, actor=world.fresh(world.drafter))
    assert "已办结" in client.get("/consultations/").content.decode()


# --- demo ---------------------------------------------------------------------------------


def test_the_demo_has_an_open_and_a_finished_consultation(client):
    call_command("load_demo", stdout=io.StringIO())
    rows = list(Consultation.objects.select_related("item", "feedback_item"))
    assert len(rows) == 2
    open_one = next(c for c in rows if c.is_open)
    closed = next(c for c in rows if c.has_closed)
    assert open_one.item.state == State.PUBLISHED and open_one.comments.count() == 2
    assert closed.is_finished and closed.feedback_item.state == State.PUBLISHED
    assert closed.comments.filter(decision=CommentDecision.PENDING).count() == 0
    assert 'name="text"' in client.get(url(open_one)).content.decode()
    page = client.get(url(closed)).content.decode()
    assert "不再接收意见" in page and f"/items/{closed.feedback_item_id}/" in page


def test_the_editor_shows_the_period_it_saved(client, world, monkeypatch):
    item = services.create_item(actor=world.drafter, data=consultation_data(opens_on=OPENS, closes_on=CLOSES))
    client.force_login(world.drafter)
    page = client.get(f"/staff/review/items/{item.pk}/edit/").content.decode()
    assert 'value="2026-11-10"' in page and 'value="2026-12-30"' in page
    detail = client.get(f"/staff/review/items/{item.pk}/").content.decode()
    assert "2026-11-10 至 2026-12-30（50日）" in detail


def test_the_public_list_costs_the_same_queries_for_one_or_many(client, world, monkeypatch, django_assert_num_queries):
    pin_today(monkeypatch, OPENS - 5 * DAY)
    published_consultation(world, opens_on=OPENS, closes_on=CLOSES)
    client.get("/consultations/")  # the site profile, read once and kept
    with django_assert_num_queries(2):  # the count, the rows
        client.get("/consultations/")
    for n in range(3):
        published_consultation(world, opens_on=OPENS, closes_on=CLOSES, title=f"第{n}号办法（征求意见稿）")
    with django_assert_num_queries(2):
        assert client.get("/consultations/").content.decode().count("征集时间") == 4
