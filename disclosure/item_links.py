"""Where staff follow an item through publication. The app that runs the publication workflow
registers its page for an item in its AppConfig.ready(), the same way apps register staff menu
links with the kernel; disclosure's own pages (the annual report's workbench) link through
`workflow_link(item)` and so never name that app."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ItemLink:
    label: str
    url: str


_workflow: list[Callable[[object], ItemLink | None]] = []


def register_workflow_link(build: Callable[[object], ItemLink | None]) -> None:
    """`build(item)` returns the link to the item's workflow page, or None."""
    if build not in _workflow:
        _workflow.append(build)


def workflow_link(item) -> ItemLink | None:
    """The first registered workflow page for `item`; None when no workflow app is installed."""
    for build in _workflow:
        link = build(item)
        if link is not None:
            return link
    return None
