"""Who may do what with a request. Handlers are assigned per request (guardian object
permissions); the head of the disclosure office holds `approve_extension` globally."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from .models import InformationRequest

HANDLE = "requests_app.handle_request"
APPROVE_EXTENSION = "requests_app.approve_extension"
VIEW_IDENTITY = "requests_app.view_applicant_identity"


def _users_with_global(codename: str):
    User = get_user_model()
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(user_permissions__codename=codename, user_permissions__content_type__app_label="requests_app")
            | Q(groups__permissions__codename=codename, groups__permissions__content_type__app_label="requests_app")
        )
        .distinct()
    )


def heads():
    """The disclosure office's head(s): holders of approve_extension (superusers excluded)."""
    return _users_with_global("approve_extension").filter(is_superuser=False)


def handlers_for(request: InformationRequest) -> list:
    """The assigned handler, or everyone who may handle requests when none is assigned."""
    if request.handler_id and request.handler.is_active:
        return [request.handler]
    return list(_users_with_global("handle_request").filter(is_superuser=False))


def can_handle(user, request: InformationRequest | None = None) -> bool:
    if not user.is_authenticated:
        return False
    if user.has_perm(HANDLE) or user.has_perm(APPROVE_EXTENSION):
        return True
    return request is not None and user.has_perm("handle_request", request)


def can_view_queue(user) -> bool:
    return user.is_authenticated and (user.has_perm(HANDLE) or user.has_perm(APPROVE_EXTENSION))


def can_see_identity(user, request: InformationRequest) -> bool:
    """ID number, phone and address: only the assigned handler and the head."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.has_perm(APPROVE_EXTENSION) or user.has_perm(VIEW_IDENTITY):
        return True
    if request.handler_id == user.pk:
        return True
    return user.has_perm("view_applicant_identity", request)


def ensure_can_handle(user, request: InformationRequest | None = None) -> None:
    if not can_handle(user, request):
        raise PermissionDenied("您没有办理政府信息公开申请的权限")


def ensure_can_extend(user) -> None:
    if not (user.is_authenticated and user.has_perm(APPROVE_EXTENSION)):
        raise PermissionDenied("延期答复须经政府信息公开工作机构负责人批准（第三十三条）")
