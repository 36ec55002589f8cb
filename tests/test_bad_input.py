"""Bad input is a 404 or 400, never a 500: every route of the URL conf, with NUL bytes,
over-long numbers and junk in each path parameter and in the query string, for an
anonymous visitor and for a superuser (who reaches every staff and admin view)."""

import re
from datetime import date

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from requests_app import services as request_services
from tests.disclosure.factories import published
from tests.portal.factories import SiteProfileFactory, UserFactory
from tests.requests_app.factories import APPLICANT

pytestmark = pytest.mark.django_db

BAD_NUMBERS = ["99999999999999999999", "9" * 400, "0"]
BAD_TEXT = ["%00", "a%00b", "99999999999999999999", "x" * 2000, "%FF%FE", "..%2F..%2Fetc"]
QUERY_KEYS = [
    "page",
    "q",
    "next",
    "cell",
    "year",
    "topic",
    "department",
    "validity",
    "sort",
    "channel",
    "status",
    "handler",
    "state",
    "kind",
    "o",
    "p",
    "e",
    "_changelist_filters",
    "all",
]
QUERY_VALUES = ["%00", "99999999999999999999", "-1", "%FF"]
PARAM = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>")


def routes(resolver=None, prefix=""):
    """Every route as a path template with <conv:name> parameters (regex routes with groups,
    i.e. the admin's app index and catch-all, are skipped: their values are enumerations)."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        pattern = entry.pattern
        if isinstance(pattern, RoutePattern):
            part = str(pattern)
        else:
            part = str(pattern).lstrip("^").rstrip("$").replace("\\", "")
            if "(" in part:
                continue
        if isinstance(entry, URLResolver):
            yield from routes(entry, prefix + part)
        elif isinstance(entry, URLPattern):
            yield "/" + prefix + part


def bad_paths():
    out = set()
    for route in routes():
        params = list(PARAM.finditer(route))
        if not params:
            continue
        for i, match in enumerate(params):
            values = BAD_NUMBERS if match["conv"] == "int" else BAD_TEXT
            for value in values:
                path = route
                for j, other in enumerate(params):
                    fill = value if i == j else ("1" if other["conv"] == "int" else "2026-00001")
                    path = path.replace(other.group(0), fill, 1)
                out.add(path)
    return sorted(out)


def plain_routes():
    return sorted({r for r in routes() if not PARAM.search(r)})


@pytest.fixture
def world():
    SiteProfileFactory()
    published(title="关于政府信息公开工作的通知")
    request_services.submit_request(data=APPLICANT, today=date(2026, 11, 20))
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def server_errors(client, paths, *, post=False):
    client.raise_request_exception = False
    failures = []
    for path in paths:
        for method in ["get", "post"] if post else ["get"]:
            response = getattr(client, method)(path)
            if response.status_code >= 500:
                failures.append(f"{method.upper()} {path[:120]} -> {response.status_code}")
    return failures


def assert_no_server_error(failures):
    assert not failures, "\n".join(failures)


def with_junk_queries(paths):
    for path in paths:
        for value in QUERY_VALUES:
            yield path + "?" + "&".join(f"{k}={value}" for k in QUERY_KEYS)


def test_the_generator_covers_the_url_conf():
    paths = bad_paths()
    assert any(p.startswith("/items/99999999999999999999/") for p in paths)
    assert any(p.startswith("/requests/status/%00/") for p in paths)
    assert any(p.startswith("/admin/") for p in paths)
    assert "/catalogue/" in plain_routes()


def test_bad_path_parameters_anonymous(client, world):
    assert_no_server_error(server_errors(client, bad_paths()))


def test_bad_path_parameters_superuser(client, world):
    client.force_login(world)
    assert_no_server_error(server_errors(client, bad_paths(), post=True))


def test_junk_query_strings(client, world):
    plain = [p for p in plain_routes() if "logout" not in p]
    assert_no_server_error(server_errors(client, with_junk_queries(plain)))
    client.force_login(world)
    assert_no_server_error(server_errors(client, with_junk_queries(plain)))


def test_nul_in_the_path_outside_parameters(client, world):
    assert (
        server_errors(client, ["/requests/status/%00/", "/catalogue/%00/", "/%00", "/items/1%00/", "/staff/%00/"]) == []
    )
