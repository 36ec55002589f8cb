"""State changes of consultations (意见征集). The draft and the feedback report are ordinary
items: they reach the public only through both reviews, like any other."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from portal.audit import record
from portal.models import SiteProfile

from ..choices import ItemKind, State
from ..models import DisclosureItem
from ..services import WorkflowError, save_content
from ..signals import item_drafted
from .models import CommentDecision, Consultation, ConsultationComment
from .permissions import ensure_may_handle

MAX_COMMENT_CHARS = 5000
QUOTE_CHARS = 300


class ConsultationError(WorkflowError):
    """A consultation step that cannot be taken now; the message says why."""


class CommentRefused(ConsultationError):
    """The consultation is not taking comments today; the message gives its dates."""


def cn_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def period_problem(opens_on, closes_on) -> str:
    """What is wrong with a consultation period ("" when nothing): both dates, the close not
    before the opening, and at least the site profile's minimum number of days."""
    if not opens_on or not closes_on:
        return "意见征集须填写开始日期和截止日期。"
    min_days = SiteProfile.current().consultation_min_days
    if (closes_on - opens_on).days < min_days:
        return (
            f"意见征集期限不得少于{min_days}日：自{cn_date(opens_on)}开始的，"
            f"截止日期不得早于{cn_date(opens_on + datetime.timedelta(days=min_days))}。"
        )
    return ""


def refusal(consultation: Consultation, today: datetime.date) -> str:
    """Why no comment is taken today, with the dates ("" while open)."""
    if today < consultation.opens_on:
        return (
            f"本次意见征集将于{cn_date(consultation.opens_on)}开始，{cn_date(consultation.closes_on)}截止，"
            "开始前不接收意见。"
        )
    if today > consultation.closes_on:
        return f"本次意见征集已于{cn_date(consultation.closes_on)}截止，不再接收意见。"
    return ""


def has_comments(item: DisclosureItem) -> bool:
    return ConsultationComment.objects.filter(consultation__item_id=item.pk).exists()


# --- the period, set where staff edit the draft item ------------------------------------


def stage_period(*, item: DisclosureItem, opens_on, closes_on) -> Consultation | None:
    """Put the period on the item in memory before the item is saved, so that the revision
    the reviewers clear includes it (DisclosureItem.revision_payload). Returns the
    consultation to store with `store_period` once the item is saved."""
    if item.kind != ItemKind.CONSULTATION:
        return None
    consultation = getattr(item, "consultation", None)
    if consultation is None:
        consultation = Consultation(opens_on=opens_on, closes_on=closes_on)
        item.consultation = consultation
    else:
        consultation.opens_on, consultation.closes_on = opens_on, closes_on
    return consultation


def store_period(*, item: DisclosureItem, consultation: Consultation | None, actor) -> None:
    """Save the staged period (after the item). An item that is no longer a consultation
    loses a period that took no comments; one that took comments cannot change kind."""
    if consultation is None:
        existing = Consultation.objects.filter(item_id=item.pk).first() if item.pk else None
        if existing is not None:
            if existing.comments.exists():
                raise ConsultationError("该征求意见稿已收到公众意见，不能改为其他类别。")
            existing.delete()
            record(action="consultation.removed", actor=actor, target=item, data={})
        return
    problem = period_problem(consultation.opens_on, consultation.closes_on)
    if problem:
        raise ConsultationError(problem)
    before = None
    if consultation.pk:
        before = Consultation.objects.filter(pk=consultation.pk).values_list("opens_on", "closes_on").first()
    after = (consultation.opens_on, consultation.closes_on)
    if before == after:
        return
    consultation.item = item
    consultation.save()
    record(
        action="consultation.period.set",
        actor=actor,
        target=item,
        data={"opens_on": after[0].isoformat(), "closes_on": after[1].isoformat()},
    )


# --- the public ----------------------------------------------------------------------------


@transaction.atomic
def submit_comment(
    *, consultation: Consultation, text: str, name: str = "", contact: str = "", consent: bool = False
) -> ConsultationComment:
    """A comment from the public while the consultation is open (dates inclusive, Asia/Shanghai)."""
    consultation = Consultation.objects.select_for_update().select_related("item").get(pk=consultation.pk)
    if consultation.item.state != State.PUBLISHED:
        raise CommentRefused("该征求意见稿未公开，不接收意见。")
    problem = refusal(consultation, timezone.localdate())
    if problem:
        raise CommentRefused(problem)
    text = (text or "").strip()
    if not text:
        raise ConsultationError("请填写意见内容。")
    if len(text) > MAX_COMMENT_CHARS:
        raise ConsultationError(f"意见内容不超过{MAX_COMMENT_CHARS}字。")
    last = consultation.comments.order_by("-number").values_list("number", flat=True).first() or 0
    comment = ConsultationComment.objects.create(
        consultation=consultation,
        number=last + 1,
        text=text,
        name=(name or "").strip(),
        contact=(contact or "").strip(),
        consent_to_publish=bool(consent),
    )
    # The audit log holds no personal data: who wrote is in the comment row only.
    record(
        action="consultation.comment.received",
        target=consultation,
        data={"number": comment.number, "consent": comment.consent_to_publish},
    )
    return comment


# --- staff ---------------------------------------------------------------------------------


