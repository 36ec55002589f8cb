"""Lookups that one app offers another without an import against the dependency
direction. `disclosure` registers how to find a published item; `requests_app` (which
may import only the kernel) asks here when a reply points the applicant to one, and asks
for a draft item when something it holds is to be published (an answered message chosen for
publication, a response to public concern): the draft then passes both reviews like any
other item; nothing reaches the public by another door."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PublishedRef:
    pk: int
    title: str
    index_number: str
    path: str
    kind: str = ""


_finders: dict[str, Callable] = {}


def register_published_items(
    *, search: Callable[..., list[PublishedRef]], get: Callable[[int], PublishedRef | None]
) -> None:
    """`search(query, limit, kind="")` (kind: an item kind's value, "" for any) and `get(pk)`."""
    _finders["search"] = search
    _finders["get"] = get


def search_published(query: str = "", limit: int = 50, *, kind: str = "") -> list[PublishedRef]:
    finder = _finders.get("search")
    if finder is None:
        return []
    return finder(query, limit, kind=kind) if kind else finder(query, limit)


def published_item(pk: int) -> PublishedRef | None:
    finder = _finders.get("get")
    return finder(pk) if finder else None


@dataclass(frozen=True)
class DraftRef:
    """A draft item made at another app's request; `staff_path` is its workflow page."""

    pk: int
    staff_path: str


def register_item_drafter(propose: Callable[..., DraftRef]) -> None:
    _finders["propose"] = propose


def propose_item(
    *, kind: str, title: str, body: str, publisher_id: int, created_by, source: str, summary: str = ""
) -> DraftRef:
    """Create a draft disclosure item of `kind` (body sanitised, search index written, an audit
    event naming `source`, e.g. "message:Z2026-00001"). Raises RuntimeError when no app that
    holds published content is installed."""
    propose = _finders.get("propose")
    if propose is None:
        raise RuntimeError("no app offers disclosure items")
    return propose(
        kind=kind,
        title=title,
        body=body,
        summary=summary,
        publisher_id=publisher_id,
        created_by=created_by,
        source=source,
    )
