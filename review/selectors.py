"""Reads of the workflow: queues, an item's history, deadlines, reminder recipients."""

from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from guardian.shortcuts import get_objects_for_user

from disclosure.choices import State
from disclosure.models import Attachment, DisclosureItem
from portal.audit import events_for
from portal.models import AuditEvent
from portal.workdays import add_workdays

from .choices import REEVALUATED, UNPUBLISHED_WORK, ReminderKind, StepKind, StepStatus
from .models import ItemReminder, Referral, ReviewStep
from .permissions import (
    OBJ_CHANGE,
    PERM_ATTRIBUTE,
    PERM_CONFIDENTIALITY,
    PERM_DRAFT,
    is_drafter,
    is_legal_reviewer,
    is_office_reviewer,
)
from .rules import ACTIONS, Action, ensure_allowed

ART26_WORKDAYS = 20


def art26_deadline(item: DisclosureItem) -> date | None:
    """Art. 26: within 20 working days of the day the information was formed or changed."""
    if item.formed_on is None:
        return None
    return add_workdays(item.formed_on, ART26_WORKDAYS)


# Items still on their way to publication: the Art. 26 clock runs for them. Not for one
# that is published, withdrawn, kept back (on request, withheld, secret).
IN_FLOW = (*UNPUBLISHED_WORK, State.SCHEDULED)


def art26_status(item: DisclosureItem, today: date) -> dict:
    """The Art. 26 deadline and whether it has passed, only for an item still in the flow."""
    if item.state not in IN_FLOW:
        return {"deadline": None, "overdue": False}
    deadline = art26_deadline(item)
    return {"deadline": deadline, "overdue": bool(deadline and deadline < today)}


def art26_overdue(item: DisclosureItem, deadline: date | None, *, today: date) -> bool:
    """The Art. 26 deadline has passed and the item is still in the flow (not published,
    withdrawn or kept back)."""
    return bool(deadline and deadline < today and item.state in IN_FLOW)


def _items() -> QuerySet[DisclosureItem]:
    return DisclosureItem.objects.select_related("publisher", "topic", "created_by")


def my_items(user) -> QuerySet[DisclosureItem]:
    """Items of the user's own department (guardian object permissions)."""
    if not is_drafter(user):
        return DisclosureItem.objects.none()
    qs = get_objects_for_user(user, OBJ_CHANGE, klass=_items(), accept_global_perms=False)
    return qs.order_by("-updated_at", "-id")


def workbench_items(user, *, state: str = "", department: int | None = None) -> QuerySet[DisclosureItem]:
    """The workbench list: the user's department's items (all of them for a superuser),
    filtered by state and publishing department."""
    qs = my_items(user)
    if state == "in_flow":
        qs = qs.filter(state__in=IN_FLOW)
    elif state:
        qs = qs.filter(state=state)
    if department:
        qs = qs.filter(publisher_id=department)
    return qs


def workbench_facets(user) -> dict:
    """Counts by state and the departments present, for the workbench's filters (two queries)."""
    from portal.models import Department

    mine = my_items(user)
    by_state = dict(mine.order_by().values_list("state").annotate(n=Count("pk")))
    departments = list(
        Department.objects.filter(pk__in=mine.order_by().values("publisher_id")).order_by("order", "code")
    )
    return {
        "total": sum(by_state.values()),
        "in_flow": sum(n for s, n in by_state.items() if s in IN_FLOW),
        "by_state": [(code, label, by_state[code]) for code, label in State.choices if by_state.get(code)],
        "departments": departments,
    }


@dataclass(frozen=True)
class Version:
    """One recorded revision of an item: 第N版, when, by whom; the hash only for a tooltip."""

    number: int
    hash: str
    at: datetime
    author: object | None

    @property
    def short_hash(self) -> str:
        return self.hash[:12]


VERSION_ACTIONS = ("review.item.created", "review.item.edited")


def item_versions(item: DisclosureItem) -> list[Version]:
    """Revisions in the order they were made, numbered from 1, from the audit log.

    Every audited change records the resulting content hash; other events carry the hash
    they concerned, which starts a version only for an item whose creation was not
    recorded here (imported or demo data)."""
    versions: list[Version] = []
    for event in item_history(item):
        revision = (event.data or {}).get("revision")
        if not revision or (versions and versions[-1].hash == revision):
            continue
        author = event.actor if event.action in VERSION_ACTIONS else None
        versions.append(Version(number=len(versions) + 1, hash=revision, at=event.at, author=author))
    return versions


def version_of(versions: list[Version], revision: str, at: datetime | None = None) -> Version | None:
    """The version holding `revision` (the latest one made by `at`, when given)."""
    found = None
    for v in versions:
        if at is not None and v.at > at:
            break
        if v.hash == revision:
            found = v
    return found


def _queue(kind: str) -> QuerySet[ReviewStep]:
    return (
        ReviewStep.objects.filter(kind=kind, status=StepStatus.PENDING, run__status="active")
        .select_related("item", "item__publisher", "item__created_by", "run", "run__submitted_by")
        .prefetch_related(Prefetch("referrals", queryset=Referral.objects.filter(answered_at__isnull=True)))
        .order_by("created_at", "id")
    )


def office_queue(user) -> QuerySet[ReviewStep]:
    if not is_office_reviewer(user):
        return ReviewStep.objects.none()
    return _queue(StepKind.CONFIDENTIALITY)


def legal_queue(user) -> QuerySet[ReviewStep]:
    if not is_legal_reviewer(user):
        return ReviewStep.objects.none()
    return _queue(StepKind.ATTRIBUTE)


