"""Who may see and change the register. The Office keeps it (the `keep_concern_register`
permission held by a member of a department flagged 办公室); the department responsible
for an entry sees it and records what it did (the `view_concernentry` permission, for its
own entries only)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q

KEEP = "requests_app.keep_concern_register"
VIEW = "requests_app.view_concernentry"


def is_keeper(user) -> bool:
    if not (user.is_authenticated and user.is_active and user.has_perm(KEEP)):
        return False
    dept = getattr(user, "department", None)
    return user.is_superuser or (dept is not None and dept.is_office)


def is_department_handler(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.department_id and user.has_perm(VIEW))


def can_open_register(user) -> bool:
    return is_keeper(user) or is_department_handler(user)


def can_view(user, entry) -> bool:
    return is_keeper(user) or (is_department_handler(user) and user.department_id == entry.department_id)


def ensure_can_view(user, entry) -> None:
    if not can_view(user, entry):
        raise PermissionDenied("您没有查看该舆情的权限")


def ensure_keeper(user) -> None:
    if not is_keeper(user):
        raise PermissionDenied("舆情台账由办公室维护")


def ensure_can_act(user, entry) -> None:
    """Follow-ups and the milestones: the Office or the responsible department."""
    if not can_view(user, entry):
        raise PermissionDenied("只有办公室和责任部门可以记录该舆情的处置情况")


def _holders(perm: str):
    app_label, codename = perm.split(".")
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(user_permissions__codename=codename, user_permissions__content_type__app_label=app_label)
            | Q(groups__permissions__codename=codename, groups__permissions__content_type__app_label=app_label)
        )
        .distinct()
    )


def keepers() -> list:
    """The Office's keepers of the register (superusers are not sent reminders)."""
    return list(_holders(KEEP).filter(department__is_office=True, is_superuser=False))


def department_staff(department_id: int) -> list:
    return list(_holders(VIEW).filter(department_id=department_id, is_superuser=False))
