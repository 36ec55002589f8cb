"""Counters that stay unique under concurrency (one row per key)."""

from django.db import connection

from .models import Counter


def next_value(key: str) -> int:
    """Reserve and return the next value of counter `key` (1, 2, 3…).

    One statement (an upsert that increments and returns the value): the row lock lasts
    only as long as the caller's transaction. Called outside any transaction it is
    released at once, so a busy form does not queue on it; the values are then unique
    and increasing, and only a caller that fails after taking one leaves a gap."""
    q = connection.ops.quote_name
    table, k, v = q(Counter._meta.db_table), q("key"), q("value")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({k}, {v}) VALUES (%s, 1) "
            f"ON CONFLICT ({k}) DO UPDATE SET {v} = {table}.{v} + 1 RETURNING {v}",
            [key],
        )
        return int(cursor.fetchone()[0])