def reevaluation_due(user, *, today: date) -> QuerySet[DisclosureItem]:
    if not is_legal_reviewer(user):
        return DisclosureItem.objects.none()
    return (
        _items()
        .filter(state__in=[State.ON_REQUEST, State.WITHHELD, State.SECRET], reevaluate_on__lte=today)
        .order_by("reevaluate_on", "id")
    )


def managed_items(user) -> QuerySet[DisclosureItem]:
    """Scheduled and published items, for whoever manages publication."""
    return _items().filter(state__in=[State.SCHEDULED, State.PUBLISHED]).order_by("-published_at", "-id")


def pending_step(item: DisclosureItem) -> ReviewStep | None:
    return (
        ReviewStep.objects.filter(item=item, status=StepStatus.PENDING, run__status="active")
        .select_related("run")
        .prefetch_related("referrals")
        .first()
    )


def allowed_actions(item: DisclosureItem, user, *, step: ReviewStep | None = None) -> dict[str, Action]:
    """What `user` may do with `item` now, asked of the one action table (rules.ACTIONS):
    the same checks the services make, so a page never offers what a service refuses.
    `step` is the item's pending step when the caller has already read it."""
    if not getattr(user, "is_authenticated", False):
        return {}
    if step is None:
        step = pending_step(item)
    allowed = {}
    for name, action in ACTIONS.items():
        if action.system:
            continue
        if action.step_kind and (step is None or step.kind != action.step_kind):
            continue
        try:
            ensure_allowed(name, item=item, actor=user, step=step if action.step_kind else None)
        except (PermissionDenied, ValidationError):
            continue
        allowed[name] = action
    return allowed


def open_referral(step: ReviewStep | None) -> Referral | None:
    if step is None:
        return None
    return Referral.objects.filter(step=step, answered_at__isnull=True).first()


def item_for_staff(pk: int) -> DisclosureItem:
    return _items().prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("pk"))).get(pk=pk)


def item_steps(item: DisclosureItem) -> QuerySet[ReviewStep]:
    return ReviewStep.objects.filter(item=item).select_related("decided_by", "run").order_by("created_at", "id")


def item_history(item: DisclosureItem) -> QuerySet[AuditEvent]:
    """Every recorded decision about the item, oldest first."""
    return events_for(item).order_by("at", "id")


def _users_with(perm: str, flag: str) -> list:
    app_label, codename = perm.split(".")
    perm_q = Q(user_permissions__codename=codename, user_permissions__content_type__app_label=app_label) | Q(
        groups__permissions__codename=codename, groups__permissions__content_type__app_label=app_label
    )
    return list(get_user_model().objects.filter(perm_q, is_active=True, **{f"department__{flag}": True}).distinct())


def office_reviewers() -> list:
    return _users_with(PERM_CONFIDENTIALITY, "is_office")


def legal_reviewers() -> list:
    return _users_with(PERM_ATTRIBUTE, "is_legal_affairs")


def department_drafters(item: DisclosureItem) -> list:
    app_label, codename = PERM_DRAFT.split(".")
    return list(
        get_user_model()
        .objects.filter(
            Q(user_permissions__codename=codename) | Q(groups__permissions__codename=codename),
            is_active=True,
            department_id=item.publisher_id,
        )
        .distinct()
    )


def reminder_recipients(reminder: ItemReminder) -> list:
    item = reminder.item
    if reminder.kind == ReminderKind.REEVALUATION:
        return legal_reviewers()
    users = [item.created_by] if item.created_by_id else department_drafters(item)
    if item.state in (State.CONFIDENTIALITY_REVIEW, State.REFERRED):
        users += office_reviewers()
    elif item.state == State.ATTRIBUTE_REVIEW:
        users += legal_reviewers()
    return users


def queue_counts(user, *, today: date) -> dict:
    counts = {}
    if is_drafter(user):
        mine = my_items(user)
        counts["drafts"] = mine.filter(state__in=[State.DRAFT, State.RETURNED, State.WITHDRAWN]).count()
        counts["in_review"] = mine.filter(
            state__in=[State.CONFIDENTIALITY_REVIEW, State.REFERRED, State.ATTRIBUTE_REVIEW]
        ).count()
    if is_office_reviewer(user):
        counts["office"] = office_queue(user).count()
        counts["referred"] = DisclosureItem.objects.filter(state=State.REFERRED).count()
    if is_legal_reviewer(user):
        counts["legal"] = legal_queue(user).count()
        counts["reevaluation"] = reevaluation_due(user, today=today).count()
    return counts


# --- whether a notice's work is done (portal.notifications.register_topic) -----------------


def open_steps(ids: list[str]) -> set[str]:
    """Review steps still waiting for their reviewer."""
    pks = [int(i) for i in ids if i.isdigit()]
    return {
        str(pk)
        for pk in ReviewStep.objects.filter(pk__in=pks, status=StepStatus.PENDING, run__status="active").values_list(
            "pk", flat=True
        )
    }


def open_item_reminders(ids: list[str]) -> set[str]:
    """Art. 26 reminders whose item is still in the flow; Art. 18 ones whose item still
    waits for its re-evaluation."""
    pks = [int(i) for i in ids if i.isdigit()]
    still = set()
    today = timezone.localdate()
    for r in ItemReminder.objects.filter(pk__in=pks).select_related("item"):
        item = r.item
        if r.kind == ReminderKind.REEVALUATION:
            waiting = item.state in REEVALUATED and item.reevaluate_on is not None and item.reevaluate_on <= today
        else:
            waiting = item.state in IN_FLOW
        if waiting:
            still.add(str(r.pk))
    return still
