"""Who is on the other end of a request: the client address, trusting a proxy's
X-Forwarded-* headers only when the request came from a proxy listed in TRUSTED_PROXIES.

Behind a TLS proxy every request has the proxy's REMOTE_ADDR; keying sign-in and lookup
throttles on it would let one visitor lock everyone out. Without a configured proxy the
headers are whatever the client chose to send, so they are ignored."""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(e, strict=False) for e in entries)


def trusted_networks() -> tuple:
    return _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))


def _parse(address: str):
    try:
        return ipaddress.ip_address(address.strip())
    except ValueError:
        return None


def is_trusted_proxy(address: str) -> bool:
    ip = _parse(address or "")
    return ip is not None and any(ip in net for net in trusted_networks())


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or, when that is a trusted proxy, the right-most
    X-Forwarded-For entry that is not itself a trusted proxy (entries to its left were
    written by the client and prove nothing)."""
    remote = (request.META.get("REMOTE_ADDR") or "").strip()
    if is_trusted_proxy(remote):
        hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        for hop in reversed(hops):
            ip = _parse(hop)
            if ip is None:
                break  # garbage in the chain: stop at the last address we can vouch for
            if not is_trusted_proxy(str(ip)):
                return str(ip)
    return str(_parse(remote) or "0.0.0.0")


class ProxyHeadersMiddleware:
    """Drop X-Forwarded-Proto/-For/-Host unless the request came from a trusted proxy, so
    that SECURE_PROXY_SSL_HEADER (and anything else reading them) sees only a proxy's word."""

    HEADERS = ("HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_HOST")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_trusted_proxy(request.META.get("REMOTE_ADDR") or ""):
            for header in self.HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)


class RejectNulMiddleware:
    """A NUL byte anywhere in the path names no page (404), never a 500 from a database or
    file system that refuses it further down. (In the query string each view's form
    handles it: search, for one, simply ignores it.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            from django.shortcuts import render

            return render(request, "404.html", status=404)
        return self.get_response(request)


class HealthCheckMiddleware:
    """`/healthz`: answered before the host check and the HTTPS redirect, so that a
    container health check can call it on 127.0.0.1 over plain HTTP. It says only whether
    the database answers."""

    PATH = "/healthz"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info != self.PATH:
            return self.get_response(request)
        from django.db import connection
        from django.http import HttpResponse

        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except Exception:
            return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
        return HttpResponse("ok\n", content_type="text/plain")
