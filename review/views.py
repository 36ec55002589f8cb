"""The staff workbench for the publication workflow. Views parse input and call services."""

from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from disclosure.choices import Attribute, State
from disclosure.models import Attachment, DisclosureItem
from disclosure.selectors import published_items
from portal.files import file_response
from portal.html import render_safe

from . import permissions as perms
from . import rules, selectors, services
from .choices import StepKind
from .forms import (
    AnswerForm,
    AttachmentForm,
    CommentForm,
    DetermineForm,
    ItemForm,
    ReevaluateForm,
    ReferForm,
    RepealForm,
    ReturnForm,
    SecretForm,
    WithdrawForm,
    WorkbenchFilterForm,
)
from .models import EditorUpload, Referral, ReviewStep

ACTION_LABELS = {
    "review.item.created": "创建",
    "review.item.edited": "修改",
    "item.attachment.added": "增加附件",
    "item.attachment.removed": "删除附件",
    "review.submitted": "提交审查",
    "review.confidentiality.cleared": "保密审查通过",
    "review.confidentiality.returned": "保密审查退回修改",
    "review.confidentiality.referred": "报请主管部门确定（第十七条）",
    "review.confidentiality.secret": "认定涉密，不予公开",
    "review.attribute.determined": "公开属性认定",
    "review.attribute.returned": "公开属性认定退回修改",
    "item.published": "发布",
    "item.clearances.recorded": "直接记录审查结果（旧版管理后台）",
    "item.imported_historical": "历史导入（未经本平台审查）",
    "review.publish.refused": "定时发布被拒绝（版本不符）",
    "review.item.repealed": "标记为已废止",
    "review.item.withdrawn": "撤回",
    "review.reevaluated.kept": "复核维持（第十八条）",
    "review.reevaluated.sent_to_publication": "复核后送交公开（第十八条）",
    "consultation.period.set": "设定意见征集起止日期",
}


def waited(since) -> str:
    delta = timezone.now() - since
    days, hours = delta.days, delta.seconds // 3600
    if days:
        return f"{days}天{hours}小时"
    return f"{hours}小时" if hours else "不足1小时"


def _deadline_info(item: DisclosureItem) -> dict:
    """Art. 26 deadline, for items still in the flow only (not withdrawn, withheld, published...)."""
    return selectors.art26_status(item, timezone.localdate())


def _fail(request: HttpRequest, exc: services.ReviewError) -> None:
    messages.error(request, exc.message_text)


def _get_item(pk: int) -> DisclosureItem:
    try:
        return selectors.item_for_staff(pk)
    except DisclosureItem.DoesNotExist:
        raise Http404("没有这条信息")


# --- pages ------------------------------------------------------------------------------

WORKBENCH_PAGE_SIZE = 50


