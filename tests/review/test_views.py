import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from disclosure.choices import Attribute, State
from disclosure.models import DisclosureItem, Topic
from portal.models import AuditEvent
from review import services
from review.choices import StepStatus
from review.models import EditorUpload, ReviewStep
from review.selectors import pending_step
from tests.review.factories import draft


def login(client, user):
    client.force_login(user)
    return client


def submitted(world):
    item = draft(world)
    services.submit_for_review(item=item, actor=world.drafter)
    return item


def in_attribute_review(world):
    item = submitted(world)
    services.clear_confidentiality(step=pending_step(item), actor=world.office1)
    return item


def snapshot(item):
    item = DisclosureItem.objects.get(pk=item.pk)
    return (
        item.state,
        item.content_hash,
        item.confidentiality_revision,
        item.attribute_revision,
        list(ReviewStep.objects.filter(item=item).values_list("status", "outcome")),
        AuditEvent.objects.count(),
    )


# --- drafting through the workbench ---------------------------------------------------


def test_drafter_creates_item_with_form_errors_kept(client, world):
    login(client, world.drafter)
    url = reverse("review:item_create")
    assert client.get(url).status_code == 200
    r = client.post(
        url,
        {
            "kind": "document",
            "title": "保留我输入的标题",
            "summary": "",
            "doc_type": "other",
            "proposed_attribute": "withheld",
            "body": "<p>正文</p>",
        },
    )
    assert r.status_code == 200
    html = r.content.decode()
    assert "保留我输入的标题" in html and "这个字段是必填项" in html and "须注明理由" in html
    topic = Topic.objects.get(code="regulations")
    r = client.post(
        url,
        {
            "kind": "document",
            "title": "新建的通知",
            "summary": "概述",
            "doc_type": "other",
            "formed_on": "2026-11-02",
            "topic": topic.pk,
            "proposed_attribute": "proactive",
            "body": "<p>正文</p><table><tr><td>甲</td></tr></table>",
        },
    )
    item = DisclosureItem.objects.get(title="新建的通知")
    assert r.status_code == 302 and r["Location"] == reverse("review:item", args=[item.pk])
    assert item.publisher == world.zzb and item.created_by == world.drafter and item.state == State.DRAFT
    assert "<table>" in item.body


def test_attachment_upload_and_submit(client, world):
    item = draft(world)
    login(client, world.drafter)
    r = client.post(
        reverse("review:attachment_add", args=[item.pk]),
        {"file": SimpleUploadedFile("附表.pdf", b"%PDF-1.4 test", content_type="application/pdf")},
    )
    assert r.status_code == 302
    assert item.attachments.get().name == "附表.pdf"
    r = client.post(
        reverse("review:attachment_add", args=[item.pk]),
        {"file": SimpleUploadedFile("evil.exe", b"MZ", content_type="application/octet-stream")},
    )
    assert r.status_code == 400 and "不支持该文件类型" in r.content.decode()
    r = client.post(reverse("review:submit", args=[item.pk]))
    assert r.status_code == 302
    assert DisclosureItem.objects.get(pk=item.pk).state == State.CONFIDENTIALITY_REVIEW


def test_submit_refusal_is_shown(client, world):
    item = draft(world, summary="")
    login(client, world.drafter)
    r = client.post(reverse("review:submit", args=[item.pk]), follow=True)
    assert "缺少内容概述" in r.content.decode()
    assert DisclosureItem.objects.get(pk=item.pk).state == State.DRAFT


def test_workbench_lists_only_own_department(client, world):
    mine = draft(world, title="政治部的草稿")
    draft(world, by=world.other_drafter, title="刑罚执行处的草稿")
    html = login(client, world.drafter2).get(reverse("review:workbench")).content.decode()
    assert mine.title in html and "刑罚执行处的草稿" not in html


# --- queues, item page, history -------------------------------------------------------


def test_office_queue_shows_waiting_and_art26_deadline(client, world):
    item = submitted(world)
    html = login(client, world.office1).get(reverse("review:office_queue")).content.decode()
    assert item.title in html
    # formed 2026-11-02 (Mon): 20 working days later is 2026-11-30 (Mon).
    assert "2026-11-30" in html
    assert "不足1小时" in html


def test_item_page_and_history(client, world):
    item = in_attribute_review(world)
    login(client, world.legal1)
    html = client.get(reverse("review:item", args=[item.pk])).content.decode()
    assert "认定公开属性" in html and "公开属性认定中" in html
    services.determine_attribute(
        step=pending_step(item), actor=world.legal1, attribute=Attribute.ON_REQUEST, comment="涉及个人信息较多"
    )
    html = client.get(reverse("review:history", args=[item.pk])).content.decode()
    for text in (
        "提交审查",
        "保密审查通过",
        "公开属性认定：依申请公开",
        "涉及个人信息较多",
        str(world.office1),
        str(world.legal1),
        DisclosureItem.objects.get(pk=item.pk).content_hash[:12],
    ):
        assert text in html


