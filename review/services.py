"""Transitions of the publication workflow (seed plan 五(三); Art. 17, 18, 26 of the
Regulation). Each service locks the item row, asks the action table (rules.py) whether
the actor may take the action now, saves with update_fields, writes the audit event in
the same transaction and queues notifications on commit. Views, the scan and the demo
loader only call these."""

import hashlib
import mimetypes
from datetime import date, datetime, timedelta
from io import BytesIO
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image

from disclosure.choices import Attribute, DisclosureForm, State, Validity, WithholdGround
from disclosure.consultations import services as consultations
from disclosure.models import DisclosureItem
from disclosure.services import add_attachment, publish_item, save_content
from disclosure.validation import submission_problems
from portal.audit import record
from portal.notifications import notify_on_commit

from . import notifications
from .choices import Outcome, ReevaluationDecision, ReferralAnswer, RunStatus, StepKind, StepStatus
from .errors import AlreadyDecided, IllegalTransition, ReviewError, StaleRevision, SubmissionIncomplete, UploadRefused
from .models import EditorUpload, Referral, ReviewRun, ReviewStep, payload_changes
from .permissions import ensure_can_draft, grant_department_access, is_drafter
from .rules import EDITABLE, SUBMITTABLE, TRANSITIONS, ensure_allowed, ensure_permitted, state_label

__all__ = [
    "AlreadyDecided",
    "IllegalTransition",
    "ReviewError",
    "StaleRevision",
    "SubmissionIncomplete",
    "UploadRefused",
    "EDITABLE",
    "SUBMITTABLE",
    "TRANSITIONS",
    "state_label",
]


EDITABLE_FIELDS = (
    "kind",
    "title",
    "summary",
    "body",
    "formed_on",
    "document_number",
    "topic",
    "doc_type",
    "report_year",
    "proposed_attribute",
    "proposed_ground",
)
CLEARANCE_FIELDS = [
    "confidentiality_cleared_by",
    "confidentiality_cleared_at",
    "confidentiality_revision",
    "attribute",
    "withhold_ground",
    "disclosure_forms",
    "attribute_determined_by",
    "attribute_determined_at",
    "attribute_revision",
    "scheduled_for",
    "imported_at",
    "imported_revision",
]


def reevaluation_date(today: date | None = None) -> date:
    """Art. 18: the next re-evaluation of a withheld / on-request determination."""
    return (today or timezone.localdate()) + timedelta(days=settings.PORTAL["REEVALUATION_DAYS"])


def _lock_item(pk: int) -> DisclosureItem:
    return DisclosureItem.objects.select_for_update().get(pk=pk)


def _lock_step(step: ReviewStep) -> tuple[DisclosureItem, ReviewStep]:
    """Lock the item first, then the step: every service takes locks in this order."""
    item = _lock_item(step.item_id)
    locked = ReviewStep.objects.select_for_update().get(pk=step.pk)
    return item, locked


def _require_revision(item: DisclosureItem, step: ReviewStep) -> None:
    """A clearance belongs to the exact revision the reviewer saw."""
    current = item.compute_hash()
    if current != step.revision_hash or item.content_hash != current:
        raise StaleRevision(
            "该信息在送审后已被修改，本环节所审内容已不是当前版本，不能据此通过。请退回起草部门重新提交。"
        )


def _decide(step: ReviewStep, *, outcome: str, actor, comment: str) -> None:
    step.status = StepStatus.DECIDED
    step.outcome = outcome
    step.decided_by = actor
    step.decided_at = timezone.now()
    step.comment = comment
    step.save(update_fields=["status", "outcome", "decided_by", "decided_at", "comment"])


def _close_run(run_id: int, outcome: str) -> None:
    ReviewRun.objects.filter(pk=run_id, status=RunStatus.ACTIVE).update(
        status=RunStatus.CLOSED, closed_at=timezone.now(), closing_outcome=outcome
    )


def _clear_clearances(item: DisclosureItem) -> None:
    item.confidentiality_cleared_by = None
    item.confidentiality_cleared_at = None
    item.confidentiality_revision = ""
    item.attribute = ""
    item.withhold_ground = ""
    item.disclosure_forms = []
    item.attribute_determined_by = None
    item.attribute_determined_at = None
    item.attribute_revision = ""
    item.scheduled_for = None
    # A historical import's mark is not a clearance either: once withdrawn or re-reviewed
    # the item goes public again only through both reviews.
    item.imported_at = None
    item.imported_revision = ""


