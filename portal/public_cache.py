"""Anonymous public pages served from the shared cache.

One generation counter names the current version of everything the public side shows.
Every committed change of public content bumps it (`bump_on_commit`, connected by the
apps that own the content), and a cached page carries the generation it was computed in
and is served only while that is still the current one (the two are read together, in
one round trip to the cache), so a page cached before a withdrawal is never served once
the withdrawal has committed. The bump runs after the commit: a request that reads the
new generation reads the committed data too (a bump before the commit could let a
concurrent request store the old content under the new generation).

Signed-in users never read or fill the cache, and their responses are marked private.
Every cache call is fail-soft: when the cache is down the page is computed as usual.
"""

import functools
import gzip
import hashlib
import logging
import re
import time
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import http_date

logger = logging.getLogger(__name__)

GENERATION_KEY = "public:generation"
PAGE_PREFIX = "public:page"
MAX_QUERY_STRING = 512  # longer query strings are computed, not cached (bounded key space)
# A stored page of at least this size is also stored gzipped, once, under its own key, and
# served so to the clients that accept it (every browser and crawler), each client reading
# only its own bytes: a sitemap page of 5,000 addresses is 440 KB as text and 14 KB
# compressed, and its bytes were the cost of serving it.
GZIP_MIN_BYTES = 1024
_COMPRESSIBLE = re.compile(r"^(text/|application/(xml|json|atom\+xml|feed\+json|rss\+xml))")
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")

# Set when a bump could not reach the cache: the next request this process serves
# retries it before reading anything from the cache.
_pending_bump = False

# Within one request the generation is read from the cache once (the middleware sets a
# fresh memo per request; a bump in the request clears it). Outside requests: no memo.
_request_memo: ContextVar[dict | None] = ContextVar("public_cache_memo", default=None)


def _seed() -> int:
    """A starting generation that no earlier counter reached (microseconds since the epoch),
    for when the counter is missing (a flushed or restarted cache)."""
    return time.time_ns() // 1000


def current_generation() -> int | None:
    """The current generation, or None when the cache cannot be reached."""
    memo = _request_memo.get()
    if memo is not None and "generation" in memo:
        return memo["generation"]
    generation = _read_generation()
    if memo is not None:
        memo["generation"] = generation
    return generation


def _read_generation() -> int | None:
    try:
        generation = cache.get(GENERATION_KEY)
        if generation is None:
            cache.add(GENERATION_KEY, _seed(), timeout=None)
            generation = cache.get(GENERATION_KEY)
        return generation
    except Exception:  # noqa: BLE001 - a cache outage must not break a public page
        logger.warning("public page cache unreachable; serving uncached")
        return None


def bump_generation() -> None:
    """Make every cached public page stale."""
    global _pending_bump
    memo = _request_memo.get()
    if memo is not None:
        memo.pop("generation", None)
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # the counter is missing: start from a fresh, never-used value
            if not cache.add(GENERATION_KEY, _seed(), timeout=None):
                cache.incr(GENERATION_KEY)
        _pending_bump = False
    except Exception:  # noqa: BLE001
        _pending_bump = True
        logger.error("could not invalidate the public page cache; retrying on the next request", exc_info=True)


def bump_on_commit() -> None:
    """Bump the generation once the current transaction commits (at once outside one).

    A transaction that saves several rows bumps several times: one INCR each, harmless."""
    transaction.on_commit(bump_generation, robust=True)


def content_changed(sender=None, **kwargs) -> None:
    """Signal receiver (post_save / post_delete) for models the public pages show.

    Bumps at once, so that the writing transaction itself reads fresh derived values
    (counts, year lists), and again on commit, so that nothing a concurrent request
    computed from the uncommitted state meanwhile survives the commit."""
    bump_generation()
    bump_on_commit()


def cached_for_generation(name: str, compute, *, timeout: int | None = None):
    """`compute()`, cached until the next content change (fail-soft: computed when the
    cache is down). For values derived from public content: counts, year lists."""
    generation = current_generation()
    if generation is None:
        return compute()
    key = f"public:derived:{generation}:{hashlib.sha256(name.encode('utf-8')).hexdigest()}"
    try:
        value = cache.get(key)
    except Exception:  # noqa: BLE001
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, timeout or settings.PUBLIC_PAGE_CACHE_SECONDS)
        except Exception:  # noqa: BLE001
            logger.warning("could not store a derived value in the cache", exc_info=True)
    return value


def _enabled() -> bool:
    return getattr(settings, "PUBLIC_PAGE_CACHE", False)


def _signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def _may_share(request: HttpRequest) -> bool:
    """A request that may read a shared page: no session (so nobody is signed in) and no
    message waiting to be shown (CookieStorage's cookie)."""
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and "messages" not in request.COOKIES


def _page_key(request: HttpRequest, *, day: str = "") -> str:
    where = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    if day:
        where = f"{day} {where}"
    digest = hashlib.sha256(where.encode("utf-8")).hexdigest()
    return f"{PAGE_PREFIX}:{digest}"


def _etag(content: bytes) -> str:
    return f'"{hashlib.md5(content, usedforsecurity=False).hexdigest()}"'


def _public_headers(response: HttpResponse, *, etag: str, last_modified: float) -> None:
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    # Browsers and proxies may keep the page but must ask again each time (a 304 is cheap),
    # so a withdrawal shows at once everywhere.
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)


# Headers recomputed on every response, never replayed from the cache.
NOT_REPLAYED = {"set-cookie", "date", "etag", "last-modified", "cache-control", "expires", "content-length"}


