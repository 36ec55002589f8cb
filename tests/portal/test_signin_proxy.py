"""Sign-in and status-lookup throttles that a proxy cannot turn into a lockout, and an admin
sign-in that is no way around them."""

from datetime import date

import pytest
from django.core import signing

from portal import abuse
from portal.captcha import CAPTCHA_SALT
from portal.client import client_ip
from requests_app import services
from tests.portal.factories import UserFactory
from tests.requests_app.factories import APPLICANT

pytestmark = pytest.mark.django_db
PROXY = "10.0.0.1"
ATTACKER = "203.0.113.5"
STAFF_PC = "198.51.100.7"


def login(client, username, password, *, via=None, remote="127.0.0.1", url="/staff/login/", **extra):
    meta = {"REMOTE_ADDR": remote}
    if via:
        meta["HTTP_X_FORWARDED_FOR"] = via
    return client.post(url, {"username": username, "password": password, **extra}, **meta)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def answer(token: str) -> str:
    return str(signing.loads(token, salt=CAPTCHA_SALT)["a"])


def test_admin_brute_force_is_refused(client):
    UserFactory(username="root", is_staff=True, is_superuser=True)
    for _ in range(30):
        login(client, "root", "wrong", url="/admin/login/")
        login(client, "root", "wrong", url="/admin/login/?next=/admin/")
    assert not signed_in(client)
    # The admin's page checks no password at all: it sends people to the staff sign-in.
    r = login(client, "root", "pass-12345", url="/admin/login/?next=/admin/")
    assert r.status_code == 302 and r["Location"].startswith("/staff/login/?next=/admin/")
    assert not signed_in(client)
    for _ in range(30):
        login(client, "root", "wrong", url="/staff/login/?next=/admin/")
    r = login(client, "root", "pass-12345", url="/staff/login/?next=/admin/")
    assert "登录失败次数过多" in r.content.decode() and not signed_in(client)


def test_admin_reachable_after_staff_sign_in(client):
    UserFactory(username="root", is_staff=True, is_superuser=True)
    assert client.get("/admin/").url.startswith("/admin/login/")
    r = client.get("/admin/login/?next=/admin/portal/")
    assert r["Location"] == "/staff/login/?next=/admin/portal/"
    assert client.get("/admin/login/?next=https://evil.example/")["Location"] == "/staff/login/?next=/admin/"
    r = login(client, "root", "pass-12345", url="/staff/login/", next="/admin/")
    assert r.status_code == 302 and r["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_client_address_from_a_trusted_proxy_only(rf, settings):
    settings.TRUSTED_PROXIES = [PROXY, "10.1.0.0/16"]
    req = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"1.2.3.4, {ATTACKER}, 10.1.2.3")
    assert client_ip(req) == ATTACKER  # right-most hop that is not our own proxy
    assert client_ip(rf.get("/", REMOTE_ADDR="192.0.2.9", HTTP_X_FORWARDED_FOR=ATTACKER)) == "192.0.2.9"
    assert client_ip(rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="garbage")) == PROXY
    settings.TRUSTED_PROXIES = []
    assert client_ip(rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ATTACKER)) == PROXY


def test_behind_a_trusted_proxy_one_visitor_locks_out_only_himself(client, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    UserFactory(username="clerk")
    UserFactory(username="other")
    for _ in range(5):
        login(client, "clerk", "wrong", via=ATTACKER, remote=PROXY)
    r = login(client, "clerk", "pass-12345", via=ATTACKER, remote=PROXY)
    assert "登录失败次数过多" in r.content.decode() and not signed_in(client)
    # Everyone else comes through the same proxy and is not locked out.
    assert login(client, "other", "pass-12345", via=STAFF_PC, remote=PROXY).status_code == 302
    client.logout()
    # The attacked account itself: from an address that has not failed, after a question.
    r = login(client, "clerk", "pass-12345", via=STAFF_PC, remote=PROXY)
    assert "验证问题" in r.content.decode() and not signed_in(client)
    token = r.context["form"].captcha_token
    r = login(client, "clerk", "pass-12345", via=STAFF_PC, remote=PROXY, captcha_token=token, captcha_answer="99")
    assert "答案不正确" in r.content.decode() and not signed_in(client)
    token = r.context["form"].captcha_token
    r = login(
        client, "clerk", "pass-12345", via=STAFF_PC, remote=PROXY, captcha_token=token, captcha_answer=answer(token)
    )
    assert r.status_code == 302 and signed_in(client)


def test_behind_an_untrusted_proxy_forged_addresses_do_not_help(client, settings):
    settings.TRUSTED_PROXIES = []
    UserFactory(username="clerk")
    for i in range(5):  # a fresh forged X-Forwarded-For and a fresh account name each time
        login(client, f"guess{i}", "wrong", via=f"203.0.113.{i + 10}", remote="192.0.2.9")
    r = login(client, "clerk", "pass-12345", via="203.0.113.99", remote="192.0.2.9")
    assert "登录失败次数过多" in r.content.decode() and not signed_in(client)
    assert login(client, "clerk", "pass-12345", remote="192.0.2.10").status_code == 302


def test_forwarded_proto_believed_only_from_a_trusted_proxy(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.TRUSTED_PROXIES = [PROXY]
    assert client.get("/robots.txt", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_PROTO="https").status_code == 200
    assert client.get("/robots.txt", REMOTE_ADDR="192.0.2.9", HTTP_X_FORWARDED_PROTO="https").status_code == 301


def test_status_lookup_keyed_the_same_way(client, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    req, code = services.submit_request(data=APPLICANT, today=date(2026, 11, 20))

    def lookup(via, **extra):
        return client.post(
            "/requests/status/",
            {"reference": req.reference, "code": code, **extra},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=via,
        )

    for _ in range(abuse.LOOKUP_LIMIT):
        client.post(
            "/requests/status/",
            {"reference": req.reference, "code": "WRONG"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=ATTACKER,
        )
    assert "次数过多" in lookup(ATTACKER).content.decode()
    # The applicant, through the same proxy: a question, then the request.
    r = lookup(STAFF_PC)
    assert r.status_code == 400 and "验证问题" in r.content.decode()
    token = r.context["captcha_token"]
    r = lookup(STAFF_PC, captcha_token=token, captcha_answer=answer(token))
    assert r.status_code == 302 and r["Location"].endswith(f"/requests/status/{req.reference}/")