def _note_editor(item: DisclosureItem, actor) -> None:
    """The actor changed the revision: they may not clear it (separation of duties)."""
    if actor is not None and actor.pk not in item.revision_editors:
        item.revision_editors = [*item.revision_editors, actor.pk]


def _void_active_run(item: DisclosureItem) -> bool:
    """Close the item's active run; its pending steps are recorded as voided."""
    run = ReviewRun.objects.select_for_update().filter(item=item, status=RunStatus.ACTIVE).first()
    if run is None:
        return False
    now = timezone.now()
    run.steps.filter(status=StepStatus.PENDING).update(
        status=StepStatus.DECIDED, outcome=Outcome.VOIDED, decided_at=now, comment="内容已修改，本环节作废"
    )
    Referral.objects.filter(step__run=run, answered_at__isnull=True).update(
        answered_at=now, answer_text="内容已修改，报请作废"
    )
    _close_run(run.pk, Outcome.VOIDED)
    return True


def _new_step(*, run: ReviewRun, item: DisclosureItem, kind: str) -> ReviewStep:
    """A step snapshots what its reviewer sees and what changed since that role's last look."""
    payload = item.revision_payload()
    previous = (
        ReviewStep.objects.filter(item=item, kind=kind, status=StepStatus.DECIDED)
        .exclude(outcome=Outcome.VOIDED)
        .order_by("-decided_at", "-id")
        .first()
    )
    return ReviewStep.objects.create(
        run=run,
        item=item,
        kind=kind,
        revision_hash=item.content_hash,
        snapshot=payload,
        changes=payload_changes(previous.snapshot if previous else None, payload),
    )


# --- drafting -------------------------------------------------------------------------


@transaction.atomic
def create_item(*, actor, data: dict) -> DisclosureItem:
    """A drafting department writes an item and proposes its attribute (拟公开属性)."""
    ensure_can_draft(actor)
    item = DisclosureItem(publisher=actor.department, created_by=actor, state=State.DRAFT, revision_editors=[actor.pk])
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(item, name, data[name])
    period = _stage_period(item, data)
    save_content(item=item)
    if period is not None:
        consultations.store_period(item=item, consultation=period[0], actor=actor)
    grant_department_access(item)
    record(action="review.item.created", actor=actor, target=item, data={"revision": item.content_hash})
    return item


def _stage_period(item: DisclosureItem, data: dict) -> tuple | None:
    """A draft for comment (意见征集) carries its period in the revision: stage it on the item
    before the revision is compared and saved. None when the caller gave no period."""
    if "consultation_opens_on" not in data and "consultation_closes_on" not in data:
        return None
    return (
        consultations.stage_period(
            item=item, opens_on=data.get("consultation_opens_on"), closes_on=data.get("consultation_closes_on")
        ),
    )


def _void_for_change(item: DisclosureItem) -> dict:
    """A new revision: void both clearances and any review in progress (in memory and the
    run rows); the caller saves the item with CLEARANCE_FIELDS and "state"."""
    voided = {
        "voided_clearances": bool(item.confidentiality_revision or item.attribute_revision),
        "voided_review": _void_active_run(item),
    }
    _clear_clearances(item)
    if item.state not in (State.DRAFT, State.RETURNED):
        item.state = State.DRAFT
    return voided


@transaction.atomic
def update_item(*, item: DisclosureItem, actor, data: dict) -> DisclosureItem:
    """Edit an item. Any change after a clearance voids both clearances (one revision, one clearance)."""
    item = _lock_item(item.pk)
    ensure_allowed("edit", item=item, actor=actor)
    before = item.content_hash
    before_payload = item.revision_payload()
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(item, name, data[name])
    period = _stage_period(item, data)
    changed = [c["field"] for c in payload_changes(before_payload, item.revision_payload())]
    if not changed:
        return item
    voided = _void_for_change(item)
    _note_editor(item, actor)
    save_content(item=item, update_fields=[*EDITABLE_FIELDS, *CLEARANCE_FIELDS, "state", "revision_editors"])
    if period is not None:
        consultations.store_period(item=item, consultation=period[0], actor=actor)
    record(
        action="review.item.edited",
        actor=actor,
        target=item,
        data={"changed": changed, "revision_before": before, "revision": item.content_hash, **voided},
    )
    return item


