"""Consultation pages: the public column (/consultations/) and a draft's page with its comment
form; the staff pages (/staff/consultations/…) of the publishing department and the Office.
Views parse input and call services."""

from __future__ import annotations

import csv
import io
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST, require_safe

from portal import abuse
from portal.audit import record
from portal.files import spreadsheet_text

from ..item_links import workflow_link
from . import permissions as perms
from . import selectors, services
from .forms import CommentForm, DecisionForm
from .models import Consultation, ConsultationComment

PAGE_SIZE = 20
MAX_PK = 2**63 - 1


# --- public ---------------------------------------------------------------------------------


@require_safe
def consultation_list(request: HttpRequest) -> HttpResponse:
    """意见征集 column: every published draft with its dates and whether it is open (the page
    cache keys this page by date as well, settings.PUBLIC_PAGE_CACHE_DATED_VIEWS)."""
    page = Paginator(selectors.public_consultations(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "disclosure/consultations/list.html", {"page": page})


def _public(pk: int) -> Consultation:
    if pk > MAX_PK:
        raise Http404("意见征集不存在或未公开")
    try:
        return selectors.public_consultation(pk)
    except Consultation.DoesNotExist:
        raise Http404("意见征集不存在或未公开")


def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The draft for comment and, while open, the comment form. Before the opening and after
    the close the form is refused with the dates; a comment posted then is shown back whole."""
    consultation = _public(pk)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    refusal = services.refusal(consultation, timezone.localdate())
    form = None
    notice = ""
    kept_text = ""
    captcha_question = None
    status = 200
    if request.method == "POST":
        if refusal:
            kept_text = request.POST.get("text", "")
            status = 400
        else:
            form, notice, captcha_question, outcome = _take_comment(request, consultation)
            if isinstance(outcome, ConsultationComment):
                return redirect("consultations:thanks", pk=consultation.item_id)
            if outcome:  # the consultation closed while the form was being filled in
                refusal, kept_text, form = outcome, request.POST.get("text", ""), None
            status = 400
    elif not refusal:
        form = CommentForm(initial={"ts": abuse.form_timestamp()})
    response = render(
        request,
        "disclosure/consultations/detail.html",
        {
            "consultation": consultation,
            "item": consultation.item,
            "attachments": list(consultation.item.attachments.order_by("pk")),
            "feedback": selectors.published_feedback(consultation),
            "refusal": refusal,
            "form": form,
            "notice": notice,
            "kept_text": kept_text,
            "captcha_question": captcha_question,
        },
        status=status,
    )
    if form is not None:
        # A page with a form carries this visitor's CSRF token: never a shared cached page.
        add_never_cache_headers(response)  # private, no-store: the page cache does not keep it
    return response


def _take_comment(request: HttpRequest, consultation: Consultation):
    """(form, notice, captcha question, outcome): outcome is the stored comment, a refusal
    message when the consultation closed meanwhile, or "" when the form is shown again."""
    ip = abuse.client_ip(request)
    form = CommentForm(request.POST)
    screening = abuse.screen_submission(request.POST, ip)
    notice = screening.notice
    if screening.captcha_error:
        form.add_error("captcha_answer", screening.captcha_error)
    if screening.may_store and form.is_valid():
        data = form.cleaned_data
        try:
            comment = services.submit_comment(
                consultation=consultation,
                text=data["text"],
                name=data["name"],
                contact=data["contact"],
                consent=data["consent"],
            )
        except services.CommentRefused as exc:
            abuse.release_submission(ip)
            return form, "", None, exc.message_text
        except services.ConsultationError as exc:
            form.add_error(None, exc.message_text)
        except BaseException:
            abuse.release_submission(ip)
            raise
        else:
            return form, "", None, comment
    abuse.release_submission(ip)
    data = request.POST.copy()
    data["ts"] = request.POST.get("ts") or abuse.form_timestamp()
    captcha_question = None
    if screening.need_captcha:
        captcha_question, data["captcha_token"] = abuse.new_captcha()
        data["captcha_answer"] = ""
    form.data = data
    return form, notice, captcha_question, ""


@require_safe
def comment_thanks(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _public(pk)
    return render(request, "disclosure/consultations/thanks.html", {"consultation": consultation})


# --- staff ----------------------------------------------------------------------------------


def _staff(pk: int) -> Consultation:
    try:
        return selectors.staff_consultation(pk)
    except Consultation.DoesNotExist:
        raise Http404("没有这项意见征集")


@login_required
def staff_list(request: HttpRequest) -> HttpResponse:
    perms.ensure_may_view(request.user)
    page = Paginator(selectors.staff_consultations(), 50).get_page(request.GET.get("page"))
    return render(request, "disclosure/consultations/staff_list.html", {"page": page})


def _staff_detail(request: HttpRequest, consultation: Consultation, *, bound=None, status=200) -> HttpResponse:
    user = request.user
    handles = perms.may_handle(user, consultation)
    comments = list(selectors.comments_of(consultation))
    rows = [
        {
            "comment": c,
            "form": (bound or {}).get(c.pk)
            or DecisionForm(
                prefix=f"c{c.pk}", initial={"decision": c.decision if c.is_decided else None, "reason": c.reason}
            ),
        }
        for c in comments
    ]
    return render(
        request,
        "disclosure/consultations/staff_detail.html",
        {
            "consultation": consultation,
            "rows": rows,
            "sees_identities": perms.sees_identities(user, consultation),
            "exports_identities": perms.exports_identities(user, consultation),
            "handles": handles,
            "may_decide": handles and not consultation.feedback_item_id,
            "pending": sum(1 for c in comments if not c.is_decided),
            "draft_link": workflow_link(consultation.item),
            "feedback_link": workflow_link(consultation.feedback_item) if consultation.feedback_item_id else None,
            "feedback_published": selectors.published_feedback(consultation) is not None,
        },
        status=status,
    )


@login_required
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    perms.ensure_may_view(request.user)
    return _staff_detail(request, _staff(pk))


@login_required
@require_POST
def staff_decide(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    consultation = _staff(pk)
    perms.ensure_may_handle(request.user, consultation)
    comment = consultation.comments.filter(pk=comment_pk).first()
    if comment is None:
        raise Http404("没有这条意见")
    form = DecisionForm(request.POST, prefix=f"c{comment.pk}")
    if not form.is_valid():
        return _staff_detail(request, consultation, bound={comment.pk: form}, status=400)
    try:
        services.decide_comment(
            comment=comment,
            actor=request.user,
            decision=form.cleaned_data["decision"],
            reason=form.cleaned_data["reason"],
        )
    except services.ConsultationError as exc:
        messages.error(request, exc.message_text)
    else:
        messages.success(request, f"已记录意见{comment.number}的采纳情况。")
    return redirect("consultations:staff_detail", pk=consultation.pk)


@login_required
@require_POST
def staff_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _staff(pk)
    perms.ensure_may_handle(request.user, consultation)
    try:
        item = services.create_feedback_report(consultation=consultation, actor=request.user)
    except services.ConsultationError as exc:
        messages.error(request, exc.message_text)
        return redirect("consultations:staff_detail", pk=consultation.pk)
    messages.success(request, "已起草意见采纳情况说明。请核对内容后提交审查，经保密审查和公开属性认定后发布。")
    link = workflow_link(item)
    return redirect(link.url) if link else redirect("consultations:staff_detail", pk=consultation.pk)


@login_required
@require_POST
def staff_finish(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _staff(pk)
    perms.ensure_may_handle(request.user, consultation)
    try:
        services.finish_consultation(consultation=consultation, actor=request.user)
    except services.ConsultationError as exc:
        messages.error(request, exc.message_text)
    else:
        messages.success(request, "本次意见征集已办结。")
    return redirect("consultations:staff_detail", pk=consultation.pk)


CSV_COLUMNS = ["序号", "提交时间", "意见内容", "姓名", "联系方式", "同意引用", "采纳情况", "理由"]


def mask(value: str) -> str:
    """王小明 → 王*明, 13800000000 → 1*********0: enough to tell rows apart, not to identify."""
    if not value:
        return ""
    if len(value) <= 2:
        return value[0] + "*" * (len(value) - 1)
    return value[0] + "*" * (len(value) - 2) + value[-1]


@login_required
def staff_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The comments as CSV; names and contacts masked unless the user may see them and holds
    the permission to export them."""
    perms.ensure_may_view(request.user)
    consultation = _staff(pk)
    full = perms.exports_identities(request.user, consultation)
    buf = io.StringIO()
    buf.write("\ufeff")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for c in selectors.comments_of(consultation):
        writer.writerow(
            [
                c.number,
                timezone.localtime(c.received_at).strftime("%Y-%m-%d %H:%M"),
                spreadsheet_text(c.text),
                spreadsheet_text(c.name if full else mask(c.name)),
                spreadsheet_text(c.contact if full else mask(c.contact)),
                "是" if c.consent_to_publish else "否",
                c.get_decision_display(),
                spreadsheet_text(c.reason),
            ]
        )
    record(
        action="consultation.comments.exported",
        actor=request.user,
        target=consultation,
        data={"identities": full},
    )
    response = HttpResponse(buf.getvalue(), content_type="text/csv; charset=utf-8")
    name = quote(f"意见征集-{consultation.item_id}.csv")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response
