"""Response headers: a Content-Security-Policy on every page (strict on the public site,
inline styles allowed for CKEditor on staff pages only), a Permissions-Policy, and
Cache-Control: no-store where pages show staff work or one applicant's data."""

import pytest

from portal.middleware import PUBLIC_CSP, STAFF_CSP
from tests.portal.factories import SiteProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

PUBLIC = [
    "/",
    "/catalogue/",
    "/search/?q=预算",
    "/news/",
    "/guide/",
    "/sitemap/",
    "/contact/",
    "/requests/new/",
    "/requests/status/",
    "/no-such-page/",
]
STAFF = ["/staff/", "/staff/review/", "/staff/review/new/", "/staff/requests/", "/admin/", "/admin/login/"]


def directives(header: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.fixture
def admin_client(client):
    SiteProfileFactory()
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("path", PUBLIC)
def test_public_pages_carry_the_strict_policy(client, path):
    SiteProfileFactory()
    response = client.get(path)
    assert response["Content-Security-Policy"] == PUBLIC_CSP
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.parametrize("path", ["/", "/catalogue/", "/news/", "/requests/new/"])
def test_public_pages_have_no_inline_script_handler_or_style(client, path):
    """What the policy forbids is not in the markup either (the browser test also watches
    the console for violations)."""
    import re

    SiteProfileFactory()
    html = client.get(path).content.decode()
    assert re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>", html) == []
    assert re.findall(r"\son[a-z]+\s*=", html) == []
    assert " style=" not in html


@pytest.mark.parametrize("path", STAFF)
def test_staff_pages_carry_the_staff_policy_and_no_store(admin_client, path):
    response = admin_client.get(path)
    assert response.status_code in {200, 302}
    assert response["Content-Security-Policy"] == STAFF_CSP
    policy = directives(STAFF_CSP)
    assert policy["script-src"] == ["'self'"]  # CKEditor's needs are styles, never script
    assert "'unsafe-inline'" in policy["style-src"]
    assert "no-store" in response["Cache-Control"]
    assert "Permissions-Policy" in response


def test_a_status_page_is_not_stored_but_public_pages_may_be(client):
    SiteProfileFactory()
    assert "no-store" in client.get("/requests/status/")["Cache-Control"]
    assert "no-store" not in client.get("/catalogue/").get("Cache-Control", "")


def test_the_public_policy_allows_no_inline_style():
    assert "'unsafe-inline'" not in PUBLIC_CSP and "'unsafe-eval'" not in PUBLIC_CSP