@transaction.atomic
def decide_comment(*, comment: ConsultationComment, actor, decision: str, reason: str) -> ConsultationComment:
    """The publishing department records whether a comment is adopted, and why."""
    comment = ConsultationComment.objects.select_for_update().select_related("consultation__item").get(pk=comment.pk)
    consultation = comment.consultation
    ensure_may_handle(actor, consultation)
    if decision not in (CommentDecision.ADOPTED, CommentDecision.NOT_ADOPTED):
        raise ConsultationError("请选择“采纳”或“未采纳”。")
    reason = (reason or "").strip()
    if not reason:
        raise ConsultationError("请填写采纳或不采纳的理由。")
    if consultation.feedback_item_id:
        raise ConsultationError("已生成意见采纳情况说明，不能再修改采纳情况；如需修改，请在说明草稿中修改。")
    comment.decision, comment.reason = decision, reason
    comment.decided_by, comment.decided_at = actor, timezone.now()
    comment.save(update_fields=["decision", "reason", "decided_by", "decided_at"])
    record(
        action="consultation.comment.decided",
        actor=actor,
        target=consultation,
        data={"number": comment.number, "decision": decision, "reason": reason},
    )
    return comment


def feedback_title(consultation: Consultation) -> str:
    return f"关于《{consultation.item.title}》征求意见采纳情况的说明"[:300]


def feedback_body(consultation: Consultation, comments: list[ConsultationComment]) -> str:
    """The report's text: how many comments came in, which were adopted and why. A comment is
    quoted only when its author agreed; names and contacts never appear."""
    adopted = sum(1 for c in comments if c.is_adopted)
    item = consultation.item
    intro = (
        f"<p>本机关于{cn_date(consultation.opens_on)}至{cn_date(consultation.closes_on)}就"
        f'<a href="{item.get_absolute_url()}">《{escape(item.title)}》</a>公开征求意见，'
        f"共收到意见{len(comments)}条，其中采纳{adopted}条，未采纳{len(comments) - adopted}条。"
    )
    if not comments:
        return intro + "</p><p>征集期间未收到意见。</p>"
    rows = []
    for c in comments:
        quoted = escape(c.text if len(c.text) <= QUOTE_CHARS else c.text[:QUOTE_CHARS] + "……")
        text = quoted if c.consent_to_publish else "（提出人未同意公开意见原文）"
        rows.append(
            f"<tr><td>{c.number}</td><td>{text}</td><td>{c.get_decision_display()}</td><td>{escape(c.reason)}</td></tr>"
        )
    return (
        intro
        + "采纳情况如下：</p>"
        + "<table><thead><tr><th>序号</th><th>意见内容</th><th>采纳情况</th><th>理由</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table><p>感谢社会各界对本项工作的关心和支持。</p>"
    )


@transaction.atomic
def create_feedback_report(*, consultation: Consultation, actor) -> DisclosureItem:
    """After the consultation closes, the publishing department drafts the feedback report
    (采纳情况说明): an item of its own that then passes both reviews."""
    consultation = Consultation.objects.select_for_update().select_related("item").get(pk=consultation.pk)
    ensure_may_handle(actor, consultation)
    if consultation.feedback_item_id:
        raise ConsultationError("本次意见征集已生成意见采纳情况说明，请在发布审查工作台修改或提交。")
    if not consultation.has_closed:
        raise ConsultationError(f"本次意见征集{cn_date(consultation.closes_on)}截止，截止后方可起草意见采纳情况说明。")
    comments = list(consultation.comments.order_by("number"))
    pending = [c.number for c in comments if not c.is_decided]
    if pending:
        raise ConsultationError(
            f"尚有{len(pending)}条意见未处理（序号{'、'.join(map(str, pending[:10]))}），请逐条作出采纳或不采纳的决定后再起草说明。"
        )
    adopted = sum(1 for c in comments if c.is_adopted)
    draft = consultation.item
    item = DisclosureItem(
        kind=ItemKind.CONSULTATION_FEEDBACK,
        title=feedback_title(consultation),
        summary=f"《{draft.title}》征求意见期间共收到意见{len(comments)}条，采纳{adopted}条。"[:1000],
        body=feedback_body(consultation, comments),
        formed_on=timezone.localdate(),
        publisher_id=draft.publisher_id,
        topic_id=draft.topic_id,
        created_by=actor,
        state=State.DRAFT,
        revision_editors=[actor.pk],
    )
    save_content(item=item)
    item_drafted.send(sender=DisclosureItem, item=item, actor=actor)
    consultation.feedback_item = item
    consultation.save(update_fields=["feedback_item"])
    record(
        action="consultation.feedback.drafted",
        actor=actor,
        target=consultation,
        data={"item": item.pk, "comments": len(comments), "adopted": adopted},
    )
    return item


@transaction.atomic
def finish_consultation(*, consultation: Consultation, actor) -> Consultation:
    """Mark the consultation finished: only once its feedback report is public."""
    consultation = (
        Consultation.objects.select_for_update(of=("self",))
        .select_related("item", "feedback_item")
        .get(pk=consultation.pk)
    )
    ensure_may_handle(actor, consultation)
    if consultation.finished_at:
        raise ConsultationError("本次意见征集已经办结。")
    feedback = consultation.feedback_item
    if feedback is None or feedback.state != State.PUBLISHED:
        raise ConsultationError("意见采纳情况说明经保密审查和公开属性认定并发布后，方可将本次意见征集办结。")
    consultation.finished_at, consultation.finished_by = timezone.now(), actor
    consultation.save(update_fields=["finished_at", "finished_by"])
    record(action="consultation.finished", actor=actor, target=consultation, data={"feedback_item": feedback.pk})
    return consultation
