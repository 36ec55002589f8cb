"""The receipt a public form hands back: the number and the query code shown once on the
"submitted" page, kept in a signed cookie in the applicant's own browser.

Not in the session: the office promises not to keep a query code in plain text, and a
session row would keep it on the server for the session's life; an anonymous citizen
would also get a session row (and lose the shared page cache, see public_cache) for
nothing. The cookie is signed (it cannot be forged or altered), HttpOnly, sent only to
the one page that shows it, and expires after RECEIPT_MAX_AGE."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

RECEIPT_MAX_AGE = 60 * 60


def _salt(name: str) -> str:
    return f"portal.receipts.{name}"


def hand_receipt(response: HttpResponse, *, name: str, data: dict, path: str) -> HttpResponse:
    """Put `data` (plain JSON values) on `response` for the page at `path` to show."""
    response.set_cookie(
        name,
        signing.dumps(data, salt=_salt(name), compress=True),
        max_age=RECEIPT_MAX_AGE,
        path=path,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def read_receipt(request: HttpRequest, *, name: str) -> dict | None:
    """The receipt handed back, or None when there is none, it expired or was altered."""
    value = request.COOKIES.get(name)
    if not value:
        return None
    try:
        data = signing.loads(value, salt=_salt(name), max_age=RECEIPT_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired included
        return None
    return data if isinstance(data, dict) else None


# --- what this browser has opened with a number and its query code -------------------------
# Kept in the session (the status pages need it for as long as the visitor stays), one list
# of record ids per kind of record (`name`).


def remember_opened(request: HttpRequest, *, name: str, pk: int) -> None:
    """The number and query code of record `pk` were right: this browser may see it."""
    opened = set(request.session.get(name, []))
    opened.add(pk)
    request.session[name] = sorted(opened)


def was_opened(request: HttpRequest, *, name: str, pk: int) -> bool:
    return pk in request.session.get(name, [])
