"""A Redis cache that fails soft: the portal never answers 500 because Redis is stopped,
frozen or unreachable.

Every cached value in the portal can be recomputed, so on a Redis error a read returns
the caller's default (a miss) and a write is dropped. After one failure the cache is
bypassed for RETRY_AFTER seconds in this process (a circuit breaker), so a frozen Redis
costs one socket timeout now and then, not one per call. Counters (`add`, `incr`,
`decr`) raise `CacheUnavailable` instead: whether a counter that cannot be read should
let the caller through (abuse controls) or not is the caller's decision, and each caller
catches it.

Django's RedisCacheClient builds a new `redis.Redis` for every cache call, and redis-py
registers some 170 response callbacks in each constructor: on a cached public page that
was most of the time spent in Python. `ReusedClientRedisCacheClient` keeps one client per
connection pool (thread-safe; the pool reconnects after a fork, e.g. gunicorn --preload).
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.utils.functional import cached_property

log = logging.getLogger(__name__)

RETRY_AFTER = 10.0


class CacheUnavailable(Exception):
    """The cache could not be reached (or was recently unreachable)."""


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class FailSoftRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0
        self._breaker_lock = threading.Lock()

    @cached_property
    def _cache(self):
        return ReusedClientRedisCacheClient(self._servers, **self._options)

    # --- the breaker ------------------------------------------------------------------

    def is_down(self) -> bool:
        return time.monotonic() < self._down_until

    def _failed(self, operation: str, exc: BaseException) -> None:
        with self._breaker_lock:
            already = self.is_down()
            self._down_until = time.monotonic() + RETRY_AFTER
        if not already:
            log.warning("cache unavailable (%s: %s); bypassing it for %.0f s", operation, exc, RETRY_AFTER)

    def _soft(self, operation: str, default, func, *args, **kwargs):
        if self.is_down():
            return default
        try:
            return func(*args, **kwargs)
        except Exception as exc:  # redis errors, OSError, timeouts: all mean "no cache"
            self._failed(operation, exc)
            return default

    def _hard(self, operation: str, func, *args, **kwargs):
        if self.is_down():
            raise CacheUnavailable(operation)
        try:
            return func(*args, **kwargs)
        except ValueError:  # incr of a missing key: Django's contract, not an outage
            raise
        except Exception as exc:
            self._failed(operation, exc)
            raise CacheUnavailable(operation) from exc

    # --- reads degrade to a miss, writes are dropped ------------------------------------

    def get(self, key, default=None, version=None):
        return self._soft("get", default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self._soft("get_many", {}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._soft("has_key", False, super().has_key, key, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._soft("set", None, super().set, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._soft("set_many", list(data), super().set_many, data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._soft("touch", False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._soft("delete", False, super().delete, key, version)

    def delete_many(self, keys, version=None):
        return self._soft("delete_many", None, super().delete_many, keys, version)

    def clear(self):
        return self._soft("clear", False, super().clear)

    def get_or_set(self, key, default, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().get_or_set(key, default, timeout, version)
        except CacheUnavailable:
            return default() if callable(default) else default

    # --- counters: the caller decides -------------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._hard("add", super().add, key, value, timeout, version)

    def incr(self, key, delta=1, version=None):
        return self._hard("incr", super().incr, key, delta, version)

    def decr(self, key, delta=1, version=None):
        return self._hard("decr", super().decr, key, delta, version)
