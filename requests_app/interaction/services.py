"""State changes of a public message. Each checks permission and legality, saves, writes
its audit event in the same transaction, and notifies on commit."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from portal import workdays
from portal.audit import record
from portal.lookups import DraftRef, propose_item
from portal.models import Department, SiteProfile
from portal.notifications import notify_on_commit, notify_users, queue_email
from portal.sequences import next_value

from .. import services as request_services
from ..choices import ApplicantType, Channel
from ..models import InformationRequest
from ..permissions import ensure_can_handle
from . import text as msgtext
from .choices import ACTIONS, OPEN_STATUSES, AnswerKind, MessageStatus
from .models import Message
from .permissions import department_answerers, ensure_can_answer, ensure_office, office_clerks


class MessageError(ValueError):
    """The step is not possible now (a message a person can act on)."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def new_number(year: int) -> str:
    """`LY2026-00001` from a counter per year (portal.sequences)."""
    while True:
        number = f"LY{year}-{next_value(f'messages:number:{year}'):05d}"
        if not Message.objects.filter(number=number).exists():
            return number


def due_date(received_on: date, *, workdays_limit: int, cal=None) -> date:
    """The last day to answer: the N-th working day strictly after receipt (the start day
    is not counted; make-up working days count, holidays do not)."""
    cal = cal or workdays.current()
    return cal.add_workdays(received_on, workdays_limit)


def recompute_due_dates(*, actor=None) -> int:
    """After the working-day calendar changed: the limit of every open message again, from
    its receipt date and the bureau's limit. Returns how many moved (each audited)."""
    cal = workdays.current()
    limit = SiteProfile.current().message_reply_workdays
    moved = 0
    for message in Message.objects.filter(status__in=OPEN_STATUSES).only("pk", "number", "received_on", "due_on"):
        due = due_date(message.received_on, workdays_limit=limit, cal=cal)
        if due != message.due_on:
            with transaction.atomic():
                before = message.due_on
                Message.objects.filter(pk=message.pk).update(due_on=due)
                message.due_on = due
                record(
                    action="messages.due_changed",
                    actor=actor,
                    target=message,
                    data={"before": before.isoformat(), "due_on": due.isoformat(), "reason": "calendar"},
                )
            moved += 1
    return moved


def on_calendar_changed(sender, dates=None, actor=None, **kwargs) -> None:
    recompute_due_dates(actor=actor)


def _locked(message: Message) -> Message:
    return Message.objects.select_for_update().get(pk=message.pk)


def _require(message: Message, step: str, what: str) -> None:
    """The step must be one the message's state allows (choices.ACTIONS, the one table)."""
    if step not in ACTIONS.get(message.status, ()):
        raise MessageError(f"留言当前状态为“{message.get_status_display()}”，不能{what}")


def _url(message: Message) -> str:
    return reverse("messages:staff_detail", args=[message.pk])


def _topic(message: Message) -> str:
    return f"requests_app.message:{message.pk}"


def _mail_sender(message: Message, subject: str, lines: list[str]) -> None:
    if message.email:
        body = "\n".join([f"{message.name}：", "", *lines, "", SiteProfile.current().org_name])
        notify_on_commit(queue_email, subject=subject, body=body, to=[message.email])


def submit_message(
    *, data: dict[str, Any], source_ip: str | None = None, today: date | None = None
) -> tuple[Message, str]:
    """A member of the public leaves a message on the site. It is received the day it is
    submitted; the reply limit (SiteProfile.message_reply_workdays) runs from that day.
    Returns (message, query code); the code is stored only hashed."""
    today = today or timezone.localdate()
    code = request_services.new_query_code()
    code_hash = request_services.hash_query_code(code)
    number = new_number(today.year)
    limit = SiteProfile.current().message_reply_workdays
    with transaction.atomic():
        msg = Message.objects.create(
            number=number,
            kind=data["kind"],
            subject=data["subject"],
            text=data["text"],
            name=data["name"],
            phone=data.get("phone") or "",
            email=data.get("email") or "",
            requested_department=data.get("department"),
            publish_consent=bool(data.get("publish_consent")),
            query_code_hash=code_hash,
            source_ip=source_ip,
            received_on=today,
            due_on=due_date(today, workdays_limit=limit),
        )
        record(action="messages.submitted", target=msg, data={"kind": msg.kind, "ip": source_ip})
        notify_users(users=office_clerks(), message=f"新留言 {msg.number} 待分办", url=_url(msg), topic=_topic(msg))
        _mail_sender(
            msg,
            f"留言已受理：{msg.number}",
            [
                f"您的留言已受理，留言编号 {msg.number}，查询码 {code}。",
                f"本机关将在 {msg.due_on:%Y年%m月%d日} 前答复，届时可凭编号和查询码查看答复。",
            ],
        )
    return msg, code


