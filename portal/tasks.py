from celery import shared_task

from . import reminders, scans
from .mail import MailNotSent, record_failure, send_or_raise

# A mail server that refuses: tried again after about 1, 2, 4, 8 and 16 minutes, then kept
# for the dashboard and the daily scan (portal.mail).
MAIL_RETRY = {
    "autoretry_for": (MailNotSent,),
    "max_retries": 5,
    "retry_backoff": 60,
    "retry_backoff_max": 3600,
    "retry_jitter": True,
}


@shared_task(bind=True, acks_late=True, **MAIL_RETRY)
def deliver_reminder(self, model_label: str, pk: int) -> bool:
    try:
        return reminders.deliver(model_label, pk)
    except MailNotSent as exc:
        if self.request.retries >= self.max_retries:
            reminders.give_up(model_label, pk, error=str(exc), attempts=self.request.retries + 1)
        raise


@shared_task(acks_late=True)
def deliver_reminders(model_label: str, pks: list[int]) -> int:
    """A batch queued by a large scan (`reminders.queue_deliveries`): each reminder is
    delivered as `deliver_reminder` would; one the mail server refuses gets its own
    `deliver_reminder` task, and with it that task's retries."""
    from .broker import publish

    sent = 0
    for pk in pks:
        try:
            sent += int(reminders.deliver(model_label, pk))
        except MailNotSent:
            publish(deliver_reminder, model_label, pk)
    return sent


@shared_task(bind=True, acks_late=True)
def run_daily_scan(self, on: str | None = None) -> dict:
    from datetime import date

    return scans.run_daily_scan(date.fromisoformat(on) if on else None)


@shared_task(bind=True, acks_late=True, **MAIL_RETRY)
def send_email(self, *, subject: str, body: str, to: list[str]) -> None:
    try:
        send_or_raise(subject=subject, body=body, to=to)
    except MailNotSent as exc:
        if self.request.retries >= self.max_retries:
            record_failure(
                subject=" ".join(subject.split()), body=body, to=to, error=str(exc), attempts=self.request.retries + 1
            )
        raise
