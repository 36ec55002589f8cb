"""Staff pages of the register. Views parse input and call `concerns.services`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from . import forms, services
from .models import ConcernEntry
from .permissions import can_open_register, ensure_can_view, ensure_keeper, is_keeper
from .selectors import entry_follow_ups, entry_for_staff, entry_history, register_entries

HISTORY_LABELS = {
    "concern.registered": "登记",
    "concern.updated": "修改",
    "concern.milestone": "记录处置节点",
    "concern.response_drafted": "起草回应信息（送审）",
    "concern.response_linked": "关联回应信息",
    "concern.follow_up": "跟踪处置",
    "concern.closed": "办结",
}
FIELD_LABELS = {f: ConcernEntry._meta.get_field(f).verbose_name for f in services.EDITABLE}
PER_PAGE = 50


def _row_class(timers) -> str:
    """The queue's colours: overdue, or a limit within the hour."""
    if any(t.running and t.overdue for t in timers):
        return "overdue"
    return "due2" if any(t.due_soon for t in timers) else ""


@login_required
def concern_list(request: HttpRequest) -> HttpResponse:
    if not can_open_register(request.user):
        raise PermissionDenied("您没有查看舆情台账的权限")
    filters = forms.StateFilterForm(request.GET or None)
    state = (filters.cleaned_data["state"] or "open") if filters.is_valid() else "open"
    page = Paginator(register_entries(request.user, state=state), PER_PAGE).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [(e, timers, _row_class(timers)) for e in page.object_list for timers in [e.timers(now)]]
    return render(
        request,
        "requests_app/concerns/list.html",
        {
            "page": page,
            "rows": rows,
            "filters": filters,
            "state": state,
            "can_register": is_keeper(request.user),
            "now": now,
            "unit": "条",
        },
    )


@login_required
def concern_new(request: HttpRequest) -> HttpResponse:
    ensure_keeper(request.user)
    form = forms.EntryForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                entry = services.register_entry(actor=request.user, **form.cleaned_data)
            except services.ConcernRefused as exc:
                _add_error(form, exc)
            else:
                messages.success(request, f"已登记舆情 {entry.reference}")
                return redirect(entry.get_absolute_url())
        status = 400
    return render(request, "requests_app/concerns/form.html", {"form": form, "entry": None}, status=status)


def _entry(request: HttpRequest, pk: int) -> ConcernEntry:
    try:
        entry = entry_for_staff(pk)
    except ConcernEntry.DoesNotExist:
        raise Http404("没有这条舆情") from None
    ensure_can_view(request.user, entry)
    return entry


def _add_error(form, exc: services.ConcernRefused) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _history(entry: ConcernEntry) -> list[dict]:
    rows = []
    for ev in entry_history(entry):
        data = ev.data or {}
        detail = ""
        if ev.action == "concern.updated":
            detail = "；".join(
                f"{FIELD_LABELS.get(k, k)}：{old} → {new}" for k, (old, new) in data.get("changes", {}).items()
            )
        elif ev.action == "concern.milestone":
            detail = services.Milestone(data["milestone"]).label if data.get("milestone") else ""
        elif ev.action in ("concern.response_drafted", "concern.response_linked"):
            detail = data.get("title", "")
        elif ev.action in ("concern.follow_up", "concern.closed"):
            detail = data.get("note", "")
        rows.append(
            {"at": ev.at, "actor": ev.actor, "label": HISTORY_LABELS.get(ev.action, ev.action), "detail": detail}
        )
    return rows


def _action_forms(request: HttpRequest, entry: ConcernEntry, allowed, bound: dict) -> list[dict]:
    now_local = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    specs = [
        ("milestone", "记录发布权威信息或召开新闻发布会", lambda: forms.MilestoneForm(initial={"at": now_local})),
        (
            "draft_response",
            "起草回应关切信息（送审）",
            lambda: forms.DraftResponseForm(initial={"title": f"关于{entry.summary[:40]}的回应"}),
        ),
        (
            "response",
            "关联已发布的回应信息",
            lambda: forms.ResponseForm(item_query="", initial={"item": entry.response_draft_id}),
        ),
        ("follow_up", "记录跟踪处置情况", forms.FollowUpForm),
        ("close", "办结", forms.CloseForm),
    ]
    return [
        {"name": name, "title": title, "form": bound.get(name) or make()}
        for name, title, make in specs
        if name in allowed
    ]


