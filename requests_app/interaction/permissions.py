"""Who may do what with a public message. The Office (holders of `manage_messages`) routes,
approves, returns, converts and chooses answers for publication; a department's answerers
(holders of `answer_messages` whose department the message is routed to) draft the answer.
The sender's name and contact are seen only by those two; exports mask them unless the user
holds `view_message_identity`."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from ..permissions import heads

MANAGE = "requests_app.manage_messages"
ANSWER = "requests_app.answer_messages"
VIEW_IDENTITY = "requests_app.view_message_identity"


def _holders(codename: str):
    User = get_user_model()
    return (
        User.objects.filter(is_active=True, is_superuser=False)
        .filter(
            Q(user_permissions__codename=codename, user_permissions__content_type__app_label="requests_app")
            | Q(groups__permissions__codename=codename, groups__permissions__content_type__app_label="requests_app")
        )
        .distinct()
    )


def office_clerks():
    return _holders("manage_messages")


def department_answerers(department_id: int):
    return _holders("answer_messages").filter(department_id=department_id)


def office_heads():
    """The head of the disclosure office (the requests' heads): escalation goes there."""
    return heads()


def is_office(user) -> bool:
    return user.is_authenticated and user.has_perm(MANAGE)


def answers_for(user, message) -> bool:
    """A member of the department the message is routed to, holding `answer_messages`."""
    return (
        user.is_authenticated
        and message.department_id is not None
        and user.department_id == message.department_id
        and user.has_perm(ANSWER)
    )


def can_view_queue(user) -> bool:
    return user.is_authenticated and (user.has_perm(MANAGE) or user.has_perm(ANSWER))


def can_view(user, message) -> bool:
    return is_office(user) or answers_for(user, message)


def can_see_identity(user, message) -> bool:
    """Name and contact: the Office and the handling department only."""
    return can_view(user, message)


def export_shows_identity(user) -> bool:
    return user.is_authenticated and user.has_perm(VIEW_IDENTITY)


def ensure_office(user) -> None:
    if not is_office(user):
        raise PermissionDenied("只有办公室的留言办理人员可以进行此项操作")


def ensure_can_answer(user, message) -> None:
    if not answers_for(user, message):
        raise PermissionDenied("只有承办部门的留言答复人员可以起草答复")


def ensure_can_view(user, message) -> None:
    if not can_view(user, message):
        raise PermissionDenied("您无权查看这条留言")
