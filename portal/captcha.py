"""A simple arithmetic question in Chinese, for forms that suspect a machine (the request
form, the sign-in page of an account under attack, the status lookup of a reference
under attack). The answer travels signed in the form; each token works once."""

from __future__ import annotations

import secrets

from django.core import signing
from django.core.cache import cache

NUMBERS = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
CAPTCHA_SALT = "requests.captcha"
MAX_AGE = 3600


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
        data = signing.loads(token or "", salt=CAPTCHA_SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return False
    answer = (answer or "").strip().translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if not answer.isdigit() or len(answer) > 3 or int(answer) != data.get("a"):
        return False
    # One use per token (with the cache down, a solved question is still a solved question).
    try:
        return cache.add(f"requests:captcha:{token[-24:]}", 1, MAX_AGE)
    except Exception:
        return True
