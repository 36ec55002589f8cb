"""Who may sign off a reply that withholds information."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

APPROVE_HEAD = "requests_app.approve_extension"
REVIEW_RELEASE = "requests_app.review_reply_release"


def is_office_reviewer(user) -> bool:
    """The Office's confidentiality reviewer for what a reply releases (Art. 17)."""
    dept = getattr(user, "department", None)
    return bool(
        user.is_authenticated
        and user.is_active
        and dept is not None
        and dept.is_office
        and user.has_perm(REVIEW_RELEASE)
    )


def is_head(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm(APPROVE_HEAD))


def can_approve(user, draft, role: str) -> bool:
    if not user.is_authenticated or user.pk == draft.drafted_by_id:
        return False
    return is_head(user) if role == "head" else is_office_reviewer(user) if role == "office" else False


def ensure_can_approve(user, draft, role: str) -> None:
    if user.is_authenticated and user.pk == draft.drafted_by_id:
        raise PermissionDenied("拟稿人不能审批自己拟写的答复书")
    if role == "head" and not is_head(user):
        raise PermissionDenied("答复书须由政府信息公开工作机构负责人审批")
    if role == "office" and not is_office_reviewer(user):
        raise PermissionDenied("予以公开部分的保密审查须由办公室保密审查人员办理")
