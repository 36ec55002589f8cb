"""Public message form and lookup; the staff queue, message page and steps. Views parse
input and call services; they never set a status field."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from portal import abuse, receipts
from portal.files import spreadsheet_text
from portal.models import SiteProfile

from ..permissions import can_handle
from . import forms, selectors, services
from . import text as msgtext
from .models import Message
from .permissions import answers_for, can_see_identity, can_view, can_view_queue, export_shows_identity, is_office

RECEIPT = "messages_done"  # the cookie holding the number and code shown once
SESSION_ACCESS = "messages_access"

# The history's wording for each audit action.
HISTORY_LABELS = {
    "messages.submitted": "网上留言，受理",
    "messages.routed": "分办",
    "messages.answer_drafted": "承办部门提交答复",
    "messages.answer_returned": "办公室退回答复修改",
    "messages.answered": "办公室审核通过，答复",
    "messages.channel_answered": "告知其他受理渠道（第三十九条），答复",
    "messages.converted": "征得同意，转为政府信息公开申请",
    "messages.proposed_for_publication": "选登：生成“问答选登”稿件，送审",
    "messages.due_changed": "节假日安排调整，答复期限重新计算",
}


# --- public ---------------------------------------------------------------------------------


def message_new(request: HttpRequest) -> HttpResponse:
    """The public message form, with the public forms' defences (portal.abuse)."""
    ip = abuse.client_ip(request)
    captcha_question = None
    notice = ""
    if request.method == "POST":
        form = forms.MessageForm(request.POST)
        screening = abuse.screen_submission(request.POST, ip)
        notice, need_captcha = screening.notice, screening.need_captcha
        if screening.captcha_error:
            form.add_error("captcha_answer", screening.captcha_error)
        if screening.may_store and form.is_valid():
            try:
                msg, code = services.submit_message(data=form.cleaned_data, source_ip=ip)
            except BaseException:
                abuse.release_submission(ip)
                raise
            return receipts.hand_receipt(
                redirect("messages:done"),
                name=RECEIPT,
                data={"number": msg.number, "code": code, "email": msg.email, "due_on": msg.due_on.isoformat()},
                path=reverse("messages:done"),
            )
        abuse.release_submission(ip)
        data = request.POST.copy()
        data["ts"] = request.POST.get("ts") or abuse.form_timestamp()
        if need_captcha:
            captcha_question, data["captcha_token"] = abuse.new_captcha()
            data["captcha_answer"] = ""
        form.data = data
    else:
        form = forms.MessageForm(initial={"ts": abuse.form_timestamp()})
    status = 400 if request.method == "POST" and (notice or form.errors) else 200
    return render(
        request,
        "requests_app/interaction/message_form.html",
        {
            "form": form,
            "captcha_question": captcha_question,
            "notice": notice,
            "limit": SiteProfile.current().message_reply_workdays,
        },
        status=status,
    )


@never_cache
def message_done(request: HttpRequest) -> HttpResponse:
    done = receipts.read_receipt(request, name=RECEIPT)
    if not done:
        return redirect("messages:status")
    return render(request, "requests_app/interaction/message_done.html", {"done": done})


def status_lookup(request: HttpRequest) -> HttpResponse:
    """Number and query code open one message (guessing throttled like the requests')."""
    ip = abuse.client_ip(request)
    form = forms.LookupForm(request.POST or None)
    error = ""
    captcha_question = captcha_token = None
    if request.method == "POST" and form.is_valid():
        number = form.cleaned_data["number"]

        def find():
            msg = Message.objects.filter(number=number).only("pk", "query_code_hash").first()
            return msg if msg is not None and services.check_query_code(msg, form.cleaned_data["code"]) else None

        found = abuse.guarded_lookup(request.POST, ip, f"message:{number}", noun="留言编号", find=find)
        if found.found is not None:
            receipts.remember_opened(request, name=SESSION_ACCESS, pk=found.found.pk)
            return redirect("messages:status_detail", number=number)
        error, captcha_question, captcha_token = found.error, found.captcha_question, found.captcha_token
    return render(
        request,
        "requests_app/interaction/status_lookup.html",
        {"form": form, "error": error, "captcha_question": captcha_question, "captcha_token": captcha_token},
        status=400 if error or (request.method == "POST" and form.errors) else 200,
    )


