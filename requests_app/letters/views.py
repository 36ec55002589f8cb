"""The reply screen, the sign-off page, the letters' print views and the letter actions.
Views parse input and call `letters.services`; the printed text is the frozen one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from portal import receipts

from ..models import InformationRequest
from ..permissions import can_handle
from ..selectors import request_for_public, request_for_staff
from ..services import InvalidHistory
from ..views import SESSION_ACCESS
from . import forms, services
from .compose import LetterIncomplete
from .kinds import REPLY_TYPES
from .models import ReplyApproval, ReplyDraft
from .permissions import can_approve, is_office_reviewer
from .selectors import current_draft, letters_for_applicant, letters_for_staff


def _staff_request(request: HttpRequest, pk: int, *, reviewer: bool = False) -> InformationRequest:
    """The request for a staff page; the Office's reviewer may open the sign-off pages."""
    try:
        req = request_for_staff(pk)
    except InformationRequest.DoesNotExist:
        raise Http404("没有这件申请") from None
    if not (can_handle(request.user, req) or (reviewer and is_office_reviewer(request.user))):
        raise PermissionDenied("您没有办理该申请的权限")
    return req


def _form_error(form, exc) -> None:
    field = (exc.field or "").split(".")[0]
    if field == "parts":
        index = (exc.field.split(".") + ["1", "part"])[1:3]
        name = {"part": "part", "ground": "ground", "reasons": "reasons"}.get(index[1], "part")
        field = f"{name}_{index[0]}"
    form.add_error(field if field in form.fields else None, exc.message)


@login_required
def reply_draft_new(request: HttpRequest, pk: int) -> HttpResponse:
    """The handler chooses the reply type and enters the parts it must state."""
    req = _staff_request(request, pk)
    query = request.POST.get("item_query", "") if request.method == "POST" else ""
    if request.method == "POST" and "find_item" in request.POST:
        # Only narrow the list of published items; keep everything typed, judge nothing yet.
        form = forms.ReplyDraftForm(initial=request.POST.dict(), item_query=query)
        return render(
            request,
            "requests_app/letters/reply_form.html",
            {
                "req": req,
                "form": form,
                "preview": "",
                "draft": current_draft(req),
            },
        )
    form = forms.ReplyDraftForm(request.POST or None, item_query=query)
    preview = ""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                if "preview" in request.POST:
                    rtype = REPLY_TYPES.get(d["reply_type"])
                    fields = services.normalise_fields(rtype, form.service_fields())
                    preview = services.preview_reply(
                        request=req,
                        reply_type=d["reply_type"],
                        fields=fields,
                        actor=request.user,
                        on=d["on"],
                        on_spot=d["on_spot"],
                    )
                else:
                    draft = services.draft_reply(
                        request=req,
                        actor=request.user,
                        reply_type=d["reply_type"],
                        fields=form.service_fields(),
                        on=d["on"],
                        on_spot=d["on_spot"],
                    )
                    messages.success(
                        request, "答复书草稿已保存" + ("，已送负责人审批" if draft.state == "awaiting_signoff" else "")
                    )
                    return redirect("requests:reply_draft", pk=req.pk, draft_pk=draft.pk)
            except LetterIncomplete as exc:
                _form_error(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc) or "没有权限")
        if form.errors:
            status = 400
    return render(
        request,
        "requests_app/letters/reply_form.html",
        {
            "req": req,
            "form": form,
            "preview": preview,
            "draft": current_draft(req),
        },
        status=status,
    )


def _draft(req, draft_pk: int) -> ReplyDraft:
    draft = (
        req.reply_drafts.select_related("drafted_by", "letter")
        .prefetch_related("approvals__approver")
        .filter(pk=draft_pk)
        .first()
    )
    if draft is None:
        raise Http404("没有这份答复书草稿")
    return draft


