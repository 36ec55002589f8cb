"""Who may do what in the publication workflow.

Roles are Django permissions held by members of flagged departments: the Office
(is_office) does the confidentiality review, Legal Affairs (is_legal_affairs) the
attribute determination. Departments see and edit only their own items: each item gets
django-guardian object permissions for its department's group when it is created.
Superusers hold every role but are still bound by separation of duties."""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from guardian.shortcuts import assign_perm

from disclosure.models import DisclosureItem
from portal.models import Department

from .choices import Outcome, StepKind

PERM_DRAFT = "review.draft_items"
PERM_CONFIDENTIALITY = "review.confidentiality_review"
PERM_ATTRIBUTE = "review.attribute_review"
PERM_MANAGE = "review.manage_published"
OBJ_CHANGE = "disclosure.change_disclosureitem"
OBJ_VIEW = "disclosure.view_disclosureitem"
DEPARTMENT_GROUP_PREFIX = "部门："
# Step outcomes that clear a revision (a return, a finding of secrecy or a void clears nothing).
CLEARING_OUTCOMES = (Outcome.CLEARED, Outcome.PROACTIVE, Outcome.ON_REQUEST, Outcome.WITHHELD)


class SeparationOfDuties(PermissionDenied):
    """The same person may not draft and clear, nor give both clearances of one revision."""


def department_group(department: Department) -> Group:
    group, _ = Group.objects.get_or_create(name=f"{DEPARTMENT_GROUP_PREFIX}{department.code}")
    return group


def ensure_department_membership(user) -> None:
    """Keep the user in exactly their own department's group (guardian object permissions)."""
    if not user.is_authenticated:
        return
    current = department_group(user.department) if user.department_id else None
    stale = user.groups.filter(name__startswith=DEPARTMENT_GROUP_PREFIX)
    if current is not None:
        stale = stale.exclude(pk=current.pk)
    if stale.exists():
        user.groups.remove(*stale)
    if current is not None and not user.groups.filter(pk=current.pk).exists():
        user.groups.add(current)
    for cache in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        if hasattr(user, cache):
            delattr(user, cache)


def grant_department_access(item: DisclosureItem) -> None:
    group = department_group(item.publisher)
    assign_perm(OBJ_VIEW, group, item)
    assign_perm(OBJ_CHANGE, group, item)


def _in_role_department(user, flag: str) -> bool:
    if user.is_superuser:
        return True
    return bool(user.department_id and getattr(user.department, flag, False))


def is_drafter(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.department_id and user.has_perm(PERM_DRAFT))


def is_office_reviewer(user) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and user.has_perm(PERM_CONFIDENTIALITY)
        and _in_role_department(user, "is_office")
    )


def is_legal_reviewer(user) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and user.has_perm(PERM_ATTRIBUTE)
        and _in_role_department(user, "is_legal_affairs")
    )


def is_reviewer(user) -> bool:
    return is_office_reviewer(user) or is_legal_reviewer(user)


def can_manage_published(user) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and user.has_perm(PERM_MANAGE)
        and (_in_role_department(user, "is_office") or _in_role_department(user, "is_legal_affairs"))
    )


def may_open_workbench(user) -> bool:
    """Who may open the review workbench (/staff/review/)."""
    return is_drafter(user) or is_reviewer(user) or can_manage_published(user)


def can_edit(user, item: DisclosureItem) -> bool:
    """Drafters of the item's own department (guardian object permission)."""
    return is_drafter(user) and (user.is_superuser or user.has_perm(OBJ_CHANGE, item))


def can_view(user, item: DisclosureItem) -> bool:
    return (
        can_edit(user, item)
        or is_reviewer(user)
        or can_manage_published(user)
        or (user.is_authenticated and user.has_perm(OBJ_VIEW, item))
    )


def ensure_can_draft(user) -> None:
    if not is_drafter(user):
        raise PermissionDenied("您没有起草公开信息的权限")


def ensure_can_edit(user, item: DisclosureItem) -> None:
    if not can_edit(user, item):
        raise PermissionDenied("只有本部门的起草人员可以修改、提交该信息")


def ensure_can_view(user, item: DisclosureItem) -> None:
    if not can_view(user, item):
        raise PermissionDenied("您无权查看该信息")


def ensure_separation(user, item: DisclosureItem, kind: str) -> None:
    """Separation of duties per revision, whatever roles or superuser status the user holds:
    nobody clears what they drafted or edited since the item was last cleared, and nobody
    gives both clearances of one revision (seed plan 五(三); Art. 17)."""
    if item.created_by_id == user.pk:
        raise SeparationOfDuties("起草人不能审查自己起草的信息")
    if user.pk in (item.revision_editors or []):
        raise SeparationOfDuties("您修改过该信息的当前版本，不能审查自己修改的内容，请由其他人员审查")
    both = SeparationOfDuties("同一版本的保密审查和公开属性认定须由两个不同的人完成")
    if kind == StepKind.ATTRIBUTE and item.confidentiality_cleared_by_id == user.pk:
        raise both
    if kind == StepKind.CONFIDENTIALITY and item.attribute_determined_by_id == user.pk and item.attribute_revision:
        raise both
    other = StepKind.ATTRIBUTE if kind == StepKind.CONFIDENTIALITY else StepKind.CONFIDENTIALITY
    from .models import ReviewStep

    if (
        item.content_hash
        and ReviewStep.objects.filter(
            item_id=item.pk,
            kind=other,
            decided_by_id=user.pk,
            revision_hash=item.content_hash,
            outcome__in=CLEARING_OUTCOMES,
        ).exists()
    ):
        raise both


def ensure_can_decide(user, item: DisclosureItem, kind: str) -> None:
    """Role for the step, and separation of duties (seed plan 五(三); Art. 17)."""
    if kind == StepKind.CONFIDENTIALITY:
        if not is_office_reviewer(user):
            raise PermissionDenied("只有办公室的保密审查人员可以作出保密审查决定")
    elif not is_legal_reviewer(user):
        raise PermissionDenied("只有法制处的公开属性认定人员可以认定公开属性")
    ensure_separation(user, item, kind)


def ensure_can_reevaluate(user, item: DisclosureItem) -> None:
    if not is_legal_reviewer(user):
        raise PermissionDenied("只有法制处可以复核公开属性（条例第十八条）")
    if item.created_by_id == user.pk:
        raise SeparationOfDuties("起草人不能复核自己起草的信息")
    if user.pk in (item.revision_editors or []):
        raise SeparationOfDuties("您修改过该信息的当前版本，不能复核自己修改的内容")


def ensure_can_manage_published(user) -> None:
    if not can_manage_published(user):
        raise PermissionDenied("您没有撤回、废止已发布信息的权限")


ROLE_GROUPS = {
    "起草人员": ["draft_items"],
    "保密审查人员（办公室）": ["confidentiality_review", "manage_published"],
    "公开属性认定人员（法制处）": ["attribute_review", "manage_published"],
}


def ensure_role_groups() -> dict[str, Group]:
    """The role groups of the workflow, with their review permissions."""
    from django.contrib.auth.models import Permission

    groups = {}
    for name, codenames in ROLE_GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="review", codename__in=codenames))
        groups[name] = group
    return groups


DRAFTERS, OFFICE_REVIEWERS, LEGAL_REVIEWERS = ROLE_GROUPS
