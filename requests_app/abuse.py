"""Spam and abuse controls of the public pages. None of them may lose a genuine request:
a suspicious submission is shown again, everything typed kept, with a question to answer.
The cache may be down (Redis outage): then the controls fail open, never the request."""

from __future__ import annotations

import logging
import secrets
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache

log = logging.getLogger(__name__)

NUMBERS = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
FORM_SALT = "requests.form.ts"
CAPTCHA_SALT = "requests.captcha"
HOUR = 3600


def conf(name: str) -> int:
    return int(settings.PORTAL.get(name, 0))


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR") or "0.0.0.0"


def _get(key: str, default=0):
    try:
        return cache.get(key, default)
    except Exception:
        log.warning("cache unavailable", exc_info=True)
        return default


def _incr(key: str, timeout: int) -> int:
    try:
        if cache.add(key, 1, timeout):
            return 1
        return cache.incr(key)
    except Exception:
        log.warning("cache unavailable", exc_info=True)
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


def submissions_from(ip: str) -> int:
    return int(_get(f"requests:form:ip:{ip}") or 0)


def count_submission(ip: str) -> None:
    _incr(f"requests:form:ip:{ip}", HOUR)


def new_captcha() -> tuple[str, str]:
    """(question in Chinese, signed token holding the answer)."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    if secrets.randbelow(2) and a > b:
        question, answer = f"{NUMBERS[a]}减{NUMBERS[b]}等于几？（请填写阿拉伯数字）", a - b
    else:
        question, answer = f"{NUMBERS[a]}加{NUMBERS[b]}等于几？（请填写阿拉伯数字）", a + b
    token = signing.dumps({"a": answer, "n": secrets.token_hex(4)}, salt=CAPTCHA_SALT)
    return question, token


def captcha_solved(token: str, answer: str) -> bool:
    try:
        data = signing.loads(token or "", salt=CAPTCHA_SALT, max_age=HOUR)
    except signing.BadSignature:
        return False
    answer = (answer or "").strip().translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if not answer.isdigit() or int(answer) != data.get("a"):
        return False
    # One use per token.
    try:
        return cache.add(f"requests:captcha:{token[-24:]}", 1, HOUR)
    except Exception:
        return True


# Status page: throttle guessing of (reference, query code).
LOOKUP_LIMIT = 10
LOOKUP_WINDOW = 15 * 60


def lookup_blocked(ip: str, reference: str) -> bool:
    return (int(_get(f"requests:lookup:ip:{ip}") or 0) >= LOOKUP_LIMIT
            or int(_get(f"requests:lookup:ref:{reference}") or 0) >= LOOKUP_LIMIT)


def lookup_failed(ip: str, reference: str) -> None:
    _incr(f"requests:lookup:ip:{ip}", LOOKUP_WINDOW)
    _incr(f"requests:lookup:ref:{reference}", LOOKUP_WINDOW)
