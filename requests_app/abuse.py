"""Spam and abuse controls of the public pages. None of them may lose a genuine request:
a suspicious submission is shown again, everything typed kept, with a question to answer.
The cache may be down (Redis outage): then the controls fail open, never the request."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache

from portal.captcha import CAPTCHA_SALT, NUMBERS, captcha_solved, new_captcha  # noqa: F401 - re-exported
from portal.client import client_ip as portal_client_ip

log = logging.getLogger(__name__)

FORM_SALT = "requests.form.ts"
HOUR = 3600


def conf(name: str) -> int:
    return int(settings.PORTAL.get(name, 0))


def client_ip(request) -> str:
    """The client's address (X-Forwarded-For only from a proxy in TRUSTED_PROXIES)."""
    return portal_client_ip(request)


def _get(key: str, default=0):
    try:
        return cache.get(key, default)
    except Exception as exc:  # the cache backend reports outages itself (portal/cache.py)
        log.info("abuse counter unavailable: %s", exc)
        return default


def _incr(key: str, timeout: int) -> int:
    try:
        if cache.add(key, 1, timeout):
            return 1
        return cache.incr(key)
    except Exception as exc:
        log.info("abuse counter unavailable: %s", exc)
        return 0


def form_timestamp() -> str:
    return signing.dumps(time.time(), salt=FORM_SALT)


def filled_too_fast(token: str) -> bool:
    """True when the form came back sooner than a person can fill it (or unsigned)."""
    try:
        started = signing.loads(token or "", salt=FORM_SALT, max_age=2 * 24 * HOUR)
    except signing.BadSignature:
        return True
    return time.time() - float(started) < conf("REQUEST_MIN_FILL_SECONDS")


def claim_submission(ip: str) -> int:
    """Count this submission before deciding on it (one atomic increment) and return how
    many came from `ip` in the hour before it. Two submissions at the same instant get
    different answers, so "a question after 3" cannot be passed twice by racing.
    0 when the cache is down (the controls fail open)."""
    n = _incr(f"requests:form:ip:{ip}", HOUR)
    return max(n - 1, 0)


def release_submission(ip: str) -> None:
    """Give back a claim whose submission was not stored (errors, a question to answer)."""
    try:
        cache.decr(f"requests:form:ip:{ip}")
    except Exception:  # expired, or the cache is down: nothing to give back
        pass


# Status page: throttle guessing of (reference, query code).
LOOKUP_LIMIT = 10
LOOKUP_WINDOW = 15 * 60


LOOKUP_OK, LOOKUP_CAPTCHA, LOOKUP_BLOCKED = "ok", "captcha", "blocked"


def lookup_state(ip: str, reference: str) -> str:
    """An address that failed too often is refused for a while; a reference that failed
    too often (from anywhere) asks a question first, so that guessing at one applicant's
    request cannot lock the applicant out."""
    if int(_get(f"requests:lookup:ip:{ip}") or 0) >= LOOKUP_LIMIT:
        return LOOKUP_BLOCKED
    if int(_get(f"requests:lookup:ref:{reference}") or 0) >= LOOKUP_LIMIT:
        return LOOKUP_CAPTCHA
    return LOOKUP_OK


def lookup_failed(ip: str, reference: str) -> None:
    _incr(f"requests:lookup:ip:{ip}", LOOKUP_WINDOW)
    _incr(f"requests:lookup:ref:{reference}", LOOKUP_WINDOW)
