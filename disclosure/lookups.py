"""What `portal.lookups` offers about published items (registered in DisclosureConfig.ready)."""

from __future__ import annotations

from portal.lookups import PublishedRef

from .selectors import published_items


def _ref(item) -> PublishedRef:
    return PublishedRef(
        pk=item.pk, title=item.title, index_number=item.index_number or "", path=item.get_absolute_url()
    )


def search(query: str, limit: int) -> list[PublishedRef]:
    qs = published_items()
    if query:
        qs = qs.filter(title__icontains=query)
    return [_ref(i) for i in qs[:limit]]


def get(pk: int) -> PublishedRef | None:
    item = published_items().filter(pk=pk).first()
    return _ref(item) if item else None
