"""Reads of published content. Every public page, feed, sitemap, search and attachment
view starts from `published_items()`: nothing else can reach the public side."""

from django.db.models import Prefetch, QuerySet

from .choices import State
from .models import Attachment, DisclosureItem


def published_items() -> QuerySet[DisclosureItem]:
    return (
        DisclosureItem.objects.filter(state=State.PUBLISHED)
        .select_related("publisher", "topic")
        .order_by("-published_at", "-id")
    )


def published_item_detail(pk: int) -> DisclosureItem:
    """One published item with its attachments; raises DoesNotExist otherwise."""
    return published_items().prefetch_related(
        Prefetch("attachments", queryset=Attachment.objects.order_by("pk"))
    ).get(pk=pk)


def published_attachment(item_pk: int, attachment_pk: int) -> Attachment:
    return Attachment.objects.select_related("item").get(
        pk=attachment_pk, item_id=item_pk, item__in=published_items().values("pk")
    )