def _detail(request: HttpRequest, entry: ConcernEntry, *, bound: dict | None = None, status: int = 200):
    allowed = services.allowed_actions(request.user, entry)
    now = timezone.now()
    return render(
        request,
        "requests_app/concerns/detail.html",
        {
            "entry": entry,
            "timers": entry.timers(now),
            "follow_ups": entry_follow_ups(entry),
            "history": _history(entry),
            "action_forms": _action_forms(request, entry, allowed, bound or {}),
            "can_edit": "edit" in allowed,
            "can_close": "close" in allowed,
        },
        status=status,
    )


@login_required
def concern_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _entry(request, pk))


@login_required
def concern_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk)
    if "edit" not in services.allowed_actions(request.user, entry):
        if not is_keeper(request.user):
            raise PermissionDenied("舆情台账由办公室维护")
        messages.error(request, f"舆情 {entry.reference} 已办结，不能再修改")
        return redirect(entry.get_absolute_url())
    initial = {f: getattr(entry, f) for f in services.EDITABLE}
    initial["noticed_at"] = timezone.localtime(entry.noticed_at).strftime("%Y-%m-%dT%H:%M")
    form = forms.EntryForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            changes = dict(form.cleaned_data)
            if changes["noticed_at"] == entry.noticed_at.replace(second=0, microsecond=0):
                del changes["noticed_at"]  # the form shows whole minutes: not a change
            try:
                services.update_entry(entry=entry, actor=request.user, **changes)
            except services.ConcernRefused as exc:
                _add_error(form, exc)
            else:
                messages.success(request, "已保存")
                return redirect(entry.get_absolute_url())
        status = 400
    return render(request, "requests_app/concerns/form.html", {"form": form, "entry": entry}, status=status)


def _do_milestone(request, entry, form):
    d = form.cleaned_data
    services.record_milestone(entry=entry, actor=request.user, milestone=d["milestone"], at=d["at"])
    return f"已记录：{services.Milestone(d['milestone']).label}"


def _do_draft_response(request, entry, form):
    d = form.cleaned_data
    services.propose_response(entry=entry, actor=request.user, title=d["title"], body=d["body"])
    return "已生成回应关切信息草稿，经保密审查和公开属性认定发布后，请在此关联"


def _do_response(request, entry, form):
    d = form.cleaned_data
    services.link_response(entry=entry, actor=request.user, item_pk=d["item"], published_at=d["published_at"])
    return "已关联回应信息"


def _do_follow_up(request, entry, form):
    services.add_follow_up(entry=entry, actor=request.user, note=form.cleaned_data["note"])
    return "已记录跟踪处置情况"


def _do_close(request, entry, form):
    services.close_entry(entry=entry, actor=request.user, note=form.cleaned_data["note"])
    return f"舆情 {entry.reference} 已办结"


ACTIONS = {
    "milestone": (forms.MilestoneForm, _do_milestone),
    "draft_response": (forms.DraftResponseForm, _do_draft_response),
    "response": (forms.ResponseForm, _do_response),
    "follow_up": (forms.FollowUpForm, _do_follow_up),
    "close": (forms.CloseForm, _do_close),
}


@login_required
@require_POST
def concern_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    entry = _entry(request, pk)
    form_class, do = ACTIONS[action]
    if form_class is forms.ResponseForm:
        form = form_class(request.POST, item_query=request.POST.get("item_query", ""))
        if "find_item" in request.POST:
            # Only narrow the list of published items; keep what was typed, judge nothing.
            form = form_class(initial=request.POST.dict(), item_query=request.POST.get("item_query", ""))
            return _detail(request, entry, bound={action: form})
    else:
        form = form_class(request.POST)
    if form.is_valid():
        try:
            done = do(request, entry, form)
        except services.ConcernRefused as exc:
            _add_error(form, exc)
        else:
            messages.success(request, done)
            return redirect(entry.get_absolute_url())
    return _detail(request, entry_for_staff(entry.pk), bound={action: form}, status=400)
