"""Gap-free counters that stay unique under concurrency (a row lock per key)."""

from django.db import transaction

from .models import Counter


def next_value(key: str) -> int:
    """Reserve and return the next value of counter `key` (1, 2, 3…)."""
    with transaction.atomic():
        Counter.objects.get_or_create(key=key)
        counter = Counter.objects.select_for_update().get(key=key)
        counter.value += 1
        counter.save(update_fields=["value"])
        return counter.value
