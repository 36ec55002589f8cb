"""Public request form and status page; the staff queue and request page. Views parse
input and call services; they never set a status field."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from portal import abuse, receipts, workdays
from portal.files import file_response
from portal.models import SiteProfile

from . import forms, lifecycle, selectors, services
from .choices import EventType, Outcome, ReviewResult, Status
from .clock import clock_for
from .letters.selectors import current_draft, drafts_awaiting_signoff, letters_for_applicant, letters_for_staff
from .models import InformationRequest, RequestDocument
from .permissions import can_handle, can_see_identity, can_view_queue
from .selectors import queue_counts, request_for_public, request_for_staff, sees_all_identities, staff_queue, urgency

log = logging.getLogger(__name__)
RECEIPT = "requests_done"  # the cookie holding the number and code shown once
SESSION_ACCESS = "requests_access"


# --- public ---------------------------------------------------------------------------------


def request_new(request: HttpRequest) -> HttpResponse:
    """The online request form (Art. 29) with the abuse controls of `abuse`."""
    ip = abuse.client_ip(request)
    captcha_question = None
    notice = ""
    if request.method == "POST":
        form = forms.RequestForm(request.POST, request.FILES)
        screening = abuse.screen_submission(request.POST, ip)
        notice, need_captcha = screening.notice, screening.need_captcha
        if screening.captcha_error:
            form.add_error("captcha_answer", screening.captcha_error)
        if screening.may_store and form.is_valid():
            data = form.cleaned_data
            try:
                req, code = services.submit_request(data=data, files=data.get("attachments"), source_ip=ip)
            except BaseException:
                abuse.release_submission(ip)
                raise
            return receipts.hand_receipt(
                redirect("requests:done"),
                name=RECEIPT,
                data={"reference": req.reference, "code": code, "email": req.email},
                path=reverse("requests:done"),
            )
        abuse.release_submission(ip)
        # Show the form again with everything typed (files cannot be kept by browsers).
        data = request.POST.copy()
        data["ts"] = request.POST.get("ts") or abuse.form_timestamp()
        if need_captcha:
            captcha_question, data["captcha_token"] = abuse.new_captcha()
            data["captcha_answer"] = ""
        form.data = data
        if request.FILES:
            notice = (notice + " 出于安全原因，已选择的附件需要重新选择。").strip()
    else:
        form = forms.RequestForm(initial={"ts": abuse.form_timestamp()})
    status = 200 if request.method == "GET" else 400 if (notice or form.errors) else 200
    return render(
        request,
        "requests_app/request_form.html",
        {
            "form": form,
            "captcha_question": captcha_question,
            "notice": notice,
            "profile": SiteProfile.current(),
        },
        status=status,
    )


@never_cache
def request_done(request: HttpRequest) -> HttpResponse:
    done = receipts.read_receipt(request, name=RECEIPT)
    if not done:
        return redirect("requests:status")
    return render(request, "requests_app/request_done.html", {"done": done})


def status_lookup(request: HttpRequest) -> HttpResponse:
    ip = abuse.client_ip(request)
    form = forms.StatusLookupForm(request.POST or None)
    error = ""
    captcha_question = captcha_token = None
    if request.method == "POST" and form.is_valid():
        reference = form.cleaned_data["reference"].strip()

        def find():
            req = InformationRequest.objects.filter(reference=reference).only("pk", "query_code_hash").first()
            return req if req is not None and services.check_query_code(req, form.cleaned_data["code"]) else None

        found = abuse.guarded_lookup(request.POST, ip, reference, noun="申请编号", find=find)
        if found.found is not None:
            receipts.remember_opened(request, name=SESSION_ACCESS, pk=found.found.pk)
            return redirect("requests:status_detail", reference=reference)
        error, captcha_question, captcha_token = found.error, found.captcha_question, found.captcha_token
    return render(
        request,
        "requests_app/status_lookup.html",
        {
            "form": form,
            "error": error,
            "captcha_question": captcha_question,
            "captcha_token": captcha_token,
        },
        status=400 if error else 200,
    )


def _public_request(request: HttpRequest, reference: str) -> InformationRequest:
    req = request_for_public(reference)
    if req is None or not receipts.was_opened(request, name=SESSION_ACCESS, pk=req.pk):
        raise PermissionDenied
    return req


def status_detail(request: HttpRequest, reference: str) -> HttpResponse:
    try:
        req = _public_request(request, reference)
    except PermissionDenied:
        return redirect("requests:status")
    events = [e for e in req.events.all() if e.public]
    clock = clock_for(req, with_notes=True, events=list(req.events.all()))
    documents = [d for d in req.documents.all() if d.kind == RequestDocument.Kind.REPLY]
    reply = next(
        (e for e in reversed(events) if e.type in (EventType.REPLIED, EventType.ANSWERED_ON_SPOT, EventType.ABANDONED)),
        None,
    )
    return render(
        request,
        "requests_app/status_detail.html",
        {
            "req": req,
            "events": events,
            "clock": clock,
            "ex": clock.explanation,
            "reply": reply,
            "documents": documents,
            "outcome_label": _outcome_label(clock.outcome),
            "letters": letters_for_applicant(req),
            "reply_letter": _reply_letter(req, reply),
        },
    )


def _reply_letter(req: InformationRequest, reply):
    if reply is None:
        return None
    return next((lt for lt in req.letters.all() if lt.kind == "reply" and lt.event_id == reply.pk), None)


def status_document(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    req = _public_request(request, reference)
    doc = req.documents.filter(pk=pk, kind=RequestDocument.Kind.REPLY).first()
    if doc is None:
        raise Http404
    return file_response(doc.file, filename=doc.name, content_type=doc.content_type)


def _staff_request(pk: int) -> InformationRequest:
    """The request for a staff page; an unknown pk is a 404 (was a 500)."""
    try:
        return request_for_staff(pk)
    except InformationRequest.DoesNotExist:
        raise Http404("没有这件申请")


def _outcome_label(code: str | None) -> str:
    return Outcome(code).label if code in Outcome.values else ""


# --- staff ----------------------------------------------------------------------------------


def _handlers():
    from django.db.models import Q

    User = get_user_model()
    return (
        User.objects.filter(is_active=True)
        .filter(Q(user_permissions__codename="handle_request") | Q(groups__permissions__codename="handle_request"))
        .distinct()
        .order_by("username")
    )


QUEUE_COLUMNS = forms.QueueFilterForm.COLUMNS


def _queue_columns(request: HttpRequest, sort: str) -> list[dict]:
    """Column headers with the link that sorts by them (again: the other way round)."""
    columns = []
    for key, label in QUEUE_COLUMNS:
        current = sort.lstrip("-") == key
        desc = current and sort.startswith("-")
        params = request.GET.copy()
        params["sort"] = key if desc or not current else f"-{key}"
        params.pop("page", None)
        columns.append(
            {
                "key": key,
                "label": label,
                "url": f"?{params.urlencode()}",
                "aria_sort": ("descending" if desc else "ascending") if current else "",
                "next": "降序" if current and not desc else "升序",
            }
        )
    return columns


class QueueRow(NamedTuple):
    req: InformationRequest
    urgency: str
    waiting: int | None  # working days waiting for receipt confirmation
    waiting_late: bool


@login_required
def staff_queue_view(request: HttpRequest) -> HttpResponse:
    if not can_view_queue(request.user):
        raise PermissionDenied("您没有办理政府信息公开申请的权限")
    today = timezone.localdate()
    handlers = list(_handlers())
    counts = queue_counts(today)
    identity_search = sees_all_identities(request.user)
    data = None
    if request.GET:
        data = request.GET.copy()
        data.setdefault("per_page", "50")  # so the select shows the size in use
    filters = forms.QueueFilterForm(data, handlers=handlers, years=counts["years"], identity_search=identity_search)
    filters.is_valid()  # a bad value is reported by its field; the others still filter
    params = filters.cleaned_data if filters.is_bound else {}
    sort = params.get("sort") or ""
    if sort.lstrip("-") not in selectors.QUEUE_SORTS:
        sort = ""
    qs = staff_queue(
        status=params.get("status") or "",
        handler=params.get("handler") or "",
        channel=params.get("channel") or "",
        year=params.get("year"),
        q=params.get("q") or "",
        sort=sort,
        user=request.user,
    )
    page = Paginator(qs, params.get("per_page") or 50).get_page(request.GET.get("page"))
    cal = workdays.current()
    items = []
    for r in page.object_list:
        waiting = selectors.confirmation_wait(r, today, cal)
        items.append(QueueRow(r, urgency(r, today, cal), waiting, bool(waiting and waiting >= 1)))
    return render(
        request,
        "requests_app/staff_queue.html",
        {
            "items": items,
            "page": page,
            "filters": filters,
            "today": today,
            "counts": counts,
            "columns": _queue_columns(request, sort),
            "sorted_by_urgency": not sort,
            "provisional_count": sum(1 for r in page.object_list if r.provisional and r.status != Status.CLOSED),
            "awaiting_signoff": list(drafts_awaiting_signoff()),
        },
    )


@dataclass(frozen=True)
class Action:
    """One staff action: its form, its title, the event it records (asked of the lifecycle
    table to decide whether it is offered), whether only the head may take it, and the
    service call it makes with the form's cleaned data."""

    form: type
    title: str
    event: str
    call: Callable[..., Any]
    head_only: bool = False
    multipart: bool = False
    # Closing steps that need a written decision: taken on the reply screen (one letter per
    # reply type, with its sign-off), never through the generic form.
    on_letter_screen: bool = False


