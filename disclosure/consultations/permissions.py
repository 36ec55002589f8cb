"""Who sees what of a consultation. A comment's text may be read by any member of staff who
works on publication; the commenter's name and contact are personal data that only the
department that published the draft and the Office see (issue 13)."""

from django.core.exceptions import PermissionDenied

from portal.roles import holds_publication_role

PERM_EXPORT_IDENTITIES = "disclosure.export_comment_identities"


def _staff(user) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or (user.department_id and holds_publication_role(user)))
    )


def may_view(user) -> bool:
    """Staff in a role of the publication workflow (drafters and both reviews,
    portal.roles.PUBLICATION_ROLES) see consultations and the comments' texts."""
    return _staff(user)


def sees_identities(user, consultation) -> bool:
    if not _staff(user):
        return False
    if user.is_superuser:
        return True
    department = user.department
    return user.department_id == consultation.item.publisher_id or bool(department and department.is_office)


def may_handle(user, consultation) -> bool:
    """The department that published the draft answers the comments and writes the report."""
    return _staff(user) and (user.is_superuser or user.department_id == consultation.item.publisher_id)


def exports_identities(user, consultation) -> bool:
    """An export shows names and contacts only to those who see them on screen and hold the
    permission; everyone else's export is masked."""
    return sees_identities(user, consultation) and user.has_perm(PERM_EXPORT_IDENTITIES)


def ensure_may_view(user) -> None:
    if not may_view(user):
        raise PermissionDenied("您没有查看意见征集的权限")


def ensure_may_handle(user, consultation) -> None:
    if not may_handle(user, consultation):
        raise PermissionDenied("只有发布征求意见稿的部门可以处理本次意见征集")
