import datetime
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from disclosure.choices import Attribute, DisclosureForm, State, Validity, WithholdGround
from disclosure.models import DisclosureItem
from disclosure.selectors import published_items
from disclosure.services import IllegalTransition as DisclosureIllegalTransition
from disclosure.services import publish_item
from portal.models import AuditEvent, Notification
from review import services
from review.choices import Outcome, ReevaluationDecision, ReferralAnswer, RunStatus, StepKind, StepStatus
from review.models import ReviewRun, ReviewStep
from review.permissions import SeparationOfDuties
from review.selectors import legal_queue, my_items, office_queue, pending_step
from tests.review.factories import draft


def submitted(world, **kw):
    item = draft(world, **kw)
    services.submit_for_review(item=item, actor=world.drafter)
    return DisclosureItem.objects.get(pk=item.pk)


def in_attribute_review(world, **kw):
    item = submitted(world, **kw)
    services.clear_confidentiality(step=pending_step(item), actor=world.office1)
    return DisclosureItem.objects.get(pk=item.pk)


def determined(world, attribute=Attribute.PROACTIVE, **kw):
    item = in_attribute_review(world)
    return services.determine_attribute(
        step=pending_step(item), actor=world.legal1, attribute=attribute, forms=[DisclosureForm.WEBSITE], **kw
    )


