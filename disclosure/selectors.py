"""Reads of published content. Every public page, feed, sitemap, search and attachment
view starts from `published_items()`: nothing else can reach the public side."""

from django.db.models import QuerySet

from portal.public_cache import cached_for_generation

from .choices import State
from .models import Attachment, DisclosureItem

# Written for search only, and large: no page loads them.
SEARCH_COLUMNS = ("search_tokens", "search_vector", "search_title")


def published_items() -> QuerySet[DisclosureItem]:
    return (
        DisclosureItem.objects.filter(state=State.PUBLISHED)
        .select_related("publisher", "topic")
        .defer(*SEARCH_COLUMNS)
        .order_by("-published_at", "-id")
    )


# The columns the item page shows (the review trail, hashes and search columns it never
# does): about a third of the row, and the query compiles in half the time.
ITEM_PAGE_COLUMNS = (
    "kind",
    "title",
    "summary",
    "body",
    "formed_on",
    "document_number",
    "validity",
    "repealed_on",
    "report_year",
    "attribute",
    "disclosure_forms",
    "imported_at",
    "index_number",
    "published_at",
    "updated_at",
    "publisher__name",
    "publisher__code",
    "topic__code",
    "topic__name",
)
ATTACHMENT_COLUMNS = ("item_id", "name", "file", "size", "content_type")


def published_item_detail(pk: int) -> tuple[DisclosureItem, list[Attachment]]:
    """One published item and its attachments; raises DoesNotExist otherwise."""
    item = published_items().only(*ITEM_PAGE_COLUMNS).get(pk=pk)
    attachments = list(Attachment.objects.filter(item_id=item.pk).order_by("pk").only(*ATTACHMENT_COLUMNS))
    return item, attachments


def published_attachment(item_pk: int, attachment_pk: int) -> Attachment:
    return Attachment.objects.select_related("item").get(
        pk=attachment_pk, item_id=item_pk, item__in=published_items().values("pk")
    )


# The columns the public lists show (the body, the largest, never); imported_at marks the
# 历史导入 badge of each row.
CATALOGUE_COLUMNS = (
    "kind",
    "title",
    "validity",
    "formed_on",
    "published_at",
    "document_number",
    "index_number",
    "imported_at",
    "publisher",
    "publisher__name",
)
LIST_COLUMNS = (*CATALOGUE_COLUMNS, "summary")


def listed_items(keys, *, columns=LIST_COLUMNS) -> QuerySet[DisclosureItem]:
    """The rows of one page of a public list, by primary key, with only the listed columns."""
    return published_items().select_related(None).select_related("publisher").filter(pk__in=keys).only(*columns)


def catalogue_rows(keys) -> QuerySet[DisclosureItem]:
    return listed_items(keys, columns=CATALOGUE_COLUMNS)


def latest_items(*, kinds=None, exclude_kinds=None, limit: int) -> list[DisclosureItem]:
    """The most recently published items (home page), with only the listed columns."""
    items = published_items().select_related(None).select_related("publisher").only(*CATALOGUE_COLUMNS)
    if kinds is not None:
        items = items.filter(kind__in=kinds)
    if exclude_kinds is not None:
        items = items.exclude(kind__in=exclude_kinds)
    return list(items[:limit])


def catalogue_years() -> list[int]:
    """The years in which published items were formed, newest first; one scan per content
    generation instead of one per view."""
    return cached_for_generation(
        "catalogue-years",
        lambda: [d.year for d in published_items().order_by().dates("formed_on", "year", order="DESC")],
    )


def catalogue_choices() -> dict[str, list[tuple]]:
    """The catalogue filter's topics and active departments as (code, name, pk) rows,
    cached per content generation (both bump it when they change)."""
    from portal.models import Department

    from .models import Topic

    return cached_for_generation(
        "catalogue-choices",
        lambda: {
            "topics": list(Topic.objects.values_list("code", "name", "pk")),
            "departments": list(Department.objects.filter(is_active=True).values_list("code", "name", "pk")),
        },
    )
