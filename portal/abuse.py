"""Spam and abuse controls of the public pages. None of them may lose a genuine request:
a suspicious submission is shown again, everything typed kept, with a question to answer.
The cache may be down (Redis outage): then the controls fail open, never the request."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache

from .captcha import CAPTCHA_SALT, NUMBERS, captcha_solved, new_captcha  # noqa: F401 - re-exported
from .client import client_ip as portal_client_ip

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
RATE_NOTICE = "本网络地址一小时内提交的申请过多，请稍后再提交；您填写的内容已保留。也可通过信函、传真或当面提交申请。"
CAPTCHA_NOTICE = "为防止自动程序提交，请回答页面下方的验证问题后再次提交；您填写的内容已保留。"
CAPTCHA_WRONG = "验证问题的答案不正确，请重新回答"


@dataclass(frozen=True)
class Screening:
    """What the public form's defences decided about one POST."""

    ip: str
    may_store: bool  # the defences let it through (the form may still be invalid)
    need_captcha: bool
    notice: str = ""
    captcha_error: str = ""


def screen_submission(post, ip: str) -> Screening:
    """The policy of the public forms: a honeypot and a signed minimum fill time, a question
    after `REQUEST_CAPTCHA_AFTER` submissions an hour from one address, a refusal after
    `REQUEST_RATE_LIMIT_PER_HOUR`. The submission is counted before the decision (an atomic
    increment, so two racing posts both see it); the caller gives it back with
    `release_submission` unless the submission is stored. Fails open when the cache is down."""
    suspicious = bool(post.get("homepage")) or filled_too_fast(post.get("ts", ""))
    busy = claim_submission(ip)
    need_captcha = suspicious or busy >= conf("REQUEST_CAPTCHA_AFTER")
    token = post.get("captcha_token", "")
    if busy >= conf("REQUEST_RATE_LIMIT_PER_HOUR"):
        return Screening(ip=ip, may_store=False, need_captcha=need_captcha, notice=RATE_NOTICE)
    if need_captcha and not (token and captcha_solved(token, post.get("captcha_answer", ""))):
        return Screening(
            ip=ip,
            may_store=False,
            need_captcha=True,
            notice=CAPTCHA_NOTICE,
            captcha_error=CAPTCHA_WRONG if token else "",
        )
    return Screening(ip=ip, may_store=True, need_captcha=need_captcha)


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


@dataclass
class Lookup:
    """What a guarded lookup decided: the record `found`, or an error to show (with a
    question when one is asked next)."""

    found: object = None
    error: str = ""
    captcha_question: str | None = None
    captcha_token: str | None = None


def guarded_lookup(post, ip: str, key: str, *, noun: str, find) -> Lookup:
    """A number and query code opening one record on a public page (a request, a message),
    with guessing throttled: `find()` (the record when the code is right, else None) runs
    only when the address is not blocked and any question asked was answered; a failure
    counts against both the address and `key`. `noun` names the number in the messages (申请编号, 留言编号)."""
    state = lookup_state(ip, key)
    if state == LOOKUP_BLOCKED:
        return Lookup(error="查询失败次数过多，请15分钟后再试。")
    if state == LOOKUP_CAPTCHA and not captcha_solved(post.get("captcha_token", ""), post.get("captcha_answer", "")):
        question, token = new_captcha()
        error = (
            "验证问题的答案不正确，请重新回答。"
            if post.get("captcha_token")
            else f"该{noun}近期查询失败次数较多，请回答下方的验证问题后再次查询。"
        )
        return Lookup(error=error, captcha_question=question, captcha_token=token)
    record = find()
    if record is not None:
        return Lookup(found=record)
    lookup_failed(ip, key)
    result = Lookup(error=f"{noun}或查询码不正确。")
    if lookup_state(ip, key) == LOOKUP_CAPTCHA:
        result.captcha_question, result.captcha_token = new_captcha()
    return result
