"""Who hears about a workflow event. Services queue these with `notify_on_commit`, so a
rolled-back decision tells nobody anything."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from disclosure.models import DisclosureItem
from portal.notifications import notify_users

from .choices import StepKind
from .models import ReviewStep
from .selectors import legal_reviewers, office_reviewers


def _item(item_id: int) -> DisclosureItem | None:
    return DisclosureItem.objects.select_related("created_by").filter(pk=item_id).first()


def notify_arrival(item_id: int, kind: str) -> None:
    """The queue's reviewers: an item has arrived for them."""
    item = _item(item_id)
    if item is None:
        return
    if kind == StepKind.CONFIDENTIALITY:
        users, queue = office_reviewers(), "保密审查"
    else:
        users, queue = legal_reviewers(), "公开属性认定"
    users = [u for u in users if u.pk != item.created_by_id]
    # The step this notice is about: the item's latest of this kind. Right after the
    # submission commits that is the new one; when several submissions commit together
    # (the demo loader), a notice about an earlier one follows the latest, so it shows
    # as done exactly when nothing of this kind waits any more.
    step = ReviewStep.objects.filter(item_id=item.pk, kind=kind).order_by("-created_at", "-id").first()
    notify_users(
        users=users,
        message=f"《{item.title}》已送达，等待{queue}。",
        url=reverse("review:item", args=[item.pk]),
        topic=f"review.step:{step.pk}" if step is not None else "",
    )


def notify_decision(item_id: int, message: str, extra_user_ids: tuple[int, ...] = ()) -> None:
    """The drafter on every decision, plus anyone else the service names."""
    item = _item(item_id)
    if item is None:
        return
    users = [item.created_by] if item.created_by_id else []
    if extra_user_ids:
        users += list(get_user_model().objects.filter(pk__in=extra_user_ids))
    notify_users(users=users, message=f"《{item.title}》：{message}", url=reverse("review:item", args=[item.pk]))