def actions(item):
    return list(
        AuditEvent.objects.filter(target_type="disclosure.disclosureitem", target_id=str(item.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


# --- the whole path ---------------------------------------------------------------------


@pytest.mark.django_db(transaction=False)
def test_submit_clear_determine_publishes_with_index_number(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        item = submitted(world)
    assert item.state == State.CONFIDENTIALITY_REVIEW
    assert Notification.objects.filter(recipient=world.office1, message__contains="等待保密审查").exists()
    assert not Notification.objects.filter(recipient=world.legal1).exists()
    step = pending_step(item)
    assert step.kind == StepKind.CONFIDENTIALITY and step.revision_hash == item.content_hash
    with django_capture_on_commit_callbacks(execute=True):
        services.clear_confidentiality(step=step, actor=world.office1, comment="未发现涉密内容")
    item.refresh_from_db()
    assert item.state == State.ATTRIBUTE_REVIEW
    assert item.confidentiality_revision == item.content_hash and item.confidentiality_cleared_by == world.office1
    assert Notification.objects.filter(recipient=world.legal1, message__contains="等待公开属性认定").exists()
    assert Notification.objects.filter(recipient=world.drafter, message__contains="通过保密审查").exists()
    with django_capture_on_commit_callbacks(execute=True):
        item = services.determine_attribute(
            step=pending_step(item),
            actor=world.legal1,
            attribute=Attribute.PROACTIVE,
            forms=[DisclosureForm.WEBSITE, DisclosureForm.NEW_MEDIA],
        )
    assert item.state == State.PUBLISHED
    assert item.index_number == "11220000MB0000000X/2026-00001"
    assert published_items().filter(pk=item.pk).exists()
    assert item.disclosure_forms == ["website", "new_media"]
    assert Notification.objects.filter(recipient=world.drafter, message__contains="索引号").exists()
    assert actions(item) == [
        "review.item.created",
        "review.submitted",
        "review.confidentiality.cleared",
        "review.attribute.determined",
        "item.published",
    ]
    run = ReviewRun.objects.get(item=item)
    assert run.status == RunStatus.CLOSED and run.closing_outcome == Outcome.PROACTIVE


def test_submission_refused_with_the_catalogue_problems(world):
    item = draft(world, summary="", formed_on=None)
    with pytest.raises(services.SubmissionIncomplete) as exc:
        services.submit_for_review(item=item, actor=world.drafter)
    assert "缺少内容概述" in exc.value.messages and "缺少生成日期" in exc.value.messages
    item.refresh_from_db()
    assert item.state == State.DRAFT and not ReviewRun.objects.exists()


def test_submission_refused_by_a_registered_kind_check(world):
    from disclosure import validation

    def check(item):
        return ["年度报告表格不平衡"] if "不平衡" in item.title else []

    validation.register_check("interpretation", check)
    try:
        item = draft(world, kind="interpretation", title="不平衡的解读")
        with pytest.raises(services.SubmissionIncomplete, match="年度报告表格不平衡"):
            services.submit_for_review(item=item, actor=world.drafter)
    finally:
        validation._checks["interpretation"].remove(check)


def test_one_active_run_per_item_at_the_database(world):
    item = submitted(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewRun.objects.create(item=item, submitted_by=world.drafter, revision_hash=item.content_hash)


def test_submitting_twice_is_an_illegal_transition(world):
    item = submitted(world)
    with pytest.raises(services.IllegalTransition, match="保密审查中"):
        services.submit_for_review(item=item, actor=world.drafter)


# --- the Office ---------------------------------------------------------------------------


def test_office_return_sends_item_back_with_comment(world, django_capture_on_commit_callbacks):
    item = submitted(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.return_for_changes(step=pending_step(item), actor=world.office1, comment="删去第三段人员姓名")
    item.refresh_from_db()
    assert item.state == State.RETURNED
    assert Notification.objects.filter(recipient=world.drafter, message__contains="删去第三段人员姓名").exists()
    # The drafter fixes and resubmits: a new run with a fresh confidentiality step.
    services.update_item(item=item, actor=world.drafter, data={"body": "<p>已删去人员姓名。</p>"})
    services.submit_for_review(item=item, actor=world.drafter)
    step = pending_step(item)
    assert step.kind == StepKind.CONFIDENTIALITY
    assert [c["field"] for c in step.changes] == ["body"]


def test_return_needs_a_comment(world):
    item = submitted(world)
    with pytest.raises(services.ReviewError, match="写明"):
        services.return_for_changes(step=pending_step(item), actor=world.office1, comment="  ")
    assert DisclosureItem.objects.get(pk=item.pk).state == State.CONFIDENTIALITY_REVIEW


def test_referral_waits_then_answer_not_secret_clears(world):
    item = submitted(world)
    referral = services.refer_to_authority(
        step=pending_step(item), actor=world.office1, authority="省国家保密局", question="附表是否属于工作秘密"
    )
    item.refresh_from_db()
    assert item.state == State.REFERRED
    with pytest.raises(services.IllegalTransition, match="已报请"):
        services.clear_confidentiality(step=pending_step(item), actor=world.office1)
    services.record_authority_answer(
        referral=referral, actor=world.office2, answer=ReferralAnswer.NOT_SECRET, answer_text="示保函〔2026〕3号"
    )
    item.refresh_from_db()
    assert item.state == State.ATTRIBUTE_REVIEW and item.confidentiality_cleared_by == world.office2
    with pytest.raises(services.AlreadyDecided):
        services.record_authority_answer(referral=referral, actor=world.office1, answer=ReferralAnswer.SECRET)


def test_referral_answer_secret_withholds(world):
    item = submitted(world)
    referral = services.refer_to_authority(step=pending_step(item), actor=world.office1, authority="省国家保密局")
    services.record_authority_answer(referral=referral, actor=world.office1, answer=ReferralAnswer.SECRET)
    item.refresh_from_db()
    assert item.state == State.SECRET and item.withhold_ground == WithholdGround.STATE_SECRET
    assert item.reevaluate_on == timezone.localdate() + timedelta(days=365)


def test_withhold_as_secret(world):
    item = submitted(world)
    services.withhold_as_secret(step=pending_step(item), actor=world.office1, comment="属于保密事项范围第5项")
    item.refresh_from_db()
    assert item.state == State.SECRET and not published_items().filter(pk=item.pk).exists()
    with pytest.raises(services.ReviewError):
        services.withhold_as_secret(step=ReviewStep.objects.get(item=item), actor=world.office1, comment="")


# --- Legal Affairs ---------------------------------------------------------------------


def test_on_request_and_withheld_get_a_reevaluation_date(world, settings):
    settings.PORTAL = {**settings.PORTAL, "REEVALUATION_DAYS": 180}
    a = determined(world, attribute=Attribute.ON_REQUEST)
    assert a.state == State.ON_REQUEST and a.reevaluate_on == timezone.localdate() + timedelta(days=180)
    item = in_attribute_review(world)
    with pytest.raises(services.ReviewError, match="理由"):
        services.determine_attribute(step=pending_step(item), actor=world.legal1, attribute=Attribute.WITHHELD)
    b = services.determine_attribute(
        step=pending_step(item),
        actor=world.legal1,
        attribute=Attribute.WITHHELD,
        ground=WithholdGround.PROCESS_INFO,
        reevaluate_on=datetime.date(2030, 1, 1),
    )
    assert b.state == State.WITHHELD and b.reevaluate_on == datetime.date(2030, 1, 1)
    assert not published_items().filter(pk__in=[a.pk, b.pk]).exists()


def test_proactive_needs_a_form(world):
    item = in_attribute_review(world)
    with pytest.raises(services.ReviewError, match="公开形式"):
        services.determine_attribute(
            step=pending_step(item), actor=world.legal1, attribute=Attribute.PROACTIVE, forms=[]
        )


def test_legal_return_notifies_drafter_and_office_clearer(world, django_capture_on_commit_callbacks):
    item = in_attribute_review(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.return_for_changes(step=pending_step(item), actor=world.legal1, comment="补充政策依据")
    item.refresh_from_db()
    assert item.state == State.RETURNED and item.confidentiality_revision == ""
    for user in (world.drafter, world.office1):
        assert Notification.objects.filter(recipient=user, message__contains="补充政策依据").exists()
    assert not Notification.objects.filter(recipient=world.office2, message__contains="补充政策依据").exists()


def test_scheduled_item_is_published_by_the_scan(world):
    at = timezone.now() + timedelta(hours=3)
    item = determined(world, publish_at=at)
    assert item.state == State.SCHEDULED and item.scheduled_for == at and item.index_number is None
    assert services.publish_due(now=timezone.now()) == []
    assert services.publish_due(now=at + timedelta(minutes=1)) == [item.pk]
    item.refresh_from_db()
    assert item.state == State.PUBLISHED and item.index_number
    assert services.publish_due(now=at + timedelta(minutes=2)) == []


def test_repeal_keeps_it_public_with_the_mark(world):
    item = determined(world)
    services.repeal_item(item=item, actor=world.legal2, repealed_on=datetime.date(2026, 12, 1))
    item = published_items().get(pk=item.pk)
    assert item.validity == Validity.REPEALED and item.repealed_on == datetime.date(2026, 12, 1)
    with pytest.raises(services.IllegalTransition):
        services.repeal_item(item=item, actor=world.legal2)


def test_withdraw_removes_from_public_and_ends_the_clearances(world):
    item = determined(world)
    with pytest.raises(services.ReviewError, match="原因"):
        services.withdraw_item(item=item, actor=world.office1, reason="")
    services.withdraw_item(item=item, actor=world.office1, reason="内容有误")
    item.refresh_from_db()
    assert item.state == State.WITHDRAWN and item.withdrawn_reason == "内容有误"
    assert not published_items().filter(pk=item.pk).exists()
    assert item.confidentiality_revision == "" and item.attribute_revision == ""
    # Back to public only through both reviews; it keeps its index number.
    number = item.index_number
    services.submit_for_review(item=item, actor=world.drafter)
    services.clear_confidentiality(step=pending_step(item), actor=world.office2)
    item = services.determine_attribute(
        step=pending_step(item), actor=world.legal2, attribute=Attribute.PROACTIVE, forms=["website"]
    )
    assert item.state == State.PUBLISHED and item.index_number == number


def test_reevaluate_keep_and_send_to_publication(world, django_capture_on_commit_callbacks):
    item = determined(world, attribute=Attribute.ON_REQUEST)
    with pytest.raises(PermissionDenied):
        services.reevaluate_item(item=item, actor=world.office1, decision=ReevaluationDecision.KEEP)
    item = services.reevaluate_item(
        item=item, actor=world.legal2, decision=ReevaluationDecision.KEEP, next_on=datetime.date(2031, 5, 1)
    )
    assert item.state == State.ON_REQUEST and item.reevaluate_on == datetime.date(2031, 5, 1)
    with django_capture_on_commit_callbacks(execute=True):
        item = services.reevaluate_item(
            item=item, actor=world.legal2, decision=ReevaluationDecision.PUBLISH, comment="情况已变化"
        )
    assert item.state == State.CONFIDENTIALITY_REVIEW and item.attribute == "" and item.reevaluate_on is None
    assert Notification.objects.filter(recipient=world.office1, message__contains="等待保密审查").exists()
    services.clear_confidentiality(step=pending_step(item), actor=world.office1)
    item = services.determine_attribute(
        step=pending_step(item), actor=world.legal2, attribute=Attribute.PROACTIVE, forms=["website"]
    )
    assert item.state == State.PUBLISHED


# --- clearance per exact revision ------------------------------------------------------


def test_edit_after_confidentiality_clearance_voids_it(world):
    item = in_attribute_review(world)
    old_step = pending_step(item)
    services.update_item(item=item, actor=world.drafter, data={"summary": "改写后的概述。"})
    item.refresh_from_db()
    assert item.state == State.DRAFT
    assert item.confidentiality_cleared_at is None and item.confidentiality_revision == ""
    old_step.refresh_from_db()
    assert old_step.outcome == Outcome.VOIDED
    assert ReviewRun.objects.get(item=item).closing_outcome == Outcome.VOIDED
    with pytest.raises(services.AlreadyDecided):
        services.determine_attribute(
            step=old_step, actor=world.legal1, attribute=Attribute.PROACTIVE, forms=["website"]
        )
    # Both reviews again; each reviewer sees what changed since their last look.
    services.submit_for_review(item=item, actor=world.drafter)
    step = pending_step(item)
    assert [c["field"] for c in step.changes] == ["summary"]
    assert step.changes[0]["after"] == "改写后的概述。"
    services.clear_confidentiality(step=step, actor=world.office1)
    legal_step = pending_step(item)
    assert legal_step.changes == []  # Legal Affairs had not decided on any revision before


def test_edit_after_both_clearances_voids_both(world):
    item = determined(world, publish_at=timezone.now() + timedelta(days=1))
    assert item.state == State.SCHEDULED
    services.update_item(item=item, actor=world.drafter, data={"title": "新的标题"})
    item.refresh_from_db()
    assert item.state == State.DRAFT and item.scheduled_for is None
    assert item.attribute_revision == "" and item.confidentiality_revision == "" and item.attribute == ""
    assert services.publish_due(now=timezone.now() + timedelta(days=2)) == []
    assert "review.item.edited" in actions(item)
    edited = AuditEvent.objects.filter(action="review.item.edited", target_id=str(item.pk)).get()
    assert edited.data["voided_clearances"] is True and edited.data["changed"] == ["title"]


def test_attachment_after_clearance_voids_it(world):
    item = in_attribute_review(world)
    services.add_item_attachment(item=item, actor=world.drafter, name="附表.pdf", content=b"%PDF-1.4 x")
    item.refresh_from_db()
    assert item.state == State.DRAFT and item.confidentiality_revision == ""


def test_edit_without_change_keeps_clearance(world):
    item = in_attribute_review(world)
    services.update_item(item=item, actor=world.drafter, data={"title": item.title})
    item.refresh_from_db()
    assert item.state == State.ATTRIBUTE_REVIEW and item.confidentiality_revision == item.content_hash


def test_out_of_band_edit_makes_the_clearance_stale(world):
    """An edit that bypasses the services (admin, shell) cannot ride on an old clearance."""
    item = in_attribute_review(world)
    item.title = "后台直接修改的标题"
    item.save()
    with pytest.raises(services.StaleRevision):
        services.determine_attribute(
            step=pending_step(item), actor=world.legal1, attribute=Attribute.PROACTIVE, forms=["website"]
        )
    assert DisclosureItem.objects.get(pk=item.pk).state == State.ATTRIBUTE_REVIEW


def test_stale_clearance_can_never_publish(world):
    item = determined(world, publish_at=timezone.now() + timedelta(hours=1))
    # A raw UPDATE leaves content_hash as it was: only recomputing the hash reveals the change.
    DisclosureItem.objects.filter(pk=item.pk).update(body="<p>未经审查的内容</p>")
    assert services.publish_due(now=timezone.now() + timedelta(hours=2)) == []
    item.refresh_from_db()
    assert item.state == State.SCHEDULED and not item.clearances_current
    assert AuditEvent.objects.filter(action="review.publish.refused", target_id=str(item.pk)).exists()
    with pytest.raises(DisclosureIllegalTransition):
        publish_item(item=item)
    # Saving it (which recomputes the hash) while scheduled is refused by the database.
    with pytest.raises(IntegrityError), transaction.atomic():
        DisclosureItem.objects.get(pk=item.pk).save()


# --- separation of duties and boundaries ------------------------------------------------


def test_nobody_clears_what_they_drafted(world):
    item = draft(world, by=world.drafter)
    item.created_by = world.office1  # an Office member who drafted the item
    item.save(update_fields=["created_by"])
    services.submit_for_review(item=item, actor=world.drafter)
    with pytest.raises(SeparationOfDuties):
        services.clear_confidentiality(step=pending_step(item), actor=world.office1)
    services.clear_confidentiality(step=pending_step(item), actor=world.office2)


def test_two_clearances_by_two_people(world, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.gov.cn", "x", department=world.xfzx)
    item = submitted(world)
    services.clear_confidentiality(step=pending_step(item), actor=admin)
    with pytest.raises(SeparationOfDuties, match="两个不同的人"):
        services.determine_attribute(
            step=pending_step(item), actor=admin, attribute=Attribute.PROACTIVE, forms=["website"]
        )
    assert DisclosureItem.objects.get(pk=item.pk).state == State.ATTRIBUTE_REVIEW


@pytest.mark.parametrize("who", ["legal1", "impostor", "drafter", "other_drafter", "nobody"])
def test_only_the_office_clears(world, who):
    item = submitted(world)
    with pytest.raises(PermissionDenied):
        services.clear_confidentiality(step=pending_step(item), actor=getattr(world, who))
    assert DisclosureItem.objects.get(pk=item.pk).state == State.CONFIDENTIALITY_REVIEW


@pytest.mark.parametrize("who", ["office1", "office2", "drafter", "other_drafter"])
def test_only_legal_affairs_determines(world, who):
    item = in_attribute_review(world)
    with pytest.raises(PermissionDenied):
        services.determine_attribute(
            step=pending_step(item), actor=getattr(world, who), attribute=Attribute.PROACTIVE, forms=["website"]
        )


def test_departments_edit_only_their_own_items(world):
    item = draft(world)
    with pytest.raises(PermissionDenied):
        services.update_item(item=item, actor=world.other_drafter, data={"title": "别人的"})
    with pytest.raises(PermissionDenied):
        services.submit_for_review(item=item, actor=world.other_drafter)
    with pytest.raises(PermissionDenied):
        services.update_item(item=item, actor=world.office1, data={"title": "审查人改稿"})
    services.update_item(item=item, actor=world.drafter2, data={"title": "同部门同事修改"})
    assert list(my_items(world.drafter2)) == [DisclosureItem.objects.get(pk=item.pk)]
    assert list(my_items(world.other_drafter)) == []


def test_queues(world):
    a = submitted(world)
    b = in_attribute_review(world)
    assert [s.item_id for s in office_queue(world.office1)] == [a.pk]
    assert [s.item_id for s in legal_queue(world.legal1)] == [b.pk]
    assert list(office_queue(world.legal1)) == [] and list(legal_queue(world.drafter)) == []


def test_published_item_cannot_be_edited(world):
    item = determined(world)
    with pytest.raises(services.IllegalTransition):
        services.update_item(item=item, actor=world.drafter, data={"title": "发布后改"})
    step = ReviewStep.objects.filter(item=item, kind=StepKind.ATTRIBUTE).get()
    assert step.status == StepStatus.DECIDED


def _png() -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (2, 2), "blue").save(buf, "PNG")
    return buf.getvalue()


def test_editor_upload_is_stored_once_per_content_and_typed_by_its_extension(world):
    first = services.store_editor_upload(actor=world.drafter, name="图一.PNG", content=_png())
    again = services.store_editor_upload(actor=world.drafter, name="另一个名字.png", content=_png())
    assert again.pk == first.pk and first.content_type == "image/png" and first.stored_name.endswith(".png")
    with pytest.raises(services.UploadRefused, match="损坏或不是图片"):
        services.store_editor_upload(actor=world.drafter, name="x.png", content=b"<svg onload=alert(1)>")
    with pytest.raises(services.UploadRefused, match="不支持该文件类型"):
        services.store_editor_upload(actor=world.drafter, name="x.svg", content=b"<svg/>")
    with pytest.raises(PermissionDenied):
        services.store_editor_upload(actor=world.office1, name="y.png", content=_png())