def test_changes_since_last_look_are_shown(client, world):
    item = submitted(world)
    services.return_for_changes(step=pending_step(item), actor=world.office1, comment="改标题")
    services.update_item(item=item, actor=world.drafter, data={"title": "改过的标题"})
    services.submit_for_review(item=item, actor=world.drafter)
    html = login(client, world.office2).get(reverse("review:item", args=[item.pk])).content.decode()
    assert "自上次保密审查以来的修改" in html and "改过的标题" in html


def test_office_actions_through_views(client, world):
    item = submitted(world)
    step = pending_step(item)
    login(client, world.office1)
    r = client.post(reverse("review:return", args=[step.pk]), {"return-comment": ""})
    assert r.status_code == 400 and "这个字段是必填项" in r.content.decode()
    r = client.post(reverse("review:refer", args=[step.pk]), {"refer-authority": "省国家保密局", "refer-question": "?"})
    assert r.status_code == 302 and DisclosureItem.objects.get(pk=item.pk).state == State.REFERRED
    referral = step.referrals.get()
    r = client.post(reverse("review:answer", args=[referral.pk]), {"answer-answer": "not_secret"})
    assert DisclosureItem.objects.get(pk=item.pk).state == State.ATTRIBUTE_REVIEW
    login(client, world.legal1)
    legal_step = pending_step(item)
    r = client.post(
        reverse("review:determine", args=[legal_step.pk]),
        {"determine-attribute": "proactive", "determine-disclosure_forms": ["website"]},
    )
    assert r.status_code == 302
    item.refresh_from_db()
    assert item.state == State.PUBLISHED and item.index_number
    login(client, world.office2)
    r = client.post(reverse("review:repeal", args=[item.pk]), {"repeal-repealed_on": "2026-12-01"})
    assert DisclosureItem.objects.get(pk=item.pk).validity == "repealed"
    r = client.post(reverse("review:withdraw", args=[item.pk]), {"withdraw-reason": "已被新文件替代"})
    assert DisclosureItem.objects.get(pk=item.pk).state == State.WITHDRAWN


def test_second_decision_gets_a_clear_message(client, world):
    item = submitted(world)
    step = pending_step(item)
    services.clear_confidentiality(step=step, actor=world.office1)
    login(client, world.office2)
    r = client.post(reverse("review:clear", args=[step.pk]), {"clear-comment": ""}, follow=True)
    assert "已由" in r.content.decode() and "您的操作未被记录" in r.content.decode()
    assert ReviewStep.objects.get(pk=step.pk).decided_by == world.office1


# --- direct POSTs by users who should not act ------------------------------------------

STEP_ACTIONS = {
    "clear": {"clear-comment": "x"},
    "return": {"return-comment": "x"},
    "refer": {"refer-authority": "某局"},
    "secret": {"secret-comment": "x"},
}


@pytest.mark.parametrize("action", list(STEP_ACTIONS))
@pytest.mark.parametrize("who", ["drafter", "drafter2", "other_drafter", "impostor", "legal1", "nobody"])
def test_confidentiality_actions_forbidden(client, world, who, action):
    item = submitted(world)
    step = pending_step(item)
    before = snapshot(item)
    r = login(client, getattr(world, who)).post(reverse(f"review:{action}", args=[step.pk]), STEP_ACTIONS[action])
    assert r.status_code == 403
    assert snapshot(item) == before


@pytest.mark.parametrize("who", ["drafter", "other_drafter", "office1", "office2", "impostor"])
def test_determine_forbidden(client, world, who):
    item = in_attribute_review(world)
    step = pending_step(item)
    before = snapshot(item)
    r = login(client, getattr(world, who)).post(
        reverse("review:determine", args=[step.pk]),
        {"determine-attribute": "proactive", "determine-disclosure_forms": ["website"]},
    )
    assert r.status_code == 403
    assert snapshot(item) == before


@pytest.mark.parametrize("who", ["other_drafter", "office1", "legal1", "nobody"])
def test_drafting_actions_forbidden_outside_the_department(client, world, who):
    item = draft(world)
    before = snapshot(item)
    login(client, getattr(world, who))
    assert client.post(reverse("review:submit", args=[item.pk])).status_code == 403
    assert client.post(reverse("review:item_edit", args=[item.pk]), {"title": "改"}).status_code == 403
    assert (
        client.post(
            reverse("review:attachment_add", args=[item.pk]), {"file": SimpleUploadedFile("a.pdf", b"%PDF")}
        ).status_code
        == 403
    )
    assert snapshot(item) == before


@pytest.mark.parametrize("who", ["other_drafter", "nobody"])
def test_other_departments_cannot_see_drafts(client, world, who):
    item = draft(world)
    assert login(client, getattr(world, who)).get(reverse("review:item", args=[item.pk])).status_code == 403


@pytest.mark.parametrize("who", ["drafter", "other_drafter", "nobody"])
def test_publication_management_forbidden(client, world, who):
    item = in_attribute_review(world)
    item = services.determine_attribute(
        step=pending_step(item), actor=world.legal1, attribute=Attribute.PROACTIVE, forms=["website"]
    )
    before = snapshot(item)
    login(client, getattr(world, who))
    assert client.post(reverse("review:withdraw", args=[item.pk]), {"withdraw-reason": "x"}).status_code == 403
    assert client.post(reverse("review:repeal", args=[item.pk]), {}).status_code == 403
    assert snapshot(item) == before


