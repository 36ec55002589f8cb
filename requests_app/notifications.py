"""E-mails to applicants (they have no accounts) and notes to staff. Sent on commit; a
broker outage never fails the caller (portal.notifications.queue_email)."""

from __future__ import annotations

from django.urls import reverse

from portal.models import SiteProfile
from portal.notifications import notify_on_commit, notify_users, queue_email

from .choices import EventType, Outcome


def _send(request, subject: str, lines: list[str]) -> None:
    if not request.email:
        return
    body = "\n".join(
        [
            f"{request.applicant_name}：",
            "",
            *lines,
            "",
            f"查询办理进度：{reverse('requests:status')}（凭申请编号和查询码）",
            SiteProfile.contact_line(),
        ]
    )
    notify_on_commit(
        queue_email, subject=f"【政府信息公开申请 {request.reference}】{subject}", body=body, to=[request.email]
    )


def notify_applicant_submitted(request, code: str) -> None:
    _send(
        request,
        "已提交",
        [
            f"您的政府信息公开申请已提交。申请编号：{request.reference}；查询码：{code}（请妥善保存，本机关不保存查询码原文）。",
            "网上提交的申请，以本机关与您确认之日为收到申请之日（《中华人民共和国政府信息公开条例》第三十一条）。",
        ],
    )


def notify_applicant_receipt(request, code: str | None = None) -> None:
    lines = [f"本机关已于 {request.received_on:%Y年%m月%d日} 收到您的申请（申请编号 {request.reference}）。"]
    if code:
        lines.append(f"查询码：{code}（请妥善保存）。")
    if request.due_on:
        lines.append(
            f"依照条例第三十三条，本机关将在 {request.due_on:%Y年%m月%d日} 前答复"
            f"{'（该期限涉及尚未公布节假日安排的年份，可能调整）' if request.provisional else ''}。"
        )
    _send(request, "已确认收到", lines)


def _frozen_letter(event):
    """The letter issued with this step, if any (imported steps have none)."""
    return event.letters.order_by("-issued_at", "-id").first() if event.pk else None


def notify_applicant_supplement(request, event) -> None:
    letter = _frozen_letter(event)
    if letter is not None:
        _send(request, f"补正告知书 {letter.number}", ["本机关已向您发出补正告知书，全文如下：", "", letter.text])
        return
    _send(
        request,
        "补正告知",
        [
            "您的申请内容需要补正（条例第三十条），具体如下：",
            event.data.get("letter", ""),
            f"请于 {event.data.get('supplement_by')} 前补正。逾期无正当理由不补正的，视为放弃申请。",
            "答复期限自本机关收到补正后的申请之日起重新计算。",
        ],
    )


def notify_applicant_extension(request, event) -> None:
    letter = _frozen_letter(event)
    if letter is not None:
        _send(
            request, f"延期答复告知书 {letter.number}", ["本机关已向您发出延期答复告知书，全文如下：", "", letter.text]
        )
        return
    _send(
        request,
        "延期答复告知",
        [
            f"经政府信息公开工作机构负责人同意，您的申请答复期限延长 {event.data.get('days')} 个工作日（条例第三十三条）。",
            f"理由：{event.data.get('reason', '')}",
            f"延长后的答复期限：{request.due_on:%Y年%m月%d日}。" if request.due_on else "",
        ],
    )


def notify_applicant_reply(request, event) -> None:
    if event.type == EventType.ABANDONED:
        _send(request, "申请已视为放弃", ["您未在补正期限内补正申请，依照条例第三十条，视为放弃申请。"])
        return
    outcome = Outcome(event.data["outcome"]).label if event.data.get("outcome") in Outcome.values else ""
    _send(
        request,
        "已答复",
        [
            f"本机关已于 {event.on:%Y年%m月%d日} 答复您的申请。办理结果：{outcome}。",
            "答复书及相关材料可在办理进度查询页面查看。",
            event.data.get("letter", ""),
        ],
    )


def notify_handler_assigned(request) -> None:
    if request.handler_id:
        notify_users(
            users=[request.handler],
            message=f"申请 {request.reference} 已分派给您办理",
            url=reverse("requests:staff_detail", args=[request.pk]),
            topic=f"requests_app.informationrequest:{request.pk}",
        )


def notify_applicant_reply_letter(request, event, letter) -> None:
    """The reply e-mail with the full text of the reply letter as issued (frozen)."""
    _send(
        request,
        f"答复书 {letter.number}",
        [
            f"本机关已于 {event.on:%Y年%m月%d日} 对您的申请作出答复，答复书全文如下：",
            "",
            letter.text,
            "",
            "答复书及相关材料也可在办理进度查询页面查看。",
        ],
    )
