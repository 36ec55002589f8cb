import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests
# make around it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_sessionstart(session):
    """In CI (REQUIRE_SERVICES=1) a missing PostgreSQL or Redis fails the run at once."""
    if os.environ.get("REQUIRE_SERVICES") != "1":
        return
    from django.conf import settings

    if not settings.IS_POSTGRES:
        pytest.exit("REQUIRE_SERVICES=1 but DATABASE_URL is not PostgreSQL", returncode=3)
    if not settings.REDIS_URL:
        pytest.exit("REQUIRE_SERVICES=1 but REDIS_URL is not set", returncode=3)
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=3).ping()
    except Exception as exc:  # noqa: BLE001
        pytest.exit(f"Redis at {settings.REDIS_URL} is not reachable: {exc}", returncode=3)


@pytest.fixture(autouse=True)
def _fresh_caches(settings, tmp_path):
    """Each test starts with an empty cache and its own media folder."""
    from django.core.cache import cache

    from portal import workdays

    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    workdays.invalidate()
    yield
    cache.clear()


@pytest.fixture
def seeded_calendar(transactional_db):
    """The real holidays in a transactional test (post_migrate re-seeds after each flush;
    this also covers a first transactional test and drops any stale in-process index)."""
    from portal.calendar_seed import ensure_seeded
    from portal.workdays import invalidate

    ensure_seeded()
    invalidate()


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but Chromium is missing at {CHROMIUM}")
        pytest.skip(f"Chromium not installed at {CHROMIUM} (set REQUIRE_BROWSER=1 to make this fail)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def is_csp_violation(text: str) -> bool:
    """Chromium reports a blocked script, style or handler on the console like this."""
    return "Content Security Policy" in text or "Content-Security-Policy" in text


def watch_csp(pg) -> list[str]:
    """Collect the page's Content-Security-Policy violations (console reports)."""
    violations: list[str] = []
    pg.on("console", lambda msg: violations.append(f"{pg.url}: {msg.text}") if is_csp_violation(msg.text) else None)
    return violations


@pytest.fixture
def page(browser, live_server):
    """A Chromium page on the live server. Any Content-Security-Policy violation seen on
    the console during the test fails it."""
    context = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", accept_downloads=True, base_url=live_server.url
    )
    pg = context.new_page()
    pg.set_default_timeout(15000)
    violations = watch_csp(pg)
    yield pg
    context.close()
    if violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(violations))


def axe_serious(page) -> list[dict]:
    """Run axe-core on the page; return violations of impact serious or critical."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [v for v in results.response["violations"] if v.get("impact") in {"serious", "critical"}]
