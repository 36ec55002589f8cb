"""Queueing a task without letting a broker outage reach the caller.

A stopped broker refuses at once, but a frozen one costs a socket timeout per publish;
after one failure this process stops trying for RETRY_AFTER seconds (the callers have a
fallback: mail is sent in-process, reminders wait for the next scan)."""

from __future__ import annotations

import logging
import threading
import time

log = logging.getLogger(__name__)

RETRY_AFTER = 30.0
_lock = threading.Lock()
_down_until = 0.0


def broker_down() -> bool:
    return time.monotonic() < _down_until


def publish(task, *args, **kwargs) -> bool:
    """`task.delay(*args, **kwargs)`; False (and nothing raised) when the broker is unreachable."""
    global _down_until
    if task.app.conf.task_always_eager:
        # Embedded mode: no broker, the task runs here. Its failure (eager errors propagate,
        # retries included) sends the caller to its fallback, as a broker outage would.
        try:
            task.delay(*args, **kwargs)
        except Exception:
            log.exception("task %s failed", task.name)
            return False
        return True
    if broker_down():
        return False
    try:
        task.delay(*args, **kwargs)
    except Exception as exc:  # connection refused, timeouts, kombu errors: all mean "not queued"
        with _lock:
            already = broker_down()
            _down_until = time.monotonic() + RETRY_AFTER
        if not already:
            log.warning("broker unavailable (%s); not trying again for %.0f s", exc, RETRY_AFTER)
        return False
    return True


def reset() -> None:
    global _down_until
    _down_until = 0.0