def status_detail(request: HttpRequest, number: str) -> HttpResponse:
    msg = selectors.message_for_public(number)
    if msg is None or not receipts.was_opened(request, name=SESSION_ACCESS, pk=msg.pk):
        return redirect("messages:status")
    return render(request, "requests_app/interaction/status_detail.html", {"msg": msg})


# --- staff ----------------------------------------------------------------------------------


def _staff_message(request: HttpRequest, pk: int) -> Message:
    try:
        msg = selectors.message_for_staff(pk)
    except Message.DoesNotExist:
        raise Http404("没有这条留言")
    if not can_view(request.user, msg):
        raise PermissionDenied("您无权查看这条留言")
    return msg


@login_required
def staff_queue(request: HttpRequest) -> HttpResponse:
    if not can_view_queue(request.user):
        raise PermissionDenied("您没有办理公众留言的权限")
    filters = forms.QueueFilterForm(request.GET or None)
    filters.is_valid()
    status = (filters.cleaned_data.get("status") if filters.is_bound else "") or ""
    items = list(selectors.staff_queue(user=request.user, status=status)[:500])
    return render(
        request,
        "requests_app/interaction/staff_queue.html",
        {
            "items": items,
            "filters": filters,
            "today": timezone.localdate(),
            "counts": selectors.queue_counts(request.user),
            "office": is_office(request.user),
            "status": status,
        },
    )


def _mask_name(name: str) -> str:
    return (name[:1] + "*" * max(len(name) - 1, 1)) if name else ""


def _mask_contact(value: str) -> str:
    if not value:
        return ""
    if "@" in value:
        local, _, domain = value.partition("@")
        return f"{local[:1]}***@{domain}"
    return value[:3] + "****" + value[-4:] if len(value) >= 8 else "****"


@login_required
def staff_export(request: HttpRequest) -> HttpResponse:
    """CSV of the queue. Name and contact are masked unless the user holds view_message_identity."""
    if not can_view_queue(request.user):
        raise PermissionDenied("您没有办理公众留言的权限")
    full = export_shows_identity(request.user)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="messages.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, lineterminator="\r\n")
    writer.writerow(
        [
            "留言编号",
            "类型",
            "主题",
            "姓名",
            "联系电话",
            "电子邮箱",
            "受理日期",
            "答复期限",
            "状态",
            "承办部门",
            "答复日期",
        ]
    )
    for m in selectors.export_rows(user=request.user, status=request.GET.get("status", "")):
        writer.writerow(
            [
                spreadsheet_text(cell)
                for cell in (
                    m.number,
                    m.get_kind_display(),
                    m.subject,
                    m.name if full else _mask_name(m.name),
                    m.phone if full else _mask_contact(m.phone),
                    m.email if full else _mask_contact(m.email),
                    m.received_on.isoformat(),
                    m.due_on.isoformat(),
                    m.get_status_display(),
                    m.department.name if m.department_id else "",
                    m.answered_on.isoformat() if m.answered_on else "",
                )
            ]
        )
    return response


@dataclass(frozen=True)
class Step:
    """One staff step: its form, its title, whether only the Office takes it, the service call."""

    form: type
    title: str
    call: Callable[..., Any]
    office: bool = True