class PublicPageCacheMiddleware:
    """Serve and store the views listed in settings.PUBLIC_PAGE_CACHE_VIEWS for GET/HEAD
    requests that carry no session. Placed near the top of MIDDLEWARE (after the security
    and static-file middleware), so a hit skips sessions, CSRF and the view; the headers
    the inner middleware added to the stored response are replayed with it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _pending_bump:
            bump_generation()
        memo: dict = {}
        token = _request_memo.set(memo)
        generation = None
        try:
            key = self._key(request)
            if key is not None:
                generation, entry = self._lookup(request, key, memo)
                if entry is not None:
                    return self._replay(request, entry)
                if generation is None:  # the cache is unreachable: nothing to store either
                    key = None
            response = self.get_response(request)
        finally:
            _request_memo.reset(token)
        if _signed_in(request):
            # A staff page is never stored by a shared cache or the browser.
            if "public" in response.get("Cache-Control", ""):
                del response["Cache-Control"]
            add_never_cache_headers(response)
            return response
        if key is not None and self._storable(request, response):
            return self._store(request, response, key, generation)
        return response

    @staticmethod
    def _lookup(request: HttpRequest, key: str, memo: dict):
        """(the current generation, the stored page when it was computed in that generation)
        from one round trip; the generation is what the rest of the request uses."""
        variant = _variant_key(request, key)
        try:
            found = cache.get_many([GENERATION_KEY, variant])
        except Exception:  # noqa: BLE001
            found = {}
        generation = found.get(GENERATION_KEY)
        if generation is None:  # missing (a flushed cache: seeded here) or unreachable
            generation = _read_generation()
        memo["generation"] = generation
        entry = found.get(variant)
        if generation is None or entry is None or len(entry) < 7 or entry[6] != generation:
            return generation, None
        return generation, entry

    @staticmethod
    def _key(request: HttpRequest) -> str | None:
        if not _enabled() or request.method not in ("GET", "HEAD") or not _may_share(request):
            return None
        if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_STRING:
            return None
        view_name = _view_name(request.path_info, settings.ROOT_URLCONF)
        if view_name not in settings.PUBLIC_PAGE_CACHE_VIEWS:
            return None
        dated = view_name in getattr(settings, "PUBLIC_PAGE_CACHE_DATED_VIEWS", ())
        return _page_key(request, day=timezone.localdate().isoformat() if dated else "")

    @staticmethod
    def _store(request: HttpRequest, response: HttpResponse, key: str, generation: int) -> HttpResponse:
        content = response.content
        last_modified = time.time()
        headers = [(k, v) for k, v in response.items() if k.lower() not in NOT_REPLAYED]
        etag = _etag(content)
        compressed = _gzipped(response, content)
        # (bytes, replayed headers, ETag, Last-Modified, Content-Encoding, whether it varies,
        # the generation it was computed in)
        plain = (content, headers, etag, last_modified, "", compressed is not None, generation)
        packed = (
            plain
            if compressed is None
            else (compressed, headers, f'{etag[:-1]}-gzip"', last_modified, "gzip", True, generation)
        )
        try:
            cache.set_many({key: plain, f"{key}:gzip": packed}, settings.PUBLIC_PAGE_CACHE_SECONDS)
        except Exception:  # noqa: BLE001
            logger.warning("could not store a public page in the cache", exc_info=True)
        entry = packed if _accepts_gzip(request) else plain
        response.content = entry[0]
        return _conditional(request, response, entry)

    @staticmethod
    def _replay(request: HttpRequest, entry) -> HttpResponse:
        response = HttpResponse(entry[0])
        for name, value in entry[1]:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return _conditional(request, response, entry)

    @staticmethod
    def _storable(request: HttpRequest, response: HttpResponse) -> bool:
        """Only a complete 200 page that sets nothing per visitor."""
        if request.method != "GET" or response.status_code != 200 or response.streaming:
            return False
        if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            return False
        session = getattr(request, "session", None)
        if session is not None and session.modified:
            return False
        return "private" not in response.get("Cache-Control", "") and "no-store" not in response.get(
            "Cache-Control", ""
        )


@functools.lru_cache(maxsize=4096)
def _view_name(path: str, urlconf: str) -> str | None:
    """The view a path resolves to (None when it resolves to nothing), remembered per
    process: URL patterns do not change while it runs, and resolving is a fifth of the cost
    of a cache hit. `urlconf` is part of the key for tests that swap ROOT_URLCONF."""
    try:
        return resolve(path, urlconf).view_name
    except Resolver404:
        return None


def _gzipped(response: HttpResponse, content: bytes) -> bytes | None:
    """The page gzipped (deterministically: no timestamp), when that is worth storing."""
    if len(content) < GZIP_MIN_BYTES or response.has_header("Content-Encoding"):
        return None
    if not _COMPRESSIBLE.match(response.get("Content-Type", "")):
        return None
    compressed = gzip.compress(content, compresslevel=6, mtime=0)
    return compressed if len(compressed) < len(content) else None


def _accepts_gzip(request: HttpRequest) -> bool:
    return bool(_ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


def _variant_key(request: HttpRequest, key: str) -> str:
    return f"{key}:gzip" if _accepts_gzip(request) else key


def _conditional(request: HttpRequest, response: HttpResponse, entry) -> HttpResponse:
    """The stored representation with its validators (each representation its own ETag);
    304 when the client's copy is current."""
    etag, last_modified = entry[2], entry[3]
    if entry[4]:
        response["Content-Encoding"] = entry[4]
    if entry[5]:
        patch_vary_headers(response, ("Accept-Encoding",))
    response["Content-Length"] = str(len(response.content))
    _public_headers(response, etag=etag, last_modified=last_modified)
    return get_conditional_response(request, etag=etag, last_modified=int(last_modified), response=response)