@login_required
def workbench(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    if perms.is_drafter(user):
        perms.ensure_department_membership(user)
    if not perms.may_open_workbench(user):
        raise PermissionDenied("您没有发布审查工作台的权限")
    is_drafter = perms.is_drafter(user)
    facets = selectors.workbench_facets(user) if is_drafter else {}
    filters = WorkbenchFilterForm(request.GET or None, departments=facets.get("departments", ()))
    filters.is_valid()  # a bad value is reported by its field; the others still filter
    params = filters.cleaned_data if filters.is_bound else {}
    page = Paginator(
        selectors.workbench_items(user, state=params.get("state") or "", department=params.get("department")),
        WORKBENCH_PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    items = [dict(item=i, **selectors.art26_status(i, today)) for i in page.object_list]
    return render(
        request,
        "review/workbench.html",
        {
            "items": items,
            "page": page,
            "filters": filters,
            "facets": facets,
            "counts": selectors.queue_counts(user, today=today),
            "is_drafter": is_drafter,
            "is_office": perms.is_office_reviewer(user),
            "is_legal": perms.is_legal_reviewer(user),
            "can_manage": perms.can_manage_published(user),
            "reevaluations": list(selectors.reevaluation_due(user, today=today)),
        },
    )


def _queue_rows(steps) -> list[dict]:
    return [dict(step=s, item=s.item, waited=waited(s.created_at), **_deadline_info(s.item)) for s in steps]


@login_required
def office_queue_view(request: HttpRequest) -> HttpResponse:
    if not perms.is_office_reviewer(request.user):
        raise PermissionDenied("只有办公室保密审查人员可以查看此队列")
    return render(
        request,
        "review/queue.html",
        {
            "title": "保密审查队列（办公室）",
            "rows": _queue_rows(selectors.office_queue(request.user)),
        },
    )


@login_required
def legal_queue_view(request: HttpRequest) -> HttpResponse:
    if not perms.is_legal_reviewer(request.user):
        raise PermissionDenied("只有法制处公开属性认定人员可以查看此队列")
    return render(
        request,
        "review/queue.html",
        {
            "title": "公开属性认定队列（法制处）",
            "rows": _queue_rows(selectors.legal_queue(request.user)),
        },
    )


@login_required
def published_view(request: HttpRequest) -> HttpResponse:
    if not perms.can_manage_published(request.user):
        raise PermissionDenied("您没有管理已发布信息的权限")
    page = Paginator(selectors.managed_items(request.user), WORKBENCH_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "review/published.html", {"items": list(page.object_list), "page": page})


@login_required
def item_create(request: HttpRequest) -> HttpResponse:
    perms.ensure_can_draft(request.user)
    perms.ensure_department_membership(request.user)
    form = ItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        item = services.create_item(actor=request.user, data=form.cleaned_data)
        messages.success(request, "已保存草稿。可以继续上传附件，然后提交审查。")
        return redirect("review:item", pk=item.pk)
    return render(request, "review/item_form.html", {"form": form, "item": None, "edit_voids_review": False})


@login_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _get_item(pk)
    rules.ensure_permitted("edit", item=item, actor=request.user)
    try:
        rules.ensure_allowed("edit", item=item, actor=request.user)
    except services.ReviewError as exc:
        _fail(request, exc)
        return redirect("review:item", pk=item.pk)
    form = ItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.update_item(item=item, actor=request.user, data=form.cleaned_data)
        except services.ReviewError as exc:
            _fail(request, exc)
        else:
            messages.success(request, "已保存修改。")
            return redirect("review:item", pk=item.pk)
    return render(
        request,
        "review/item_form.html",
        {"form": form, "item": item, "edit_voids_review": rules.edit_voids_review(item)},
    )


# The form each allowed action shows on the item page, keyed as the template names it.
ACTION_FORMS = {
    "clear": ("clearance", "clear", CommentForm),
    "return_confidentiality": ("return", "return", ReturnForm),
    "return_attribute": ("return", "return", ReturnForm),
    "refer": ("refer", "refer", ReferForm),
    "secret": ("secret", "secret", SecretForm),
    "answer": ("answer", "answer", AnswerForm),
    "determine": ("determine", "determine", DetermineForm),
    "withdraw": ("withdraw", "withdraw", WithdrawForm),
    "repeal": ("repeal", "repeal", RepealForm),
    "reevaluate": ("reevaluate", "reevaluate", ReevaluateForm),
}


def _action_forms(item: DisclosureItem, allowed: dict, bound: dict | None = None) -> dict:
    """One form per action the table allows this user now (selectors.allowed_actions)."""
    bound = bound or {}
    forms = {}
    for name in allowed:
        if name == "publish_now":
            forms["publish_now"] = True
            continue
        if name not in ACTION_FORMS:
            continue
        key, prefix, form_class = ACTION_FORMS[name]
        initial = (
            {"attribute": item.proposed_attribute, "ground": item.proposed_ground} if name == "determine" else None
        )
        forms[key] = bound.get(prefix) or form_class(prefix=prefix, initial=initial)
    return forms


def _render_item(request: HttpRequest, item: DisclosureItem, *, bound: dict | None = None, status: int = 200):
    step = selectors.pending_step(item)
    referral = selectors.open_referral(step)
    allowed = selectors.allowed_actions(item, request.user, step=step)
    steps = list(selectors.item_steps(item))
    shown_step = step or (steps[-1] if steps else None)
    versions = selectors.item_versions(item)
    return render(
        request,
        "review/item_detail.html",
        {
            "item": item,
            "current_version": selectors.version_of(versions, item.content_hash),
            "shown_step_version": (
                selectors.version_of(versions, shown_step.revision_hash, shown_step.created_at) if shown_step else None
            ),
            "step": step,
            "shown_step": shown_step,
            "referral": referral,
            "steps": steps,
            "flags": rules.item_flags(item, steps),
            "can_edit": "edit" in allowed,
            "can_submit": "submit" in allowed,
            "problems": services.submission_problems(item) if "submit" in allowed else [],
            "attachment_form": bound.get("attachment") if bound and bound.get("attachment") else AttachmentForm(),
            "action_forms": _action_forms(item, allowed, bound),
            "waited": waited(step.created_at) if step else "",
            "body_html": render_safe(item.body),
            **_deadline_info(item),
        },
        status=status,
    )


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = _get_item(pk)
    perms.ensure_can_view(request.user, item)
    return _render_item(request, item)


@login_required
def item_history_view(request: HttpRequest, pk: int) -> HttpResponse:
    item = _get_item(pk)
    perms.ensure_can_view(request.user, item)
    versions = selectors.item_versions(item)
    events = [
        {
            "event": e,
            "label": ACTION_LABELS.get(e.action, e.action),
            "attribute": dict(Attribute.choices).get(e.data.get("attribute", ""), ""),
            "version": selectors.version_of(versions, e.data.get("revision", ""), e.at),
        }
        for e in selectors.item_history(item)
    ]
    steps = list(selectors.item_steps(item))
    return render(
        request,
        "review/history.html",
        {
            "item": item,
            "events": events,
            "steps": steps,
            "step_rows": [
                {"step": st, "version": selectors.version_of(versions, st.revision_hash, st.created_at)} for st in steps
            ],
            "current_version": selectors.version_of(versions, item.content_hash),
        },
    )


@login_required
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = _get_item(pk)
    perms.ensure_can_edit(request.user, item)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_item(request, item, bound={"attachment": form}, status=400)
    upload = form.cleaned_data["file"]
    try:
        services.add_item_attachment(
            item=item,
            actor=request.user,
            name=PurePath(upload.name).name,
            # Audit fix: not the browser's Content-Type (attacker-chosen);
            # "" lets the service take it from the checked extension.
            content=upload.read(),
            content_type="",
        )
    except services.ReviewError as exc:
        _fail(request, exc)
    else:
        messages.success(request, f"已上传附件“{upload.name}”。")
    return redirect("review:item", pk=item.pk)


@login_required
@require_POST
def attachment_delete(request: HttpRequest, pk: int, att: int) -> HttpResponse:
    item = _get_item(pk)
    perms.ensure_can_edit(request.user, item)
    try:
        services.remove_item_attachment(item=item, actor=request.user, attachment_id=att)
    except Attachment.DoesNotExist:
        raise Http404("没有这个附件")
    except services.ReviewError as exc:
        _fail(request, exc)
    else:
        messages.success(request, "已删除附件。")
    return redirect("review:item", pk=item.pk)


@login_required
def attachment_download(request: HttpRequest, pk: int, att: int) -> HttpResponse:
    item = _get_item(pk)
    perms.ensure_can_view(request.user, item)
    attachment = get_object_or_404(Attachment, pk=att, item=item)
    return file_response(attachment.file, filename=attachment.name, content_type=attachment.content_type)


@login_required
@require_POST
def item_submit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _get_item(pk)
    perms.ensure_can_edit(request.user, item)
    try:
        services.submit_for_review(item=item, actor=request.user)
    except services.ReviewError as exc:
        _fail(request, exc)
    else:
        messages.success(request, "已提交办公室保密审查。")
    return redirect("review:item", pk=item.pk)


def _step_action(request: HttpRequest, pk: int, key: str, form_class, call, action: str = "") -> HttpResponse:
    step = get_object_or_404(ReviewStep.objects.select_related("item"), pk=pk)
    # Decide permission before looking at the input: a user who may not act gets 403.
    if not action:
        action = "return_confidentiality" if step.kind == StepKind.CONFIDENTIALITY else "return_attribute"
    rules.ensure_permitted(action, item=step.item, actor=request.user)
    form = form_class(request.POST, prefix=key)
    if not form.is_valid():
        item = _get_item(step.item_id)
        return _render_item(request, item, bound={key: form}, status=400)
    try:
        message = call(step, form.cleaned_data)
    except services.ReviewError as exc:
        _fail(request, exc)
    else:
        messages.success(request, message)
    return redirect("review:item", pk=step.item_id)


@login_required
@require_POST
def step_clear(request: HttpRequest, pk: int) -> HttpResponse:
    def call(step, data):
        services.clear_confidentiality(step=step, actor=request.user, comment=data["comment"])
        return "保密审查通过，已转法制处认定公开属性。"

    return _step_action(request, pk, "clear", CommentForm, call, "clear")


@login_required
@require_POST
def step_return(request: HttpRequest, pk: int) -> HttpResponse:
    def call(step, data):
        services.return_for_changes(step=step, actor=request.user, comment=data["comment"])
        return "已退回起草部门修改。"

    return _step_action(request, pk, "return", ReturnForm, call)


@login_required
@require_POST
def step_refer(request: HttpRequest, pk: int) -> HttpResponse:
    def call(step, data):
        services.refer_to_authority(
            step=step, actor=request.user, authority=data["authority"], question=data["question"]
        )
        return "已登记报请确定，该信息等待主管部门答复。"

    return _step_action(request, pk, "refer", ReferForm, call, "refer")


@login_required
@require_POST
def step_secret(request: HttpRequest, pk: int) -> HttpResponse:
    def call(step, data):
        services.withhold_as_secret(step=step, actor=request.user, comment=data["comment"])
        return "已认定涉密，不予公开。"

    return _step_action(request, pk, "secret", SecretForm, call, "secret")


@login_required
@require_POST
def step_determine(request: HttpRequest, pk: int) -> HttpResponse:
    def call(step, data):
        item = services.determine_attribute(
            step=step,
            actor=request.user,
            attribute=data["attribute"],
            forms=data["disclosure_forms"],
            ground=data["ground"],
            publish_at=data["publish_at"],
            reevaluate_on=data["reevaluate_on"],
            comment=data["comment"],
        )
        if item.state == State.PUBLISHED:
            return f"已认定主动公开并发布，索引号 {item.index_number}。"
        return f"已认定：{item.get_state_display()}。"

    return _step_action(request, pk, "determine", DetermineForm, call, "determine")


@login_required
@require_POST
def referral_answer(request: HttpRequest, pk: int) -> HttpResponse:
    referral = get_object_or_404(Referral.objects.select_related("step", "item"), pk=pk)
    rules.ensure_permitted("answer", item=referral.item, actor=request.user)
    form = AnswerForm(request.POST, prefix="answer")
    if not form.is_valid():
        return _render_item(request, _get_item(referral.item_id), bound={"answer": form}, status=400)
    try:
        services.record_authority_answer(
            referral=referral,
            actor=request.user,
            answer=form.cleaned_data["answer"],
            answer_text=form.cleaned_data["answer_text"],
        )
    except services.ReviewError as exc:
        _fail(request, exc)
    else:
        messages.success(request, "已登记主管部门答复。")
    return redirect("review:item", pk=referral.item_id)


def _item_action(request: HttpRequest, pk: int, key: str, form_class, action: str, call) -> HttpResponse:
    item = _get_item(pk)
    rules.ensure_permitted(action, item=item, actor=request.user)
    form = form_class(request.POST, prefix=key) if form_class else None
    if form is not None and not form.is_valid():
        return _render_item(request, item, bound={key: form}, status=400)
    try:
        message = call(item, form.cleaned_data if form else {})
    except services.ReviewError as exc:
        _fail(request, exc)
    else:
        messages.success(request, message)
    return redirect("review:item", pk=item.pk)


@login_required
@require_POST
def item_publish_now(request: HttpRequest, pk: int) -> HttpResponse:
    def call(item, data):
        item = services.publish_scheduled_now(item=item, actor=request.user)
        return f"已发布，索引号 {item.index_number}。"

    return _item_action(request, pk, "publish", None, "publish_now", call)


@login_required
@require_POST
def item_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    def call(item, data):
        services.withdraw_item(item=item, actor=request.user, reason=data["reason"])
        return "已撤回，公众不再可见。"

    return _item_action(request, pk, "withdraw", WithdrawForm, "withdraw", call)


@login_required
@require_POST
def item_repeal(request: HttpRequest, pk: int) -> HttpResponse:
    def call(item, data):
        services.repeal_item(item=item, actor=request.user, repealed_on=data["repealed_on"], comment=data["comment"])
        return "已标记为已废止，仍然公开并显示废止标记。"

    return _item_action(request, pk, "repeal", RepealForm, "repeal", call)


@login_required
@require_POST
def item_reevaluate(request: HttpRequest, pk: int) -> HttpResponse:
    def call(item, data):
        services.reevaluate_item(
            item=item, actor=request.user, decision=data["decision"], next_on=data["next_on"], comment=data["comment"]
        )
        return "已记录复核结论。"

    return _item_action(request, pk, "reevaluate", ReevaluateForm, "reevaluate", call)


# --- rich-text editor uploads ----------------------------------------------------------


@require_POST
def editor_upload(request: HttpRequest) -> JsonResponse:
    """CKEditor 5's upload endpoint: signed-in drafters only (replaces the package's
    is_staff check, which would let any admin-site user upload and no drafter)."""
    if not (request.user.is_authenticated and perms.is_drafter(request.user)):
        return JsonResponse({"error": {"message": "您没有上传文件的权限。"}}, status=403)
    upload = request.FILES.get("upload")
    if upload is None:
        return JsonResponse({"error": {"message": "没有收到文件。"}}, status=400)
    problem = services.editor_upload_problem(name=upload.name, size=upload.size)  # before reading it
    if problem:
        return JsonResponse({"error": {"message": problem}}, status=400)
    try:
        stored = services.store_editor_upload(actor=request.user, name=upload.name, content=upload.read())
    except services.UploadRefused as exc:
        return JsonResponse({"error": {"message": str(exc)}}, status=400)
    return JsonResponse({"url": reverse("review:editor_file", args=[stored.stored_name])})


def editor_file(request: HttpRequest, name: str) -> HttpResponse:
    """Staff of the workflow see every upload; the public only those a published item uses."""
    upload = EditorUpload.objects.filter(stored_name=name).first()
    if upload is None:
        raise Http404("文件不存在")
    user = request.user
    staff = user.is_authenticated and (perms.is_drafter(user) or perms.is_reviewer(user))
    if not staff and not published_items().filter(body__contains=upload.get_absolute_url()).exists():
        raise Http404("文件不存在")
    inline = PurePath(name).suffix.lower().lstrip(".") in services.EDITOR_IMAGE_TYPES
    return file_response(
        upload.file, as_attachment=not inline, filename=upload.original_name, content_type=upload.content_type
    )