def test_reevaluate_forbidden_to_office(client, world):
    item = in_attribute_review(world)
    services.determine_attribute(step=pending_step(item), actor=world.legal1, attribute=Attribute.ON_REQUEST)
    before = snapshot(item)
    r = login(client, world.office1).post(
        reverse("review:reevaluate", args=[item.pk]), {"reevaluate-decision": "publish"}
    )
    assert r.status_code == 403 and snapshot(item) == before


def test_anonymous_post_goes_to_login(client, world):
    item = submitted(world)
    step = pending_step(item)
    r = client.post(reverse("review:clear", args=[step.pk]), {})
    assert r.status_code == 302 and "/staff/login/" in r["Location"]
    assert ReviewStep.objects.get(pk=step.pk).status == StepStatus.PENDING


@pytest.mark.parametrize("url", ["review:office_queue", "review:legal_queue", "review:published"])
def test_queues_forbidden_to_drafters(client, world, url):
    assert login(client, world.drafter).get(reverse(url)).status_code == 403


# --- editor uploads --------------------------------------------------------------------


def png_bytes() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (2, 2), "red").save(buf, "PNG")
    return buf.getvalue()


def test_editor_upload_needs_the_drafting_permission(client, world):
    url = reverse("ck_editor_5_upload_file")
    assert url == "/ckeditor5/image_upload/"
    assert client.post(url, {"upload": SimpleUploadedFile("a.png", png_bytes())}).status_code == 403
    login(client, world.office1)
    assert client.post(url, {"upload": SimpleUploadedFile("a.png", png_bytes())}).status_code == 403
    login(client, world.drafter)
    r = client.post(url, {"upload": SimpleUploadedFile("not-image.png", b"<svg onload=alert(1)>")})
    assert r.status_code == 400
    r = client.post(url, {"upload": SimpleUploadedFile("x.svg", b"<svg/>")})
    assert r.status_code == 400
    r = client.post(url, {"upload": SimpleUploadedFile("图.png", png_bytes())})
    assert r.status_code == 200
    file_url = r.json()["url"]
    assert file_url.startswith("/editor-files/")
    assert client.get(file_url).status_code == 200
    client.logout()
    assert client.get(file_url).status_code == 404  # not public until a published item uses it
    item = draft(world, body=f'<p><img src="{file_url}" alt="图"></p>')
    services.submit_for_review(item=item, actor=world.drafter)
    services.clear_confidentiality(step=pending_step(item), actor=world.office1)
    services.determine_attribute(
        step=pending_step(item), actor=world.legal1, attribute=Attribute.PROACTIVE, forms=["website"]
    )
    assert client.get(file_url).status_code == 200
    assert EditorUpload.objects.count() == 1


def test_dashboard_panel_counts(client, world):
    submitted(world)
    html = login(client, world.office1).get(reverse("portal:staff_home")).content.decode()
    assert "待保密审查：1 条" in html


def test_withdraw_form_error_keeps_page(client, world):
    item = in_attribute_review(world)
    item = services.determine_attribute(
        step=pending_step(item),
        actor=world.legal1,
        attribute=Attribute.PROACTIVE,
        forms=["website"],
        publish_at=timezone.now() + datetime.timedelta(days=1),
    )
    r = login(client, world.legal2).post(reverse("review:withdraw", args=[item.pk]), {"withdraw-reason": ""})
    assert r.status_code == 400 and "撤回原因" in r.content.decode()
    r = client.post(reverse("review:publish_now", args=[item.pk]))
    assert DisclosureItem.objects.get(pk=item.pk).state == State.PUBLISHED


def test_editing_a_published_item_is_refused_with_a_message(client, world):
    item = in_attribute_review(world)
    services.determine_attribute(
        step=pending_step(item), actor=world.legal1, attribute=Attribute.PROACTIVE, forms=["website"]
    )
    r = login(client, world.drafter).get(reverse("review:item_edit", args=[item.pk]), follow=True)
    assert "不能修改" in r.content.decode()


@pytest.mark.parametrize("url,who", [("review:office_queue", "office1"), ("review:legal_queue", "legal1")])
def test_queue_pages_have_a_fixed_number_of_queries(client, world, url, who):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def make(n):
        for _ in range(n):
            item = submitted(world)
            if url == "review:legal_queue":
                services.clear_confidentiality(step=pending_step(item), actor=world.office1)

    login(client, getattr(world, who))
    make(1)
    client.get(reverse(url))  # warm the calendar cache
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse(url)).status_code == 200
    make(4)
    with CaptureQueriesContext(connection) as five:
        html = client.get(reverse(url)).content.decode()
    assert html.count("/staff/review/items/") >= 5
    assert len(five) == len(one), [q["sql"] for q in five.captured_queries]


def test_scheduled_publication_task(world):
    from review.tasks import publish_due_items

    assert publish_due_items() == 0
