"""The one reminder mechanism every app uses (requests, review, annual report, calendar).

A reminder is a row under a unique constraint (target, kind, due_on). `ensure_reminder`
inserts it at most once, even when two scans run at once; delivery locks the row and
sends only if `sent_at` is empty, so a redelivered task sends nothing twice. Rows left
unsent (broker or worker down) are delivered by the next scan (`deliver_pending`).
"""

import logging

from django.apps import apps
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import BaseReminder, Notification

log = logging.getLogger(__name__)


def ensure_reminder(model: type[BaseReminder], *, defaults: dict | None = None, **lookup) -> tuple[BaseReminder, bool]:
    """Create the reminder identified by `lookup` unless it exists; queue delivery on commit."""
    existing = model.objects.filter(**lookup).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            reminder = model.objects.create(**lookup, **(defaults or {}))
    except IntegrityError:
        return model.objects.get(**lookup), False
    transaction.on_commit(lambda: queue_delivery(reminder))
    return reminder, True


def queue_delivery(reminder: BaseReminder) -> None:
    from .tasks import deliver_reminder

    try:
        deliver_reminder.delay(reminder._meta.label, reminder.pk)
    except Exception:
        # Broker down: the row stays unsent and the next scan delivers it.
        log.warning("could not queue reminder %s; the next scan will deliver it", reminder.pk, exc_info=True)


def deliver(model_label: str, pk: int) -> bool:
    """Send one reminder exactly once. Returns True when this call sent it."""
    from .notifications import notify_on_commit, send_email_now

    model = apps.get_model(model_label)
    with transaction.atomic():
        reminder = model.objects.select_for_update().filter(pk=pk).first()
        if reminder is None or reminder.sent_at is not None:
            return False
        users = [u for u in dict.fromkeys(reminder.recipients()) if u is not None and u.is_active]
        message = reminder.message()
        Notification.objects.bulk_create(
            [Notification(recipient=u, message=message[:500], url=reminder.url(), topic=reminder.topic()) for u in users]
        )
        reminder.sent_at = timezone.now()
        reminder.save(update_fields=["sent_at"])
        addresses = sorted({u.email for u in users if u.email})
        if addresses:
            notify_on_commit(send_email_now, subject=f"【提醒】{message[:80]}", body=message, to=addresses)
    return True


def reminder_models() -> list[type[BaseReminder]]:
    return [m for m in apps.get_models() if issubclass(m, BaseReminder)]


def deliver_pending() -> int:
    """Deliver every reminder still unsent (catch-up after an outage)."""
    sent = 0
    for model in reminder_models():
        for pk in model.objects.filter(sent_at__isnull=True).order_by("pk").values_list("pk", flat=True):
            if deliver(model._meta.label, pk):
                sent += 1
    return sent
