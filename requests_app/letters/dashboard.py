"""The sign-off panel of the staff dashboard: replies waiting for this user's approval."""

from portal.dashboard import Panel

from .permissions import is_head, is_office_reviewer
from .selectors import drafts_to_sign_off_by


def signoff_panel(request):
    user = request.user
    if not (is_head(user) or is_office_reviewer(user)):
        return None
    drafts = drafts_to_sign_off_by(user)
    return Panel(
        title="待我审批的答复书",
        template="requests_app/letters/_signoff_panel.html",
        order=11,
        context={"drafts": drafts},
    )
