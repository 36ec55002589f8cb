"""Crawl the demo site as every kind of user and fail on any 500 or any link to a 403/404.

The demo is loaded once for the module (inside one transaction that is rolled back at
the end). For the anonymous visitor and for each demo user the crawler follows every
internal link reachable by GET from the start pages, breadth-first and bounded. Links
whose path differs only in numbers (``/items/3/`` and ``/items/4/``) or in query values
are the same kind of page; a few of each kind are visited, so the crawl covers every
view without walking every row of the admin.
"""

import io
import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urldefrag, urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from portal.models import User

MAX_URLS_PER_USER = 400
SAME_KIND_LIMIT = 3
# Start pages per user; the admin also starts at /admin/.
START = ["/", "/staff/"]
# Never followed: they end the session, or they are the crawler's own reason to stop.
SKIP_PATHS = ("/staff/logout/", "/admin/logout/")
NOT_HTML = (
    "application/pdf",
    "application/octet-stream",
    "application/atom+xml",
    "application/json",
    "application/xml",
    "text/xml",
)
DEMO_USERS = ["admin", "bgs_reviewer", "fzc_reviewer", "zzb_drafter", "xfzx_drafter", "gk_handler", "gk_head"]


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"a", "link"} and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag in {"img", "script"} and attrs.get("src"):
            self.links.append(attrs["src"])
        elif tag == "form" and (attrs.get("method") or "get").lower() == "get" and attrs.get("action"):
            self.links.append(attrs["action"])


def _internal(base: str, href: str) -> str | None:
    href = href.strip()
    if not href or href.startswith(("mailto:", "tel:", "javascript:", "data:")):
        return None
    url, _ = urldefrag(urljoin(base, href))
    parts = urlsplit(url)
    if parts.scheme not in {"", "http", "https"} or parts.netloc not in {"", "testserver"}:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _kind(url: str) -> str:
    parts = urlsplit(url)
    keys = sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return re.sub(r"\d+", "N", parts.path) + "?" + "&".join(keys)


def crawl(client: Client, starts: list[str]) -> tuple[list[str], int]:
    """Return the problems found and the number of URLs fetched."""
    problems: list[str] = []
    queue: deque[tuple[str, str]] = deque((url, "(start)") for url in starts)
    seen: set[str] = set(starts)
    kinds: dict[str, int] = {}
    fetched = 0
    while queue and fetched < MAX_URLS_PER_USER:
        url, source = queue.popleft()
        response = client.get(url)
        fetched += 1
        if getattr(response, "streaming", False):
            # Consuming the stream closes it the way the test client expects (calling
            # close() directly would close the test's database connection).
            b"".join(response.streaming_content)
        status = response.status_code
        if status >= 500:
            problems.append(f"{status} {url} (linked from {source})")
            continue
        if status in {403, 404}:
            # A page must not offer a link that answers "not found" or "forbidden".
            problems.append(f"{status} {url} (linked from {source})")
            continue
        if status in {301, 302, 303, 307, 308}:
            targets = [response["Location"]]
        elif status == 200 and "text/html" in response.get("Content-Type", ""):
            if url.startswith("/static/"):
                continue
            parser = _Links()
            parser.feed(response.content.decode("utf-8", "replace"))
            targets = parser.links
        else:
            continue
        for href in targets:
            target = _internal(url, href)
            if target is None or target in seen or target.startswith(SKIP_PATHS):
                continue
            kind = _kind(target)
            if kinds.get(kind, 0) >= SAME_KIND_LIMIT:
                continue
            kinds[kind] = kinds.get(kind, 0) + 1
            seen.add(target)
            queue.append((target, url))
    return problems, fetched


@pytest.fixture(scope="module")
def demo_media(tmp_path_factory):
    return tmp_path_factory.mktemp("crawl-media")


@pytest.fixture(autouse=True)
def _demo_media(settings, demo_media):
    """The attachments the demo wrote stay readable in every test of the module."""
    settings.MEDIA_ROOT = demo_media


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, demo_media):
    """The demo data for every test of the module, rolled back afterwards."""
    from django.test import override_settings

    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=demo_media):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("load_demo", stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.mark.django_db
def test_anonymous_crawl(demo):
    problems, fetched = crawl(Client(), ["/", "/requests/new/", "/requests/status/", "/staff/login/"])
    assert fetched > 20
    assert problems == []


@pytest.mark.django_db
@pytest.mark.parametrize("username", DEMO_USERS)
def test_staff_crawl(demo, username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    starts = START + (["/admin/"] if username == "admin" else [])
    problems, fetched = crawl(client, starts)
    assert fetched > 10
    assert problems == []
