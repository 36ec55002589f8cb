"""State changes of the register. Each checks permission and legality, saves, writes its
audit event in the same transaction and notifies on commit (国办发〔2016〕61号: the
department concerned is the first responsible body; the Office keeps the register)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from portal.audit import record
from portal.html import sanitize
from portal.lookups import PublishedRef, propose_item, published_item
from portal.notifications import notify_users
from portal.sequences import next_value

from .choices import ConcernCategory, ConcernLevel, ConcernState, Milestone
from .models import ConcernEntry, ConcernFollowUp
from .permissions import department_staff, ensure_can_act, ensure_keeper

# The kind of disclosure item that answers public concern (disclosure's ItemKind.RESPONSE,
# named by value: requests_app does not import disclosure).
RESPONSE_KIND = "response"

EDITABLE = ("noticed_at", "source", "source_url", "summary", "category", "level", "department")
# What may be done to an entry in each state (the templates ask `allowed_actions`).
ACTIONS_BY_STATE: dict[str, frozenset[str]] = {
    ConcernState.OPEN: frozenset({"edit", "milestone", "draft_response", "response", "follow_up", "close"}),
    ConcernState.CLOSED: frozenset(),
}
KEEPER_ONLY = frozenset({"edit", "draft_response", "response", "close"})


class ConcernRefused(Exception):
    """A change the register cannot take; `message` says why, `field` which input."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def _require_open(entry: ConcernEntry) -> None:
    if not entry.is_open:
        raise ConcernRefused(f"舆情 {entry.reference} 已办结，不能再修改")


def _check_time(at: datetime, *, field: str, not_before: datetime | None = None, label: str) -> None:
    if at > timezone.now() + timedelta(minutes=1):
        raise ConcernRefused(f"{label}不能晚于当前时间", field)
    if not_before is not None and at < not_before:
        raise ConcernRefused(f"{label}不能早于发现时间（{timezone.localtime(not_before):%Y-%m-%d %H:%M}）", field)


def _locked(entry: ConcernEntry) -> ConcernEntry:
    return ConcernEntry.objects.select_for_update().select_related("department").get(pk=entry.pk)


def _notify_department(entry: ConcernEntry, *, actor, message: str) -> None:
    users = [u for u in department_staff(entry.department_id) if u.pk != getattr(actor, "pk", None)]
    notify_users(
        users=users, message=message, url=entry.get_absolute_url(), topic=f"requests_app.concernentry:{entry.pk}"
    )


@transaction.atomic
def register_entry(
    *,
    actor,
    noticed_at: datetime,
    source: str,
    summary: str,
    category: str,
    level: str,
    department,
    source_url: str = "",
) -> ConcernEntry:
    """The Office enters a concern it noticed and names the department responsible."""
    ensure_keeper(actor)
    _check_time(noticed_at, field="noticed_at", label="发现时间")
    year = timezone.localtime(noticed_at).year
    entry = ConcernEntry.objects.create(
        reference=f"YQ{year}-{next_value(f'concern:{year}'):03d}",
        noticed_at=noticed_at,
        source=source.strip(),
        source_url=source_url.strip(),
        summary=summary.strip(),
        category=category,
        level=level,
        department=department,
        created_by=actor,
    )
    record(
        action="concern.registered",
        actor=actor,
        target=entry,
        data={"level": level, "category": category, "department": department.name, "noticed_at": noticed_at},
    )
    _notify_department(
        entry,
        actor=actor,
        message=f"办公室交办舆情 {entry.reference}（{entry.get_level_display()}）：{entry.summary[:60]}",
    )
    return entry


def _shown(name: str, value) -> str:
    """A field's value as the history shows it (labels, China time)."""
    if isinstance(value, datetime):
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"
    choices = {"category": ConcernCategory, "level": ConcernLevel}.get(name)
    if choices is not None and value in choices.values:
        return str(choices(value).label)
    return str(value)


@transaction.atomic
def update_entry(*, entry: ConcernEntry, actor, **changes) -> ConcernEntry:
    """Correct or reassess an open entry (level, category, department, when noticed)."""
    ensure_keeper(actor)
    entry = _locked(entry)
    _require_open(entry)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if "noticed_at" in changes:
        _check_time(changes["noticed_at"], field="noticed_at", label="发现时间")
        earliest = min(
            (t for t in (entry.authoritative_info_at, entry.press_conference_at, entry.response_published_at) if t),
            default=None,
        )
        if earliest is not None and changes["noticed_at"] > earliest:
            raise ConcernRefused("发现时间不能晚于已记录的权威信息发布、新闻发布会或回应时间", "noticed_at")
    diff = {}
    old_department = entry.department
    for name, value in changes.items():
        if isinstance(value, str):
            value = value.strip()
        old = getattr(entry, name)
        if old != value:
            diff[name] = [_shown(name, old), _shown(name, value)]
            setattr(entry, name, value)
    if not diff:
        return entry
    entry.save(update_fields=[("department" if n == "department" else n) for n in diff])
    record(action="concern.updated", actor=actor, target=entry, data={"changes": diff})
    if entry.department_id != old_department.pk:
        _notify_department(entry, actor=actor, message=f"舆情 {entry.reference} 改由本部门负责：{entry.summary[:60]}")
    return entry


MILESTONE_FIELDS = {
    Milestone.AUTHORITATIVE_INFO: "authoritative_info_at",
    Milestone.PRESS_CONFERENCE: "press_conference_at",
}


