"""Staff sign-in with a brake on password guessing (used by /staff/login/, and so by the
admin, whose own sign-in page sends people there)."""

from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError

from .captcha import captcha_solved, new_captcha
from .client import client_ip

MAX_FAILURES = 5
LOCK_SECONDS = 15 * 60


def _keys(request, username: str) -> tuple[str, str]:
    """(account key, address key); the address behind a trusted proxy is the client's."""
    ip = client_ip(request) if request is not None else "-"
    return f"login-fail:user:{username.strip().lower()}", f"login-fail:ip:{ip}"


def _failures(keys) -> tuple[int, int]:
    try:
        found = cache.get_many(list(keys))
    except Exception:  # a cache outage must not lock staff out
        found = {}
    return tuple(int(found.get(k) or 0) for k in keys)


class ThrottledAuthenticationForm(AuthenticationForm):
    """Failures are counted per account and per client address, for LOCK_SECONDS.

    - An address with MAX_FAILURES failures is refused without checking the password.
    - An account with MAX_FAILURES failures (from anywhere) can still be signed in to, but
      only after answering a question: whoever guesses at it cannot lock its owner out,
      and a script guessing from many addresses has to answer one question per guess."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "用户名或密码不正确。请注意密码区分大小写。",
        "inactive": "该账号已停用，请联系管理员。",
        "locked": "登录失败次数过多，请 15 分钟后再试，或联系管理员。",
        "captcha": "该账号近期登录失败次数较多，请回答下方的验证问题后再登录。",
        "captcha_wrong": "验证问题的答案不正确，请重新回答。",
    }

    captcha_question = None
    captcha_token = None

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        keys = _keys(self.request, username)
        account_failures, address_failures = _failures(keys)
        if address_failures >= MAX_FAILURES:
            raise ValidationError(self.error_messages["locked"], code="locked")
        if account_failures >= MAX_FAILURES:
            token = self.data.get("captcha_token", "")
            if not captcha_solved(token, self.data.get("captcha_answer", "")):
                self._ask_question()
                raise ValidationError(self.error_messages["captcha_wrong" if token else "captcha"], code="captcha")
        try:
            cleaned = super().clean()
        except ValidationError:
            self._count_failure(keys)
            if _failures(keys)[0] >= MAX_FAILURES:
                self._ask_question()
            raise
        try:
            cache.delete(keys[0])
        except Exception:
            pass
        return cleaned

    def _ask_question(self) -> None:
        self.captcha_question, self.captcha_token = new_captcha()

    @staticmethod
    def _count_failure(keys) -> None:
        for key in keys:
            try:
                if not cache.add(key, 1, LOCK_SECONDS):
                    cache.incr(key)
            except Exception:
                pass