def _change_attachments(item: DisclosureItem, *, actor, change) -> None:
    """Attachments are part of the revision: the clearances go before the file changes,
    so a scheduled item never holds a clearance of a revision it no longer has."""
    before = item.content_hash
    voided = _void_for_change(item)
    _note_editor(item, actor)
    item.save(update_fields=[*CLEARANCE_FIELDS, "state", "revision_editors"])
    change()
    item.refresh_from_db()
    record(
        action="review.item.edited",
        actor=actor,
        target=item,
        data={"changed": ["attachments"], "revision_before": before, "revision": item.content_hash, **voided},
    )


@transaction.atomic
def add_item_attachment(*, item: DisclosureItem, actor, name: str, content: bytes, content_type: str = ""):
    item = _lock_item(item.pk)
    ensure_allowed("edit", item=item, actor=actor)
    result = {}

    def change():
        result["attachment"] = add_attachment(
            item=item, name=name, content=content, actor=actor, content_type=content_type
        )

    _change_attachments(item, actor=actor, change=change)
    return result["attachment"]


@transaction.atomic
def remove_item_attachment(*, item: DisclosureItem, actor, attachment_id: int) -> None:
    item = _lock_item(item.pk)
    ensure_allowed("edit", item=item, actor=actor)
    attachment = item.attachments.get(pk=attachment_id)

    def change():
        name = attachment.name
        attachment.file.delete(save=False)
        attachment.delete()
        item.save(update_fields=[])
        record(action="item.attachment.removed", actor=actor, target=item, data={"name": name})

    _change_attachments(item, actor=actor, change=change)


def _start_run(item: DisclosureItem, *, actor) -> ReviewRun:
    item.save(update_fields=[])  # refresh content_hash from the stored content
    _void_active_run(item)
    _clear_clearances(item)
    run = ReviewRun.objects.create(item=item, submitted_by=actor, revision_hash=item.content_hash)
    _new_step(run=run, item=item, kind=StepKind.CONFIDENTIALITY)
    item.state = State.CONFIDENTIALITY_REVIEW
    item.save(update_fields=[*CLEARANCE_FIELDS, "state"])
    return run


@transaction.atomic
def submit_for_review(*, item: DisclosureItem, actor) -> ReviewRun:
    """Send an item to the Office's confidentiality review (seed plan: 首先要进行保密审查)."""
    item = _lock_item(item.pk)
    ensure_allowed("submit", item=item, actor=actor, target=State.CONFIDENTIALITY_REVIEW)
    problems = submission_problems(item)
    if problems:
        raise SubmissionIncomplete(problems)
    run = _start_run(item, actor=actor)
    record(action="review.submitted", actor=actor, target=item, data={"revision": item.content_hash, "run": run.pk})
    notify_on_commit(notifications.notify_arrival, item.pk, StepKind.CONFIDENTIALITY)
    return run


# --- the Office: confidentiality review ---------------------------------------------


@transaction.atomic
def clear_confidentiality(*, step: ReviewStep, actor, comment: str = "") -> ReviewStep:
    """The Office finds nothing secret in this revision; Legal Affairs may now decide."""
    item, step = _lock_step(step)
    ensure_allowed("clear", item=item, actor=actor, step=step, target=State.ATTRIBUTE_REVIEW)
    _require_revision(item, step)
    _decide(step, outcome=Outcome.CLEARED, actor=actor, comment=comment)
    _record_confidentiality_clearance(item, step=step, actor=actor)
    record(
        action="review.confidentiality.cleared",
        actor=actor,
        target=item,
        data={"revision": step.revision_hash, "comment": comment, "step": step.pk},
    )
    notify_on_commit(notifications.notify_decision, item.pk, "已通过保密审查，转法制处认定公开属性。")
    notify_on_commit(notifications.notify_arrival, item.pk, StepKind.ATTRIBUTE)
    return step


def _record_confidentiality_clearance(item: DisclosureItem, *, step: ReviewStep, actor) -> None:
    item.confidentiality_cleared_by = actor
    item.confidentiality_cleared_at = step.decided_at
    item.confidentiality_revision = step.revision_hash
    item.state = State.ATTRIBUTE_REVIEW
    item.save(
        update_fields=["confidentiality_cleared_by", "confidentiality_cleared_at", "confidentiality_revision", "state"]
    )
    _new_step(run=step.run, item=item, kind=StepKind.ATTRIBUTE)


