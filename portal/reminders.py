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
    from .broker import publish
    from .tasks import deliver_reminder

    if not publish(deliver_reminder, reminder._meta.label, reminder.pk):
        # Broker down: the row stays unsent and the next scan delivers it.
        log.warning("could not queue reminder %s; the next scan will deliver it", reminder.pk)


def queue_deliveries(reminders: list[BaseReminder]) -> None:
    """`queue_delivery` for many reminders of one model in one task (a scan that creates
    tens of thousands at once would otherwise spend most of its time publishing)."""
    from .broker import publish
    from .tasks import deliver_reminders

    if reminders and not publish(deliver_reminders, reminders[0]._meta.label, [r.pk for r in reminders]):
        log.warning("could not queue %d reminders; the next scan will deliver them", len(reminders))


def deliver(model_label: str, pk: int) -> bool:
    """Send one reminder exactly once. Returns True when this call sent it.

    The reminder is marked sent only once the mail server has accepted its e-mail: the
    row stays locked while the mail is handed over, and a refusal (MailNotSent) rolls back
    the in-app notes and leaves it unsent, for the task's retries and the daily scan."""
    from .mail import resolve_reminder_failures, send_or_raise

    model = apps.get_model(model_label)
    with transaction.atomic():
        reminder = model.objects.select_for_update().filter(pk=pk).first()
        if reminder is None or reminder.sent_at is not None:
            return False
        users = [u for u in dict.fromkeys(reminder.recipients()) if u is not None and u.is_active]
        message = reminder.message()
        Notification.objects.bulk_create(
            [
                Notification(recipient=u, message=message[:500], url=reminder.url(), topic=reminder.topic())
                for u in users
            ]
        )
        addresses = sorted({u.email for u in users if u.email})
        if addresses:
            send_or_raise(subject=f"【提醒】{message[:80]}", body=message, to=addresses)
        reminder.sent_at = timezone.now()
        reminder.save(update_fields=["sent_at"])
        resolve_reminder_failures(_key(model_label, pk))
    return True


def _key(model_label: str, pk: int) -> str:
    return f"{model_label}:{pk}"


def give_up(model_label: str, pk: int, *, error: str, attempts: int) -> None:
    """The retries are spent: keep the failure for the dashboard (the reminder stays unsent,
    so the daily scan tries again)."""
    from .mail import record_failure

    model = apps.get_model(model_label)
    reminder = model.objects.filter(pk=pk).first()
    if reminder is None or reminder.sent_at is not None:
        return
    users = [u for u in dict.fromkeys(reminder.recipients()) if u is not None and u.is_active]
    message = reminder.message()
    record_failure(
        subject=f"【提醒】{message[:80]}",
        body=message,
        to=sorted({u.email for u in users if u.email}),
        error=error,
        attempts=attempts,
        reminder=_key(model_label, pk),
    )


def reminder_models() -> list[type[BaseReminder]]:
    return [m for m in apps.get_models() if issubclass(m, BaseReminder)]


def deliver_pending() -> int:
    """Deliver every reminder still unsent (catch-up after an outage), and retry kept mail."""
    from .mail import MailNotSent, retry_failed_mail

    sent = 0
    for model in reminder_models():
        for pk in model.objects.filter(sent_at__isnull=True).order_by("pk").values_list("pk", flat=True):
            try:
                if deliver(model._meta.label, pk):
                    sent += 1
            except MailNotSent as exc:
                give_up(model._meta.label, pk, error=str(exc), attempts=1)
    retry_failed_mail()
    return sent