ACTIONS: dict[str, Action] = {
    "confirm": Action(
        forms.ConfirmReceiptForm,
        "确认收到申请",
        EventType.RECEIVED,
        lambda req, user, d: services.confirm_receipt(request=req, actor=user, on=d["on"]),
    ),
    "on_spot": Action(
        forms.OnSpotForm,
        "当场答复",
        EventType.ANSWERED_ON_SPOT,
        lambda req, user, d: services.answer_on_spot(request=req, actor=user, outcome=d["outcome"], note=d["note"]),
        on_letter_screen=True,
    ),
    "supplement": Action(
        forms.SupplementRequestForm,
        "告知补正（补正告知书）",
        EventType.SUPPLEMENT_REQUESTED,
        lambda req, user, d: services.request_supplement(
            request=req, actor=user, on=d["on"], supplement_by=d["supplement_by"], text=d["text"]
        ),
    ),
    "supplement_received": Action(
        forms.DateNoteForm,
        "收到补正",
        EventType.SUPPLEMENT_RECEIVED,
        lambda req, user, d: services.record_supplement(request=req, actor=user, on=d["on"], note=d["note"]),
    ),
    "consult": Action(
        forms.ConsultationForm,
        "发出征求意见函",
        EventType.CONSULTATION_SENT,
        lambda req, user, d: services.send_consultation(
            request=req, actor=user, on=d["on"], party=d["party"], text=d["text"], kind=d["kind"]
        ),
    ),
    "consult_answered": Action(
        forms.DateNoteForm,
        "收到征求意见答复",
        EventType.CONSULTATION_ANSWERED,
        lambda req, user, d: services.record_consultation_answer(request=req, actor=user, on=d["on"], note=d["note"]),
    ),
    "extend": Action(
        forms.ExtendForm,
        "延期答复（延期答复告知书）",
        EventType.EXTENDED,
        lambda req, user, d: services.extend_deadline(
            request=req, actor=user, on=d["on"], days=d["days"], reason=d["reason"]
        ),
        head_only=True,
    ),
    "fee": Action(
        forms.FeeNoticeForm,
        "发出收费通知",
        EventType.FEE_NOTIFIED,
        lambda req, user, d: services.notify_fee(
            request=req, actor=user, on=d["on"], method=d["method"], count=d.get("count")
        ),
    ),
    "fee_paid": Action(
        forms.DateOnlyForm,
        "缴纳费用",
        EventType.FEE_PAID,
        lambda req, user, d: services.record_fee_paid(request=req, actor=user, on=d["on"]),
    ),
    "reasons": Action(
        forms.ReasonsForm,
        "要求申请人说明理由（第三十五条）",
        EventType.REASONS_REQUESTED,
        lambda req, user, d: services.request_reasons(request=req, actor=user, on=d["on"], text=d["text"]),
    ),
    "reply": Action(
        forms.ReplyForm,
        "答复（政府信息公开申请答复书）",
        EventType.REPLIED,
        lambda req, user, d: services.reply_request(
            request=req, actor=user, on=d["on"], outcome=d["outcome"], letter=d["letter"], documents=d.get("documents")
        ),
        multipart=True,
        on_letter_screen=True,
    ),
    "abandon": Action(
        forms.DateOnlyForm,
        "视为放弃",
        EventType.ABANDONED,
        lambda req, user, d: services.close_abandoned(request=req, actor=user, on=d["on"]),
        on_letter_screen=True,
    ),
    "reconsideration": Action(
        forms.ReconsiderationForm,
        "记录行政复议",
        EventType.RECONSIDERATION,
        lambda req, user, d: services.record_reconsideration(request=req, actor=user, on=d["on"], result=d["result"]),
    ),
    "litigation": Action(
        forms.LitigationForm,
        "记录行政诉讼",
        EventType.LITIGATION,
        lambda req, user, d: services.record_litigation(
            request=req, actor=user, on=d["on"], result=d["result"], after_reconsideration=d["after_reconsideration"]
        ),
    ),
}