def _draft_context(request, req, draft, *, issue_form=None, approve_error="", preview_error="") -> dict:
    rtype = REPLY_TYPES[draft.reply_type]
    preview = ""
    if draft.state in (ReplyDraft.State.AWAITING_SIGNOFF, ReplyDraft.State.READY):
        try:
            preview = services.preview_reply(
                request=req,
                reply_type=draft.reply_type,
                fields=draft.fields,
                actor=request.user,
                on=issue_form_date(issue_form),
                on_spot=draft.on_spot,
            )
        except LetterIncomplete as exc:
            preview_error = exc.message
    missing = services.missing_approvals(draft) if draft.state == ReplyDraft.State.AWAITING_SIGNOFF else []
    return {
        "req": req,
        "draft": draft,
        "rtype": rtype,
        "preview": preview,
        "preview_error": preview_error,
        "approvals": [a for a in draft.approvals.all() if a.draft_hash == draft.content_hash],
        "pending": [
            {
                "role": r,
                "label": ReplyApproval.Role(r).label,
                "can": can_approve(request.user, draft, r),
                "form": forms.ApproveForm(initial={"role": r}),
            }
            for r in missing
        ],
        "issue_form": issue_form or forms.IssueForm(),
        "approve_error": approve_error,
        "third_party_consulted": any(
            e.type == "consultation_sent" and (e.data or {}).get("kind", "third_party") == "third_party"
            for e in req.events.all()
        ),
    }


def issue_form_date(form):
    from django.utils import timezone

    if form is not None and form.is_bound and form.is_valid():
        return form.cleaned_data["on"]
    return timezone.localdate()


@login_required
def reply_draft_detail(request: HttpRequest, pk: int, draft_pk: int) -> HttpResponse:
    req = _staff_request(request, pk, reviewer=True)
    draft = _draft(req, draft_pk)
    return render(request, "requests_app/letters/draft_detail.html", _draft_context(request, req, draft))


@login_required
@require_POST
def reply_draft_approve(request: HttpRequest, pk: int, draft_pk: int) -> HttpResponse:
    req = _staff_request(request, pk, reviewer=True)
    draft = _draft(req, draft_pk)
    form = forms.ApproveForm(request.POST)
    error = "请选择审批环节"
    if form.is_valid():
        try:
            approval = services.approve_reply(
                draft=draft, actor=request.user, role=form.cleaned_data["role"], comment=form.cleaned_data["comment"]
            )
        except (LetterIncomplete, PermissionDenied) as exc:
            error = getattr(exc, "message", None) or str(exc)
        else:
            messages.success(request, f"已办理：{approval.get_role_display()}")
            return redirect("requests:reply_draft", pk=req.pk, draft_pk=draft.pk)
    return render(
        request,
        "requests_app/letters/draft_detail.html",
        _draft_context(request, req, _draft(req, draft_pk), approve_error=error),
        status=400,
    )


@login_required
@require_POST
def reply_draft_issue(request: HttpRequest, pk: int, draft_pk: int) -> HttpResponse:
    req = _staff_request(request, pk)
    draft = _draft(req, draft_pk)
    form = forms.IssueForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            letter = services.issue_reply(
                draft=draft,
                actor=request.user,
                on=form.cleaned_data["on"],
                documents=form.cleaned_data.get("documents"),
            )
        except (LetterIncomplete, InvalidHistory) as exc:
            form.add_error("on" if exc.field in ("on", "outcome") else None, exc.message)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"答复书 {letter.number} 已出具")
            return redirect("requests:staff_letter_print", pk=req.pk, letter_pk=letter.pk)
    return render(
        request,
        "requests_app/letters/draft_detail.html",
        _draft_context(request, req, _draft(req, draft_pk), issue_form=form),
        status=400,
    )


@login_required
def staff_letter_print(request: HttpRequest, pk: int, letter_pk: int) -> HttpResponse:
    req = _staff_request(request, pk)
    letter = next((lt for lt in letters_for_staff(req) if lt.pk == letter_pk), None)
    if letter is None:
        raise Http404("没有这份文书")
    draft = ReplyDraft.objects.filter(letter=letter).prefetch_related("approvals__approver").first()
    return render(
        request,
        "requests_app/letters/print.html",
        {
            "req": req,
            "letter": letter,
            "staff": True,
            "correction_form": forms.CorrectionForm(),
            "approvals": [a for a in draft.approvals.all() if a.draft_hash == draft.content_hash] if draft else [],
            "draft": draft,
        },
    )