def check_query_code(message: Message, code: str) -> bool:
    return request_services.check_query_code(message, code)


@transaction.atomic
def route_message(*, message: Message, actor, department: Department) -> Message:
    """The Office routes the message to the department that answers it (or re-routes it)."""
    ensure_office(actor)
    message = _locked(message)
    _require(message, "route", "分办")
    if not department.is_active:
        raise MessageError("该部门已停用", "department")
    previous = message.department.name if message.department_id else ""
    message.department = department
    message.status = MessageStatus.ROUTED
    message.save(update_fields=["department", "status"])
    record(
        action="messages.routed",
        actor=actor,
        target=message,
        data={"department": department.name, "previous": previous},
    )
    notify_users(
        users=department_answerers(department.pk),
        message=f"留言 {message.number} 已分办到{department.name}，请于 {message.due_on:%Y-%m-%d} 前答复",
        url=_url(message),
        topic=_topic(message),
    )
    return message


@transaction.atomic
def draft_answer(*, message: Message, actor, text: str) -> Message:
    """The department drafts the answer; it is sent only once the Office approves it."""
    message = _locked(message)
    ensure_can_answer(actor, message)
    _require(message, "draft", "提交答复")
    text = text.strip()
    if len(text) < 5:
        raise MessageError("请填写答复内容（至少5个字）", "text")
    message.answer = text
    message.answer_kind = AnswerKind.ANSWER
    message.drafted_by = actor
    message.status = MessageStatus.AWAITING_APPROVAL
    message.save(update_fields=["answer", "answer_kind", "drafted_by", "status"])
    record(action="messages.answer_drafted", actor=actor, target=message, data={"text": text})
    notify_users(
        users=office_clerks(), message=f"留言 {message.number} 的答复待审核", url=_url(message), topic=_topic(message)
    )
    return message


@transaction.atomic
def return_answer(*, message: Message, actor, reason: str) -> Message:
    """The Office returns the draft answer to the department for rework, with a reason."""
    ensure_office(actor)
    message = _locked(message)
    _require(message, "return", "退回答复（只有待审核的答复可以退回）")
    reason = reason.strip()
    if not reason:
        raise MessageError("请填写退回理由", "reason")
    message.status = MessageStatus.ROUTED
    message.return_reason = reason
    message.save(update_fields=["status", "return_reason"])
    record(action="messages.answer_returned", actor=actor, target=message, data={"reason": reason})
    notify_users(
        users=department_answerers(message.department_id),
        message=f"留言 {message.number} 的答复被退回修改：{reason}",
        url=_url(message),
        topic=_topic(message),
    )
    return message


def _close_answered(message: Message, *, on: date, kind: str, department: Department | None) -> None:
    message.status = MessageStatus.ANSWERED
    message.answer_kind = kind
    message.answered_on = on
    message.answer_department = department
    message.return_reason = ""
    message.save(update_fields=["status", "answer_kind", "answered_on", "answer_department", "return_reason", "answer"])


@transaction.atomic
def approve_answer(*, message: Message, actor, on: date | None = None) -> Message:
    """The Office accepts the department's answer; it is sent and the message is answered."""
    ensure_office(actor)
    message = _locked(message)
    _require(message, "approve", "审核通过答复（只有待审核的答复可以审核通过）")
    on = on or timezone.localdate()
    _close_answered(message, on=on, kind=AnswerKind.ANSWER, department=message.department)
    record(action="messages.answered", actor=actor, target=message, data={"on": on.isoformat()})
    _mail_sender(message, f"留言已答复：{message.number}", ["您的留言已答复：", "", message.answer])
    return message


@transaction.atomic
def answer_with_channel(*, message: Message, actor, channel: str, on: date | None = None) -> Message:
    """Art. 39: a petition, complaint or report that belongs elsewhere is answered with the
    proper channel (信访/投诉渠道), composed from a fixed text and the channel the Office names."""
    ensure_office(actor)
    message = _locked(message)
    _require(message, "channel", "告知其他渠道")
    channel = channel.strip()
    if len(channel) < 4:
        raise MessageError("请写明受理该事项的渠道（机关名称、地址或网址、电话）", "channel")
    on = on or timezone.localdate()
    message.answer = msgtext.channel_answer(kind=message.kind, channel=channel)
    office = Department.objects.filter(is_office=True).order_by("order").first()
    _close_answered(message, on=on, kind=AnswerKind.CHANNEL, department=office or actor.department)
    record(action="messages.channel_answered", actor=actor, target=message, data={"channel": channel})
    _mail_sender(message, f"留言已答复：{message.number}", ["您的留言已答复：", "", message.answer])
    return message