def available_actions(req: InformationRequest, user) -> list[str]:
    """The actions the lifecycle table allows after this request's history (and that this
    user may take): the screens ask the table, they do not re-encode it."""
    history = lifecycle.replay(req.received_on, services.ledger_events(req, list(req.events.all())))
    return [
        name
        for name, action in ACTIONS.items()
        if lifecycle.refusal(history, action.event) is None
        and (not action.head_only or user.has_perm("requests_app.approve_extension"))
    ]


def _detail_context(request: HttpRequest, req: InformationRequest, bound: dict | None = None) -> dict:
    events = list(req.events.all())
    clock = clock_for(req, with_notes=True, events=events)
    allowed = available_actions(req, request.user)
    names = [n for n in allowed if not ACTIONS[n].on_letter_screen]
    names += [n for n in (bound or {}) if n not in names]
    action_forms = []
    for name in names:
        action = ACTIONS[name]
        form = (bound or {}).get(name) or action.form()
        action_forms.append({"name": name, "title": action.title, "form": form, "multipart": action.multipart})
    can_assign = request.user.has_perm("requests_app.approve_extension")
    return {
        "req": req,
        "events": events,
        "clock": clock,
        "ex": clock.explanation,
        "action_forms": action_forms,
        "show_identity": can_see_identity(request.user, req),
        "outcome_label": _outcome_label(clock.outcome),
        "assign_form": forms.AssignForm(handlers=_handlers(), initial={"handler": req.handler_id})
        if can_assign
        else None,
        "can_take": (req.handler_id is None and request.user.has_perm("requests_app.handle_request")),
        "documents": list(req.documents.all()),
        "can_reply": any(ACTIONS[n].on_letter_screen for n in allowed),
        "result_labels": dict(ReviewResult.choices),
        "urgency": urgency(req, timezone.localdate()),
        "letters": letters_for_staff(req),
        "reply_draft": current_draft(req),
        "third_party_consulted": any(
            e.type == EventType.CONSULTATION_SENT and (e.data or {}).get("kind", "third_party") == "third_party"
            for e in events
        ),
    }