@transaction.atomic
def record_milestone(*, entry: ConcernEntry, actor, milestone: str, at: datetime) -> ConcernEntry:
    """Authoritative information released (80号: within 5 hours) or the press conference
    held (61号: within 24 hours); the time it happened, which may be earlier than now."""
    if milestone not in MILESTONE_FIELDS:
        raise ConcernRefused("请选择要记录的事项", "milestone")
    ensure_can_act(actor, entry)
    entry = _locked(entry)
    _require_open(entry)
    label = Milestone(milestone).label
    _check_time(at, field="at", not_before=entry.noticed_at, label=f"{label}时间")
    field = MILESTONE_FIELDS[milestone]
    previous = getattr(entry, field)
    setattr(entry, field, at)
    entry.save(update_fields=[field])
    record(
        action="concern.milestone",
        actor=actor,
        target=entry,
        data={"milestone": milestone, "at": at, "previous": previous},
    )
    return entry


def response_ref(item_pk: int) -> PublishedRef | None:
    """The published 回应关切 item `item_pk`, or None."""
    ref = published_item(item_pk)
    return ref if ref is not None and ref.kind == RESPONSE_KIND else None


@transaction.atomic
def link_response(*, entry: ConcernEntry, actor, item_pk: int, published_at: datetime | None = None) -> ConcernEntry:
    """The response is a 回应关切 item that passed both reviews and is published; the
    register keeps its number, title and address, and when it was published."""
    ensure_keeper(actor)
    entry = _locked(entry)
    _require_open(entry)
    ref = response_ref(item_pk)
    if ref is None:
        raise ConcernRefused("请选择一条已发布的“回应关切”信息（须经保密审查和公开属性认定后发布）", "item")
    published_at = published_at or timezone.now()
    _check_time(published_at, field="published_at", not_before=entry.noticed_at, label="发布回应时间")
    entry.response_item_id = ref.pk
    entry.response_title = ref.title[:300]
    entry.response_path = ref.path[:300]
    entry.response_published_at = published_at
    entry.save(update_fields=["response_item_id", "response_title", "response_path", "response_published_at"])
    record(
        action="concern.response_linked",
        actor=actor,
        target=entry,
        data={"item": ref.pk, "title": ref.title, "index_number": ref.index_number, "published_at": published_at},
    )
    return entry


def _paragraphs(text: str) -> str:
    from django.utils.html import escape

    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)


@transaction.atomic
def propose_response(*, entry: ConcernEntry, actor, title: str, body: str) -> ConcernEntry:
    """Ask for a draft 回应关切 item in the responsible department's name. It reaches the
    public only through both reviews (Art. 17 confidentiality review, then the attribute
    determination); once published it is linked here with `link_response`."""
    ensure_keeper(actor)
    entry = _locked(entry)
    _require_open(entry)
    if entry.response_draft_id is not None or entry.has_response:
        raise ConcernRefused("该舆情已有回应信息草稿或已关联回应信息")
    title, body = title.strip(), body.strip()
    if not title:
        raise ConcernRefused("请填写回应信息的标题", "title")
    if not body:
        raise ConcernRefused("请填写回应信息的正文", "body")
    ref = propose_item(
        kind=RESPONSE_KIND,
        title=title,
        body=sanitize(_paragraphs(body)),
        publisher_id=entry.department_id,
        created_by=actor,
        source=f"concern:{entry.reference}",
    )
    entry.response_draft_id = ref.pk
    entry.response_draft_path = ref.staff_path[:300]
    entry.save(update_fields=["response_draft_id", "response_draft_path"])
    record(action="concern.response_drafted", actor=actor, target=entry, data={"item": ref.pk, "title": title})
    return entry


@transaction.atomic
def add_follow_up(*, entry: ConcernEntry, actor, note: str) -> ConcernFollowUp:
    """What was done next (61号: keep publishing authoritative information as work proceeds)."""
    ensure_can_act(actor, entry)
    entry = _locked(entry)
    _require_open(entry)
    note = note.strip()
    if not note:
        raise ConcernRefused("请填写处置情况", "note")
    follow_up = ConcernFollowUp.objects.create(entry=entry, note=note, actor=actor)
    record(action="concern.follow_up", actor=actor, target=entry, data={"follow_up": follow_up.pk, "note": note})
    return follow_up


@transaction.atomic
def close_entry(*, entry: ConcernEntry, actor, note: str = "") -> ConcernEntry:
    """Close an entry once its response is published (a 回应关切 item is linked)."""
    ensure_keeper(actor)
    entry = _locked(entry)
    _require_open(entry)
    if not entry.has_response:
        raise ConcernRefused("须先关联已发布的“回应关切”信息，才能办结该舆情")
    entry.state = ConcernState.CLOSED
    entry.closed_at = timezone.now()
    entry.closed_by = actor
    entry.save(update_fields=["state", "closed_at", "closed_by"])
    record(action="concern.closed", actor=actor, target=entry, data={"note": note.strip()})
    return entry


def allowed_actions(user, entry: ConcernEntry) -> frozenset[str]:
    """The actions `user` may take on `entry` now (the detail page shows only these)."""
    from .permissions import can_view, is_keeper

    if not can_view(user, entry):
        return frozenset()
    actions = ACTIONS_BY_STATE.get(entry.state, frozenset())
    if entry.response_draft_id is not None or entry.has_response:
        actions = actions - {"draft_response"}
    return actions if is_keeper(user) else actions - KEEPER_ONLY