@transaction.atomic
def return_for_changes(*, step: ReviewStep, actor, comment: str) -> ReviewStep:
    """The Office or Legal Affairs sends the item back to its department with a comment."""
    comment = (comment or "").strip()
    item, step = _lock_step(step)
    action = "return_confidentiality" if step.kind == StepKind.CONFIDENTIALITY else "return_attribute"
    ensure_allowed(action, item=item, actor=actor, step=step, target=State.RETURNED)
    if not comment:
        raise ReviewError("退回修改须写明需要修改的内容。")
    office_clearer = item.confidentiality_cleared_by_id if step.kind == StepKind.ATTRIBUTE else None
    _decide(step, outcome=Outcome.RETURNED, actor=actor, comment=comment)
    _close_run(step.run_id, Outcome.RETURNED)
    _clear_clearances(item)
    item.state = State.RETURNED
    item.save(update_fields=[*CLEARANCE_FIELDS, "state"])
    record(
        action=f"review.{step.kind}.returned",
        actor=actor,
        target=item,
        data={"revision": step.revision_hash, "comment": comment, "step": step.pk},
    )
    extra = (office_clearer,) if office_clearer and office_clearer != actor.pk else ()
    notify_on_commit(notifications.notify_decision, item.pk, f"{step.get_kind_display()}退回修改：{comment}", extra)
    return step


@transaction.atomic
def refer_to_authority(*, step: ReviewStep, actor, authority: str, question: str = "") -> Referral:
    """Art. 17: the Office cannot decide whether the item is secret; it asks the competent
    authority (有关主管部门或者保密行政管理部门) and the item waits for the answer."""
    authority = (authority or "").strip()
    item, step = _lock_step(step)
    ensure_allowed("refer", item=item, actor=actor, step=step, target=State.REFERRED)
    if not authority:
        raise ReviewError("请填写报请确定的主管部门或保密行政管理部门。")
    referral = Referral.objects.create(
        step=step, item=item, authority=authority[:200], question=question, referred_by=actor
    )
    item.state = State.REFERRED
    item.save(update_fields=["state"])
    record(
        action="review.confidentiality.referred",
        actor=actor,
        target=item,
        data={"revision": step.revision_hash, "authority": authority, "comment": question, "step": step.pk},
    )
    notify_on_commit(
        notifications.notify_decision, item.pk, f"已报请{authority}确定是否涉密（条例第十七条），等待答复。"
    )
    return referral


@transaction.atomic
def record_authority_answer(*, referral: Referral, actor, answer: str, answer_text: str = "") -> Referral:
    """Art. 17: record the competent authority's answer; the item leaves its waiting state."""
    item, step = _lock_step(referral.step)
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    ensure_permitted("answer", item=item, actor=actor)
    if referral.answered_at is not None:
        raise AlreadyDecided(f"该报请事项的答复已由{referral.answered_by or '系统'}登记，您的操作未被记录。")
    ensure_allowed("answer", item=item, actor=actor, step=step)
    if answer not in ReferralAnswer.values:
        raise ReviewError("请选择主管部门的答复结论。")
    referral.answer = answer
    referral.answer_text = answer_text
    referral.answered_by = actor
    referral.answered_at = timezone.now()
    referral.save(update_fields=["answer", "answer_text", "answered_by", "answered_at"])
    comment = f"经{referral.authority}确定{referral.get_answer_display()}。{answer_text}".strip()
    if answer == ReferralAnswer.NOT_SECRET:
        _require_revision(item, step)
        _decide(step, outcome=Outcome.CLEARED, actor=actor, comment=comment)
        _record_confidentiality_clearance(item, step=step, actor=actor)
        record(
            action="review.confidentiality.cleared",
            actor=actor,
            target=item,
            data={"revision": step.revision_hash, "comment": comment, "referral": referral.pk, "step": step.pk},
        )
        notify_on_commit(notifications.notify_decision, item.pk, "主管部门确定不涉密，已通过保密审查。")
        notify_on_commit(notifications.notify_arrival, item.pk, StepKind.ATTRIBUTE)
    else:
        _close_as_secret(item, step=step, actor=actor, comment=comment)
    return referral


