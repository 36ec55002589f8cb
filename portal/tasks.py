from celery import shared_task

from . import reminders, scans
from .notifications import send_email_now


@shared_task(bind=True, acks_late=True, max_retries=5, default_retry_delay=60)
def deliver_reminder(self, model_label: str, pk: int) -> bool:
    return reminders.deliver(model_label, pk)


@shared_task(bind=True, acks_late=True)
def run_daily_scan(self, on: str | None = None) -> dict:
    from datetime import date

    return scans.run_daily_scan(date.fromisoformat(on) if on else None)


@shared_task(bind=True, acks_late=True, max_retries=5, default_retry_delay=60)
def send_email(self, *, subject: str, body: str, to: list[str]) -> None:
    send_email_now(subject=subject, body=body, to=to)
