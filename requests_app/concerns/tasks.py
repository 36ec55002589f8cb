"""Thin Celery task for the hour timers (registered by RequestsAppConfig.ready())."""

from celery import shared_task

from .scan import scan_concerns


@shared_task(acks_late=True)
def scan_concern_timers() -> dict:
    return scan_concerns()