@login_required
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        req = request_for_staff(pk)
    except InformationRequest.DoesNotExist:
        raise Http404
    if not can_handle(request.user, req):
        raise PermissionDenied("您没有办理该申请的权限")
    return render(request, "requests_app/staff_detail.html", _detail_context(request, req))


@login_required
@require_POST
def staff_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    try:
        req = request_for_staff(pk)
    except InformationRequest.DoesNotExist:
        raise Http404
    if not can_handle(request.user, req):
        raise PermissionDenied("您没有办理该申请的权限")
    spec = ACTIONS[action]
    if spec.on_letter_screen:
        messages.info(request, "答复须在答复书页面选择答复类型、填写应载明的内容后出具。")
        return redirect("requests:reply_new", pk=req.pk)
    form = spec.form(request.POST, request.FILES)
    if form.is_valid():
        try:
            spec.call(req, request.user, form.cleaned_data)
        except services.InvalidHistory as exc:
            target = exc.field.rsplit(".", 1)[-1] if exc.field else None
            form.add_error(target if target in form.fields else None, exc.message)
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or "没有权限")
        else:
            messages.success(request, f"已办理：{spec.title}")
            return redirect("requests:staff_detail", pk=req.pk)
    req = request_for_staff(pk)
    return render(request, "requests_app/staff_detail.html", _detail_context(request, req, {action: form}), status=400)