def _close_as_secret(item: DisclosureItem, *, step: ReviewStep, actor, comment: str) -> None:
    _decide(step, outcome=Outcome.SECRET, actor=actor, comment=comment)
    _close_run(step.run_id, Outcome.SECRET)
    _clear_clearances(item)
    item.attribute = Attribute.WITHHELD
    item.withhold_ground = WithholdGround.STATE_SECRET
    item.state = State.SECRET
    item.reevaluate_on = reevaluation_date()
    item.save(update_fields=[*CLEARANCE_FIELDS, "state", "reevaluate_on"])
    record(
        action="review.confidentiality.secret",
        actor=actor,
        target=item,
        data={
            "revision": step.revision_hash,
            "comment": comment,
            "step": step.pk,
            "reevaluate_on": item.reevaluate_on.isoformat(),
        },
    )
    notify_on_commit(notifications.notify_decision, item.pk, f"经保密审查认定涉及国家秘密，不予公开。{comment}")


@transaction.atomic
def withhold_as_secret(*, step: ReviewStep, actor, comment: str) -> ReviewStep:
    """Art. 14: the Office finds a state secret; the item is never published."""
    comment = (comment or "").strip()
    item, step = _lock_step(step)
    ensure_allowed("secret", item=item, actor=actor, step=step, target=State.SECRET)
    if not comment:
        raise ReviewError("认定涉密须写明依据（如定密文件或保密事项范围条目）。")
    _close_as_secret(item, step=step, actor=actor, comment=comment)
    return step


# --- Legal Affairs: attribute determination ---------------------------------------


@transaction.atomic
def determine_attribute(
    *,
    step: ReviewStep,
    actor,
    attribute: str,
    forms: list[str] | None = None,
    ground: str = "",
    publish_at: datetime | None = None,
    reevaluate_on: date | None = None,
    comment: str = "",
) -> DisclosureItem:
    """Legal Affairs determines 主动公开 (with its forms), 依申请公开 or 不予公开 (with an
    Art. 14–16 ground). A 主动公开 item is published at once or scheduled (Art. 26)."""
    item, step = _lock_step(step)
    action = ensure_allowed("determine", item=item, actor=actor, step=step)
    _require_revision(item, step)
    if item.confidentiality_revision != step.revision_hash or item.confidentiality_cleared_at is None:
        raise StaleRevision("当前版本尚未通过办公室保密审查，不能认定公开属性。")
    forms = list(dict.fromkeys(forms or []))
    now = timezone.now()
    if attribute == Attribute.PROACTIVE:
        if not forms or any(f not in DisclosureForm.values for f in forms):
            raise ReviewError("认定主动公开的，须选择公开形式。")
        target = State.SCHEDULED if publish_at and publish_at > now else State.PUBLISHED
        outcome, ground = Outcome.PROACTIVE, ""
    elif attribute == Attribute.ON_REQUEST:
        target, outcome, ground, forms = State.ON_REQUEST, Outcome.ON_REQUEST, "", []
    elif attribute == Attribute.WITHHELD:
        if ground not in WithholdGround.values:
            raise ReviewError("认定不予公开的，须选择条例第十四条至第十六条规定的理由。")
        target, outcome, forms = State.WITHHELD, Outcome.WITHHELD, []
    else:
        raise ReviewError("请选择公开属性。")
    if target not in action.targets:
        raise IllegalTransition(action.refusal(item))
    if reevaluate_on is not None and reevaluate_on <= timezone.localdate():
        raise ReviewError("复核日期须晚于今天。")
    _decide(step, outcome=outcome, actor=actor, comment=comment)
    _close_run(step.run_id, outcome)
    item.attribute = attribute
    item.withhold_ground = ground
    item.disclosure_forms = forms
    item.attribute_determined_by = actor
    item.attribute_determined_at = step.decided_at
    item.attribute_revision = step.revision_hash
    # Both reviews have now seen this revision: the next one starts a new set of editors.
    item.revision_editors = []
    fields = [
        "attribute",
        "withhold_ground",
        "disclosure_forms",
        "attribute_determined_by",
        "attribute_determined_at",
        "attribute_revision",
        "state",
        "scheduled_for",
        "reevaluate_on",
        "revision_editors",
    ]
    if target in (State.ON_REQUEST, State.WITHHELD):
        item.reevaluate_on = reevaluate_on or reevaluation_date()
        item.state = target
    elif target == State.SCHEDULED:
        item.scheduled_for = publish_at
        item.reevaluate_on = None
        item.state = State.SCHEDULED
    else:
        item.reevaluate_on = None
    item.save(update_fields=fields)
    record(
        action="review.attribute.determined",
        actor=actor,
        target=item,
        data={
            "revision": step.revision_hash,
            "attribute": attribute,
            "forms": forms,
            "ground": ground,
            "comment": comment,
            "step": step.pk,
            "scheduled_for": publish_at.isoformat() if target == State.SCHEDULED else None,
            "reevaluate_on": item.reevaluate_on.isoformat() if item.reevaluate_on else None,
        },
    )
    if target == State.PUBLISHED:
        item = publish_item(item=item, actor=actor)
        message = f"已认定为主动公开并发布，索引号 {item.index_number}。"
    elif target == State.SCHEDULED:
        message = f"已认定为主动公开，定于 {timezone.localtime(publish_at):%Y-%m-%d %H:%M} 发布。"
    else:
        message = f"已认定为{dict(Attribute.choices)[attribute]}，不在网站发布。"
    notify_on_commit(notifications.notify_decision, item.pk, message)
    return item


