"""What `portal.lookups` offers about published items (registered in DisclosureConfig.ready)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from portal.audit import record
from portal.lookups import DraftRef, PublishedRef

from .choices import ItemKind
from .item_links import workflow_link
from .models import DisclosureItem, Topic
from .selectors import published_items
from .signals import item_drafted


def _ref(item) -> PublishedRef:
    return PublishedRef(
        pk=item.pk, title=item.title, index_number=item.index_number or "", path=item.get_absolute_url(), kind=item.kind
    )


def search(query: str, limit: int, kind: str = "") -> list[PublishedRef]:
    qs = published_items()
    if kind:
        qs = qs.filter(kind=kind)
    if query:
        qs = qs.filter(title__icontains=query)
    return [_ref(i) for i in qs[:limit]]


def get(pk: int) -> PublishedRef | None:
    item = published_items().filter(pk=pk).first()
    return _ref(item) if item else None


# The catalogue topic a proposed item starts in, by kind.
PROPOSED_TOPICS = {ItemKind.RESPONSE: "interpretation", ItemKind.QA: "other"}


@transaction.atomic
def propose(*, kind, title, body, summary, publisher_id, created_by, source) -> DraftRef:
    """A draft item asked for by another app (portal.lookups.propose_item), filed under the
    topic its kind usually belongs to (the drafter may change it before submitting)."""
    from .services import save_content

    item = DisclosureItem(
        kind=kind,
        title=title[:300],
        summary=summary,
        body=body,
        publisher_id=publisher_id,
        created_by=created_by,
        formed_on=timezone.localdate(),
        topic=Topic.objects.filter(code=PROPOSED_TOPICS.get(kind, "other")).first(),
    )
    save_content(item=item)
    # The publishing department's drafters may then edit and submit it (as with the annual report).
    item_drafted.send(sender=DisclosureItem, item=item, actor=created_by)
    record(action="item.proposed", actor=created_by, target=item, data={"source": source})
    link = workflow_link(item)
    return DraftRef(pk=item.pk, staff_path=link.url if link else "")
