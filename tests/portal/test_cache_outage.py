"""Redis stopped or frozen: the public site, the request form and the status page still
answer 200, and a citizen's submission is stored and its number and code shown."""

import time

import pytest
from django.core.cache import cache

from portal import broker
from portal.cache import CacheUnavailable
from portal.celery import app as celery_app
from requests_app.models import InformationRequest
from tests.disclosure.factories import published
from tests.portal.factories import SiteProfileFactory
from tests.redis_server import private_redis  # noqa: F401 - fixture
from tests.requests_app.factories import form_data, receipt

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/catalogue/",
    "/guide/",
    "/news/",
    "/search/?q=公开",
    "/departments/",
    "/reports/",
    "/requests/new/",
    "/requests/status/",
    "/staff/login/",
    "/feeds/atom/",
    "/sitemap.xml",
]


@pytest.fixture
def redis_cache_and_broker(private_redis, settings):  # noqa: F811
    """Cache and Celery broker on the private server; tasks really go through the broker."""
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.FailSoftRedisCache",
            "LOCATION": private_redis.url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    saved = {k: celery_app.conf[k] for k in ("broker_url", "task_always_eager")}
    celery_app.conf.broker_url = private_redis.url
    celery_app.conf.task_always_eager = False
    _forget_broker_connections()
    broker.reset()
    yield private_redis
    celery_app.conf.update(saved)
    _forget_broker_connections()
    broker.reset()


def _forget_broker_connections():
    """Make Celery open connections to the broker now configured (kombu keeps one pool per
    broker URL; closing it would break later tests using the same URL)."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def walk(client, django_capture_on_commit_callbacks, mailoutbox):
    SiteProfileFactory()
    published(title="关于政府信息公开工作的通知")
    for url in PUBLIC_PAGES:
        assert client.get(url).status_code == 200, url
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post("/requests/new/", form_data(), follow=True)
    assert r.status_code == 200
    req = InformationRequest.objects.get()
    done = receipt(client)
    body = r.content.decode()
    assert req.reference in body and done["code"] in body
    # The broker is down too: the applicant's mail was sent in-process instead.
    assert any(req.reference in m.subject for m in mailoutbox)
    r = client.post("/requests/status/", {"reference": req.reference, "code": done["code"]}, follow=True)
    assert r.status_code == 200 and req.reference in r.content.decode()
    # Staff can still sign in (the lockout counters fail open).
    r = client.post("/staff/login/", {"username": "nobody", "password": "wrong"})
    assert r.status_code == 200


def test_redis_stopped_nothing_fails(client, redis_cache_and_broker, django_capture_on_commit_callbacks, mailoutbox):
    cache.set("probe", 1)
    assert cache.get("probe") == 1  # really on the private server
    redis_cache_and_broker.stop()
    walk(client, django_capture_on_commit_callbacks, mailoutbox)


def test_redis_frozen_pages_do_not_hang(client, redis_cache_and_broker, django_capture_on_commit_callbacks, mailoutbox):
    cache.set("probe", 1)
    redis_cache_and_broker.freeze()
    started = time.monotonic()
    walk(client, django_capture_on_commit_callbacks, mailoutbox)
    # One socket timeout opens the cache's breaker, one the broker's (its publish timeout).
    assert time.monotonic() - started < 15
    assert broker.broker_down()
    # Later submissions do not wait for the frozen broker again.
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/requests/new/", form_data()).status_code == 302
    assert time.monotonic() - started < 1.5
    assert InformationRequest.objects.count() == 2


def test_backend_degrades_reads_and_writes_and_reports_counters(redis_cache_and_broker):
    redis_cache_and_broker.stop()
    assert cache.get("k", "default") == "default"
    assert cache.get_many(["a", "b"]) == {}
    cache.set("k", 1)
    cache.delete("k")
    assert cache.get_or_set("k", lambda: 42) == 42
    with pytest.raises(CacheUnavailable):
        cache.incr("k")
    with pytest.raises(CacheUnavailable):
        cache.add("k", 1)