# --- publication and afterwards -------------------------------------------------------


@transaction.atomic
def publish_scheduled_now(*, item: DisclosureItem, actor) -> DisclosureItem:
    """Publish a scheduled, cleared item before its time."""
    item = _lock_item(item.pk)
    ensure_allowed("publish_now", item=item, actor=actor, target=State.PUBLISHED)
    item = publish_item(item=item, actor=actor)
    notify_on_commit(notifications.notify_decision, item.pk, f"已发布，索引号 {item.index_number}。")
    return item


def publish_due(*, now: datetime | None = None) -> list[int]:
    """The scan: publish every scheduled item whose time has come (each in its own transaction).

    publish_item and the database constraint refuse an item whose clearances do not
    match its current revision, so a stale clearance can never go live this way."""
    now = now or timezone.now()
    published = []
    due = DisclosureItem.objects.filter(state=State.SCHEDULED, scheduled_for__lte=now).order_by("scheduled_for", "pk")
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            item = _lock_item(pk)
            if item.state != State.SCHEDULED or item.scheduled_for is None or item.scheduled_for > now:
                continue
            ensure_allowed("publish_due", item=item, actor=None, target=State.PUBLISHED)
            if not item.clearances_current:
                record(
                    action="review.publish.refused",
                    target=item,
                    data={"revision": item.compute_hash(), "reason": "clearances not current"},
                )
                continue
            item = publish_item(item=item, actor=None)
            notify_on_commit(notifications.notify_decision, item.pk, f"已按计划发布，索引号 {item.index_number}。")
            published.append(pk)
    return published


@transaction.atomic
def repeal_item(*, item: DisclosureItem, actor, repealed_on: date | None = None, comment: str = "") -> DisclosureItem:
    """有效性 → 已废止: the item stays public with that mark (Art. 12 catalogue)."""
    item = _lock_item(item.pk)
    ensure_allowed("repeal", item=item, actor=actor)
    item.validity = Validity.REPEALED
    item.repealed_on = repealed_on or timezone.localdate()
    item.save(update_fields=["validity", "repealed_on"])
    record(
        action="review.item.repealed",
        actor=actor,
        target=item,
        data={"repealed_on": item.repealed_on.isoformat(), "comment": comment, "revision": item.content_hash},
    )
    notify_on_commit(notifications.notify_decision, item.pk, f"已标记为已废止（{item.repealed_on:%Y-%m-%d}）。")
    return item


@transaction.atomic
def withdraw_item(*, item: DisclosureItem, actor, reason: str) -> DisclosureItem:
    """Remove a published or scheduled item from public view, with the reason recorded."""
    reason = (reason or "").strip()
    item = _lock_item(item.pk)
    ensure_allowed("withdraw", item=item, actor=actor, target=State.WITHDRAWN)
    if not reason:
        raise ReviewError("撤回须写明原因。")
    cleared = {
        "office": item.confidentiality_cleared_by_id,
        "legal": item.attribute_determined_by_id,
        "imported": item.imported_at.isoformat() if item.imported_at else None,
    }
    # A withdrawn item goes public again only through both reviews: its clearances end here.
    _clear_clearances(item)
    item.state = State.WITHDRAWN
    item.withdrawn_at = timezone.now()
    item.withdrawn_reason = reason[:300]
    item.save(update_fields=[*CLEARANCE_FIELDS, "state", "withdrawn_at", "withdrawn_reason"])
    record(
        action="review.item.withdrawn",
        actor=actor,
        target=item,
        data={"reason": reason, "revision": item.content_hash, "cleared_by": cleared},
    )
    notify_on_commit(notifications.notify_decision, item.pk, f"已撤回，原因：{reason}")
    return item


