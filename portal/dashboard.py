"""Panels of the staff dashboard. Apps register a panel in AppConfig.ready(); the kernel
renders whatever is registered (it imports no app)."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest


@dataclass
class Panel:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


_providers: list[Callable[[HttpRequest], Panel | None]] = []


def register(provider: Callable[[HttpRequest], Panel | None]) -> None:
    if provider not in _providers:
        _providers.append(provider)


def panels_for(request: HttpRequest) -> list[Panel]:
    panels = [p for p in (provider(request) for provider in _providers) if p is not None]
    return sorted(panels, key=lambda p: p.order)
