"""Staff sign-in with a brake on password guessing."""

from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError

MAX_FAILURES = 5
LOCK_SECONDS = 15 * 60


def _keys(request, username: str) -> list[str]:
    ip = (request.META.get("REMOTE_ADDR") or "-") if request is not None else "-"
    return [f"login-fail:user:{username.strip().lower()}", f"login-fail:ip:{ip}"]


class ThrottledAuthenticationForm(AuthenticationForm):
    """After MAX_FAILURES failed sign-ins for one user name or from one address within
    LOCK_SECONDS, further attempts are refused without checking the password."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "用户名或密码不正确。请注意密码区分大小写。",
        "inactive": "该账号已停用，请联系管理员。",
        "locked": "登录失败次数过多，请 15 分钟后再试，或联系管理员。",
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        keys = _keys(self.request, username)
        try:
            failures = cache.get_many(keys)
        except Exception:  # a cache outage must not lock staff out
            failures = {}
        if any(n >= MAX_FAILURES for n in failures.values()):
            raise ValidationError(self.error_messages["locked"], code="locked")
        try:
            cleaned = super().clean()
        except ValidationError:
            self._count_failure(keys)
            raise
        try:
            cache.delete_many(keys[:1])
        except Exception:
            pass
        return cleaned

    @staticmethod
    def _count_failure(keys: list[str]) -> None:
        for key in keys:
            try:
                if not cache.add(key, 1, LOCK_SECONDS):
                    cache.incr(key)
            except Exception:
                pass