@login_required
def staff_letter_text(request: HttpRequest, pk: int, letter_pk: int) -> HttpResponse:
    """The frozen text itself, byte for byte (its SHA-256 is the one stored)."""
    req = _staff_request(request, pk)
    letter = req.letters.filter(pk=letter_pk).first()
    if letter is None:
        raise Http404("没有这份文书")
    response = HttpResponse(letter.text.encode("utf-8"), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f"attachment; filename=letter-{letter.pk}.txt"
    response["X-Content-SHA256"] = letter.sha256
    return response


def _pdf_response(letter) -> HttpResponse:
    from .render import letter_pdf

    response = HttpResponse(letter_pdf(letter), content_type="application/pdf")
    response["Content-Disposition"] = f"attachment; filename=letter-{letter.pk}.pdf"
    return response


@login_required
def staff_letter_pdf(request: HttpRequest, pk: int, letter_pk: int) -> HttpResponse:
    req = _staff_request(request, pk)
    letter = req.letters.filter(pk=letter_pk).first()
    if letter is None:
        raise Http404("没有这份文书")
    return _pdf_response(letter)


@login_required
@require_POST
def staff_letter_correct(request: HttpRequest, pk: int, letter_pk: int) -> HttpResponse:
    req = _staff_request(request, pk)
    letter = req.letters.filter(pk=letter_pk).first()
    if letter is None:
        raise Http404("没有这份文书")
    form = forms.CorrectionForm(request.POST)
    if form.is_valid():
        try:
            new = services.correct_letter(
                letter=letter, actor=request.user, on=form.cleaned_data["on"], reason=form.cleaned_data["reason"]
            )
        except LetterIncomplete as exc:
            form.add_error("reason" if exc.field == "reason" else None, exc.message)
        else:
            messages.success(request, f"已出具更正文书 {new.number}")
            return redirect("requests:staff_letter_print", pk=req.pk, letter_pk=new.pk)
    return render(
        request,
        "requests_app/letters/print.html",
        {"req": req, "letter": letter, "staff": True, "correction_form": form},
        status=400,
    )


@login_required
def third_party_notice(request: HttpRequest, pk: int) -> HttpResponse:
    req = _staff_request(request, pk)
    form = forms.ThirdPartyNoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            letter = services.issue_third_party_notice(
                request=req,
                actor=request.user,
                on=d["on"],
                party=d["party"],
                content=d["content"],
                reasons=d["reasons"],
            )
        except LetterIncomplete as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"第三方告知书 {letter.number} 已出具")
            return redirect("requests:staff_letter_print", pk=req.pk, letter_pk=letter.pk)
    return render(
        request,
        "requests_app/letters/third_party_form.html",
        {"req": req, "form": form},
        status=400 if form.errors else 200,
    )


def _applicant_letter(request: HttpRequest, reference: str, letter_pk: int):
    """(request, letter) for the applicant who opened the status page, or (None, None)."""
    req = request_for_public(reference)
    if req is None or not receipts.was_opened(request, name=SESSION_ACCESS, pk=req.pk):
        return None, None
    letter = next((lt for lt in letters_for_applicant(req) if lt.pk == letter_pk), None)
    if letter is None:
        raise Http404("没有这份文书")
    return req, letter


def status_letter(request: HttpRequest, reference: str, letter_pk: int) -> HttpResponse:
    """A letter sent to the applicant, for the applicant who opened the status page."""
    req, letter = _applicant_letter(request, reference, letter_pk)
    if req is None:
        return redirect("requests:status")
    return render(request, "requests_app/letters/print.html", {"req": req, "letter": letter, "staff": False})


def status_letter_pdf(request: HttpRequest, reference: str, letter_pk: int) -> HttpResponse:
    req, letter = _applicant_letter(request, reference, letter_pk)
    if req is None:
        return redirect("requests:status")
    return _pdf_response(letter)