STEPS: dict[str, Step] = {
    "route": Step(
        forms.RouteForm,
        "分办",
        lambda m, u, d: services.route_message(message=m, actor=u, department=d["department"]),
    ),
    "draft": Step(
        forms.DraftAnswerForm,
        "提交答复（送办公室审核）",
        lambda m, u, d: services.draft_answer(message=m, actor=u, text=d["text"]),
        office=False,
    ),
    "approve": Step(
        forms.ApproveForm,
        "审核通过并答复",
        lambda m, u, d: services.approve_answer(message=m, actor=u),
    ),
    "return": Step(
        forms.ReturnForm,
        "退回修改",
        lambda m, u, d: services.return_answer(message=m, actor=u, reason=d["reason"]),
    ),
    "channel": Step(
        forms.ChannelForm,
        "告知其他受理渠道（第三十九条）",
        lambda m, u, d: services.answer_with_channel(message=m, actor=u, channel=d["channel"]),
    ),
    "convert": Step(
        forms.ConvertForm,
        "转为政府信息公开申请",
        lambda m, u, d: services.convert_to_request(message=m, actor=u, consent_note=d["consent_note"]),
    ),
    "publish": Step(
        forms.PublishForm,
        "选登（问答选登，送审）",
        lambda m, u, d: services.propose_publication(
            message=m, actor=u, title=d["title"], question=d["question"], answer=d["answer"]
        ),
    ),
}


def _step_forms(user, msg: Message, bound: dict | None = None) -> list[dict]:
    """The steps this user may take on this message now, with their forms."""
    out = []
    office = is_office(user)
    for name in msg.allowed_actions:
        step = STEPS[name]
        if step.office and not office:
            continue
        if not step.office and not answers_for(user, msg):
            continue
        if name == "convert" and not user.has_perm("requests_app.handle_request"):
            continue
        if bound and name in bound:
            form = bound[name]
        elif name == "draft":
            form = step.form(initial={"text": msg.answer})
        elif name == "route":
            form = step.form(initial={"department": msg.department_id or msg.requested_department_id})
        elif name == "publish":
            form = step.form(
                initial={
                    "title": msg.subject,
                    "question": services.proposed_question(msg),
                    "answer": msgtext.mask_personal(msg.answer, names=[msg.name, msg.phone, msg.email]),
                }
            )
        else:
            form = step.form()
        out.append({"name": name, "title": step.title, "form": form, "open": bool(bound and name in bound)})
    return out


def _detail(request: HttpRequest, msg: Message, *, bound: dict | None = None, status: int = 200) -> HttpResponse:
    entries = [{"event": e, "label": HISTORY_LABELS.get(e.action, e.action)} for e in selectors.history(msg)]
    return render(
        request,
        "requests_app/interaction/staff_detail.html",
        {
            "msg": msg,
            "identity": can_see_identity(request.user, msg),
            "request_link": msg.converted_request_id is not None and can_handle(request.user, msg.converted_request),
            "steps": _step_forms(request.user, msg, bound),
            "history": entries,
            "today": timezone.localdate(),
        },
        status=status,
    )


@login_required
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _staff_message(request, pk))


@login_required
@require_POST
def staff_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    msg = _staff_message(request, pk)
    spec = STEPS.get(step)
    if spec is None:
        raise Http404("没有这项操作")
    form = spec.form(request.POST)
    if form.is_valid():
        try:
            result = spec.call(msg, request.user, form.cleaned_data)
        except services.MessageError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            if step == "convert":
                req, code = result
                flash.success(
                    request,
                    f"已转为政府信息公开申请 {req.reference}（收到申请日期 {req.received_on:%Y-%m-%d}）。"
                    f"申请查询码 {code} 只显示这一次，请告知申请人。",
                )
            elif step == "publish":
                flash.success(request, "已生成“问答选登”稿件，经保密审查和公开属性认定后发布。")
            else:
                flash.success(request, f"{spec.title}：已完成。")
            return redirect("messages:staff_detail", pk=msg.pk)
    msg = selectors.message_for_staff(msg.pk)
    return _detail(request, msg, bound={step: form}, status=400)