@transaction.atomic
def reevaluate_item(
    *, item: DisclosureItem, actor, decision: str, next_on: date | None = None, comment: str = ""
) -> DisclosureItem:
    """Art. 18 (动态调整): Legal Affairs keeps the determination with a new date, or sends
    the item to publication through the Office's confidentiality review again."""
    item = _lock_item(item.pk)
    ensure_allowed("reevaluate", item=item, actor=actor)
    today = timezone.localdate()
    if decision == ReevaluationDecision.KEEP:
        if next_on is not None and next_on <= today:
            raise ReviewError("下次复核日期须晚于今天。")
        item.reevaluate_on = next_on or reevaluation_date(today)
        item.save(update_fields=["reevaluate_on"])
        record(
            action="review.reevaluated.kept",
            actor=actor,
            target=item,
            data={"reevaluate_on": item.reevaluate_on.isoformat(), "comment": comment, "revision": item.content_hash},
        )
        notify_on_commit(
            notifications.notify_decision,
            item.pk,
            f"经复核维持“{state_label(item.state)}”，下次复核日期 {item.reevaluate_on:%Y-%m-%d}。",
        )
        return item
    if decision != ReevaluationDecision.PUBLISH:
        raise ReviewError("请选择复核结论。")
    ensure_allowed("reevaluate", item=item, actor=actor, target=State.CONFIDENTIALITY_REVIEW)
    previous = item.state
    item.reevaluate_on = None
    item.save(update_fields=["reevaluate_on"])
    run = _start_run(item, actor=actor)
    record(
        action="review.reevaluated.sent_to_publication",
        actor=actor,
        target=item,
        data={"from": previous, "comment": comment, "revision": item.content_hash, "run": run.pk},
    )
    notify_on_commit(notifications.notify_decision, item.pk, "经复核拟转为主动公开，已重新送办公室保密审查。")
    notify_on_commit(notifications.notify_arrival, item.pk, StepKind.CONFIDENTIALITY)
    return item


# --- rich-text editor uploads ----------------------------------------------------------

EDITOR_IMAGE_TYPES = {"jpeg", "jpg", "png", "gif"}
EDITOR_UPLOAD_MAX_BYTES = 10 * 1024 * 1024


def editor_upload_problem(*, name: str, size: int) -> str:
    """Why a file offered to the editor is refused before it is read, or "" if it may be."""
    ext = PurePath(name).suffix.lower().lstrip(".")
    allowed = {t.lower() for t in getattr(settings, "CKEDITOR_5_UPLOAD_FILE_TYPES", [])}
    if ext not in allowed:
        return "不支持该文件类型。"
    if size > EDITOR_UPLOAD_MAX_BYTES:
        return "文件超过10MB。"
    return ""


def store_editor_upload(*, actor, name: str, content: bytes) -> EditorUpload:
    """Keep a file a drafter put into a body: checked, stored once per content (the name is
    the content's hash, so the same picture uploaded twice is one file), typed by the
    checked extension, never by what the browser said."""
    if not is_drafter(actor):
        raise PermissionDenied("您没有上传文件的权限。")
    problem = editor_upload_problem(name=name, size=len(content))
    if problem:
        raise UploadRefused(problem)
    ext = PurePath(name).suffix.lower().lstrip(".")
    if ext in EDITOR_IMAGE_TYPES:
        try:
            Image.open(BytesIO(content)).verify()
        except Exception as exc:  # noqa: BLE001 - any decoder error means "not an image"
            raise UploadRefused("图片文件已损坏或不是图片。") from exc
    stored_name = f"{hashlib.sha256(content).hexdigest()[:32]}.{ext}"
    existing = EditorUpload.objects.filter(stored_name=stored_name).first()
    if existing is not None:
        return existing
    upload = EditorUpload(
        stored_name=stored_name,
        original_name=name[:200],
        size=len(content),
        content_type=mimetypes.guess_type(f"x.{ext}")[0] or "application/octet-stream",
        uploaded_by=actor,
    )
    upload.file.save(stored_name, ContentFile(content), save=False)
    upload.save()
    return upload
