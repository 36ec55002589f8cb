"""The annual report's PDF is served with Redis stopped (its cache is only a shortcut)."""

import pytest

from disclosure.annual_report.services import generate_report_draft
from tests.disclosure.factories import publish
from tests.redis_server import private_redis  # noqa: F401 - fixture


@pytest.fixture
def dead_cache(private_redis, settings):  # noqa: F811
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.FailSoftRedisCache",
            "LOCATION": private_redis.url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    private_redis.stop()


def test_report_pdf_with_redis_stopped(client, compiler, ledger, dead_cache):
    report, _ = generate_report_draft(year=2025, actor=compiler)
    publish(report.item)
    assert client.get("/reports/2025/").status_code == 200
    pdf = client.get("/reports/2025/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