@transaction.atomic
def convert_to_request(
    *, message: Message, actor, consent_note: str, on: date | None = None
) -> tuple[InformationRequest, str]:
    """A message that is really an information request becomes one, with the sender's
    consent (recorded by the clerk). The request is received on the day of conversion
    (Art. 31: the day both sides confirm); the two are linked both ways and the message
    closes as 转为依申请公开. Returns (request, the request's query code)."""
    ensure_office(actor)
    ensure_can_handle(actor)
    message = _locked(message)
    _require(message, "convert", "转为依申请公开")
    consent_note = consent_note.strip()
    if not consent_note:
        raise MessageError("请记录征得留言人同意的方式和时间", "consent_note")
    on = on or timezone.localdate()
    if on < message.received_on or on > timezone.localdate():
        raise MessageError("转办日期应在留言受理之日至今天之间", "on")
    request, code = request_services.register_request(
        actor=actor,
        channel=Channel.ONLINE,
        submitted_on=on,
        received_on=on,
        data={
            "applicant_type": ApplicantType.NATURAL_PERSON,
            "applicant_name": message.name,
            "phone": message.phone,
            "email": message.email,
            "description": f"{message.subject}\n{message.text}",
            "purpose": f"由公众留言 {message.number} 转来（{consent_note}）",
        },
    )
    message.status = MessageStatus.CONVERTED
    message.converted_request = request
    message.answered_on = on
    message.answer = (
        f"经您同意，您的留言已于 {on:%Y年%m月%d日} 转为政府信息公开申请办理，申请编号 {request.reference}。"
    )
    message.save(update_fields=["status", "converted_request", "answered_on", "answer"])
    record(
        action="messages.converted",
        actor=actor,
        target=message,
        data={"request": request.reference, "on": on.isoformat(), "consent": consent_note},
    )
    return request, code


def proposed_question(message: Message) -> str:
    """The question as first proposed for publication: personal data masked."""
    return msgtext.mask_personal(message.text, names=[message.name, message.phone, message.email])


def qa_body(*, question: str, answer: str, department: str, asked_on: date, answered_on: date) -> str:
    paras = "".join(f"<p>{escape(p)}</p>" for p in question.splitlines() if p.strip())
    answer_paras = "".join(f"<p>{escape(p)}</p>" for p in answer.splitlines() if p.strip())
    return (
        f"<h2>留言</h2>{paras}"
        f"<p>留言时间：{asked_on:%Y-%m-%d}</p>"
        f"<h2>答复</h2>{answer_paras}"
        f"<p>答复部门：{escape(department)}</p>"
        f"<p>答复时间：{answered_on:%Y-%m-%d}</p>"
    )


def _summary(question: str) -> str:
    first = " ".join(question.split())
    return first if len(first) <= 120 else first[:119] + "…"


@transaction.atomic
def propose_publication(*, message: Message, actor, title: str, question: str, answer: str) -> DraftRef:
    """问答选登: an answered message whose sender consented becomes a draft item of kind
    "qa" that then passes both reviews like any other item (portal.lookups.propose_item).
    The redacted question may hold no name, phone, e-mail or ID number."""
    ensure_office(actor)
    message = _locked(message)
    _require(message, "publish", "选登（只有已答复的留言可以选登）")
    if not message.publish_consent:
        raise MessageError("留言人未同意公开，不能选登")
    if message.qa_item_id is not None:
        raise MessageError("这条留言已经选登过")
    title, question, answer = title.strip(), question.strip(), answer.strip()
    names = [message.name, message.phone, message.email]
    for field, value, label in (("title", title, "标题"), ("question", question, "留言"), ("answer", answer, "答复")):
        if not value:
            raise MessageError(f"请填写{label}", field)
        left = msgtext.personal_data_left(value, names=names)
        if left:
            raise MessageError(f"{label}中仍有个人信息（{'、'.join(left)}），请删除或遮盖后再提交", field)
    department = message.answer_department
    publisher_id = department.pk if department else actor.department_id
    if publisher_id is None:
        raise MessageError("无法确定发布机构：请先为答复部门或您的账号设置所属机构")
    ref = propose_item(
        kind="qa",
        title=title,
        body=qa_body(
            question=question,
            answer=answer,
            department=department.name if department else "",
            asked_on=message.received_on,
            answered_on=message.answered_on,
        ),
        summary=_summary(question),
        publisher_id=publisher_id,
        created_by=actor,
        source=f"message:{message.number}",
    )
    message.qa_item_id = ref.pk
    message.qa_item_path = ref.staff_path[:200]
    message.save(update_fields=["qa_item_id", "qa_item_path"])
    record(action="messages.proposed_for_publication", actor=actor, target=message, data={"item": ref.pk})
    return ref
