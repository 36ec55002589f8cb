"""The audit log: services call `record` inside their own transaction."""

from typing import Any

from django.db import models

from .models import AuditEvent


def record(
    *, action: str, actor=None, target: models.Model | None = None, data: dict[str, Any] | None = None
) -> AuditEvent:
    target_type = target_id = target_repr = ""
    if target is not None:
        target_type = target._meta.label_lower
        target_id = str(target.pk)
        target_repr = str(target)[:300]
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        target_type=target_type,
        target_id=target_id,
        target_repr=target_repr,
        data=data or {},
    )


def events_for(target: models.Model):
    return AuditEvent.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk)).select_related(
        "actor"
    )
