"""Lookups that one app offers another without an import against the dependency
direction. `disclosure` registers how to find a published item; `requests_app` (which
may import only the kernel) asks here when a reply points the applicant to one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PublishedRef:
    pk: int
    title: str
    index_number: str
    path: str


_finders: dict[str, Callable] = {}


def register_published_items(
    *, search: Callable[[str, int], list[PublishedRef]], get: Callable[[int], PublishedRef | None]
) -> None:
    _finders["search"] = search
    _finders["get"] = get


def search_published(query: str = "", limit: int = 50) -> list[PublishedRef]:
    finder = _finders.get("search")
    return finder(query, limit) if finder else []


def published_item(pk: int) -> PublishedRef | None:
    finder = _finders.get("get")
    return finder(pk) if finder else None