@login_required
@require_POST
def staff_assign(request: HttpRequest, pk: int) -> HttpResponse:
    req = _staff_request(pk)
    # Audit fix: refuse users without a request role before reading the form (was a
    # redirect with "please choose a handler"; the service refused the change itself).
    if not can_handle(request.user, req):
        raise PermissionDenied("您没有办理该申请的权限")
    if request.POST.get("take") and request.user.has_perm("requests_app.handle_request"):
        handler = request.user
    else:
        form = forms.AssignForm(request.POST, handlers=_handlers())
        if not form.is_valid():
            messages.error(request, "请选择承办人")
            return redirect("requests:staff_detail", pk=pk)
        handler = form.cleaned_data["handler"]
    services.assign_handler(request=req, actor=request.user, handler=handler)
    messages.success(request, f"已分派给 {handler}")
    return redirect("requests:staff_detail", pk=pk)


@login_required
def staff_register(request: HttpRequest) -> HttpResponse:
    if not can_view_queue(request.user):
        raise PermissionDenied("您没有办理政府信息公开申请的权限")
    form = forms.RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            with transaction.atomic():
                req, code = services.register_request(
                    actor=request.user,
                    channel=d["channel"],
                    submitted_on=d["submitted_on"],
                    received_on=d.get("received_on"),
                    data=d,
                )
        except services.InvalidHistory as exc:
            target = exc.field if exc.field in form.fields else None
            form.add_error(target, exc.message)
        else:
            messages.success(
                request, f"已登记申请 {req.reference}，查询码 {code}（请告知申请人，系统不保存查询码原文）"
            )
            return redirect("requests:staff_detail", pk=req.pk)
    return render(request, "requests_app/staff_register.html", {"form": form}, status=400 if form.errors else 200)


LETTER_TITLES = {
    EventType.SUPPLEMENT_REQUESTED: "补正告知书",
    EventType.CONSULTATION_SENT: "征求意见函",
    EventType.EXTENDED: "延期答复告知书",
    EventType.REPLIED: "政府信息公开申请答复书",
    EventType.FEE_NOTIFIED: "收费通知书",
}


@login_required
def staff_letter(request: HttpRequest, pk: int, event_pk: int) -> HttpResponse:
    req = _staff_request(pk)
    if not can_handle(request.user, req):
        raise PermissionDenied
    event = next((e for e in req.events.all() if e.pk == event_pk), None)
    if event is None or event.type not in LETTER_TITLES:
        raise Http404
    frozen = event.letters.order_by("-issued_at", "-id").first()
    if frozen is not None:
        # The letter as issued; this page re-rendered live only for imported steps.
        return render(request, "requests_app/letters/print.html", {"req": req, "letter": frozen, "staff": True})
    return render(
        request,
        "requests_app/letter.html",
        {
            "req": req,
            "event": event,
            "title": LETTER_TITLES[event.type],
            "profile": SiteProfile.current(),
            "outcome_label": _outcome_label(event.data.get("outcome")),
            "show_identity": can_see_identity(request.user, req),
        },
    )


@login_required
def staff_document(request: HttpRequest, pk: int, doc_pk: int) -> HttpResponse:
    req = _staff_request(pk)
    if not can_handle(request.user, req):
        raise PermissionDenied
    doc = next((d for d in req.documents.all() if d.pk == doc_pk), None)
    if doc is None:
        raise Http404
    if doc.kind == RequestDocument.Kind.APPLICANT and not can_see_identity(request.user, req):
        raise PermissionDenied("申请人身份证明材料仅承办人和负责人可查看")
    return file_response(doc.file, filename=doc.name, content_type=doc.content_type)
