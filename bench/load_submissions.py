"""The request form under load, on the production stack: gunicorn (production settings,
DEBUG=0) over PostgreSQL and Redis, 16 concurrent citizens submitting the public form while
a 17th client reads the catalogue. Prints figures, asserts nothing.

Usage:
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench REDIS_URL=redis://127.0.0.1:6379/9 \\
  python bench/load_submissions.py [--clients 16] [--seconds 20] [--workers 4] [--threads 4] [--items 1000]

The database is created and migrated when missing; the Redis DB is flushed. Every
submission comes through 127.0.0.1 as a trusted proxy with its own X-Forwarded-For, as
citizens behind the TLS proxy would (so the per-address abuse controls see distinct people).
Plain HTTP: HTTPS redirect and secure cookies are off for the run (nothing else differs)."""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing as mp
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FORM = {
    "applicant_type": "natural_person",
    "applicant_name": "张三",
    "id_type": "居民身份证",
    "id_number": "220102199001011234",
    "phone": "13800000000",
    "email": "zhang@example.com",
    "address": "长春市某路1号",
    "postcode": "130000",
    "description": "申请公开2025年度监狱罪犯生活卫生经费预算执行情况",
    "purpose": "",
    "medium": "electronic",
    "delivery": "email",
    "homepage": "",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(port: int) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "DEBUG": "0",
            "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "TRUSTED_PROXIES": "127.0.0.1",
            "STATIC_MANIFEST": "0",
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "SECURE_HSTS_SECONDS": "0",
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


# --- HTTP ------------------------------------------------------------------------------


def request(port: int, method: str, path: str, *, body: str | None = None, headers: dict | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        data = resp.read()
        return resp.status, resp.msg, data
    finally:
        conn.close()


def cookies_from(msg, jar: dict) -> None:
    for header in msg.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]


def submitter(port: int, index: int, start_at: float, stop_at: float, out) -> None:
    jar: dict = {}
    status, msg, html = request(port, "GET", "/requests/new/", headers={"X-Forwarded-For": f"198.18.{index}.1"})
    cookies_from(msg, jar)
    page = html.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    ts = re.search(r'name="ts" value="([^"]+)"', page).group(1)
    time.sleep(max(0.0, start_at - time.time()))  # the form is older than the minimum fill time by then
    ok, other, n = 0, {}, 0
    while time.time() < stop_at:
        n += 1
        body = urllib.parse.urlencode({**FORM, "ts": ts, "csrfmiddlewaretoken": csrf})
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://127.0.0.1:{port}/requests/new/",
            "Cookie": "; ".join(f"{k}={v}" for k, v in jar.items()),
            # One citizen per submission, behind the trusted proxy.
            "X-Forwarded-For": f"198.{18 + (index >> 6)}.{(index & 63) * 4 + (n >> 16) % 4}.{n % 250 + 1}",
        }
        status, msg, _ = request(port, "POST", "/requests/new/", body=body, headers=headers)
        cookies_from(msg, jar)
        if status == 302:
            ok += 1
        else:
            other[status] = other.get(status, 0) + 1
    out.put({"ok": ok, "other": other})


def prober(port: int, start_at: float, stop_at: float, out) -> None:
    times = []
    time.sleep(max(0.0, start_at - time.time()))
    while time.time() < stop_at:
        t0 = time.perf_counter()
        request(port, "GET", "/catalogue/")
        times.append((time.perf_counter() - t0) * 1000)
        time.sleep(0.05)
    out.put(times)


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return round(values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))], 1)


# --- setup -----------------------------------------------------------------------------


def prepare(items: int) -> None:
    os.environ.update(server_env(0))
    import django

    django.setup()
    from django.core.management import call_command

    from bench.run import _create_database

    _create_database()
    call_command("migrate", verbosity=0)
    from disclosure.models import DisclosureItem
    from portal.models import SiteProfile

    SiteProfile.objects.update_or_create(
        pk=1,
        defaults={
            "org_name": "示例省监狱管理局",
            "org_code": "11990000MB0000000X",
            "office_name": "办公室",
            "office_address": "示例路1号",
            "office_hours": "工作日",
            "office_phone": "000-00000000",
        },
    )
    have = DisclosureItem.objects.filter(index_number__startswith="BENCH/").count()
    if have < items:
        from bench.data import catalogue

        DisclosureItem.objects.filter(index_number__startswith="BENCH/").delete()
        catalogue(items)
    import redis

    redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()


def row_count() -> int:
    from requests_app.models import InformationRequest

    return InformationRequest.objects.count()


def references_unique() -> bool:
    from django.db.models import Count

    from requests_app.models import InformationRequest

    return not InformationRequest.objects.values("reference").annotate(n=Count("id")).filter(n__gt=1).exists()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--items", type=int, default=1000)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or not os.environ.get("REDIS_URL"):
        sys.exit("load_submissions needs DATABASE_URL=postgres://… and REDIS_URL=redis://…")

    prepare(args.items)
    port = free_port()
    gunicorn = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--worker-class",
            "gthread",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=server_env(port),
        start_new_session=True,
    )
    try:
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                if request(port, "GET", "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        for _ in range(5):  # warm every worker
            request(port, "GET", "/catalogue/")
        ctx = mp.get_context("fork")
        out = ctx.Queue()

        # The catalogue alone first.
        t = time.time()
        idle = ctx.Process(target=prober, args=(port, t, t + 5, out))
        idle.start()
        idle_times = out.get()
        idle.join()

        before = row_count()
        start_at = time.time() + 4  # the clients' forms are older than the 3-second minimum by then
        stop_at = start_at + args.seconds
        procs = [ctx.Process(target=submitter, args=(port, i, start_at, stop_at, out)) for i in range(args.clients)]
        procs.append(ctx.Process(target=prober, args=(port, start_at, stop_at, out)))
        for p in procs:
            p.start()
        results = [out.get() for _ in procs]
        for p in procs:
            p.join()
        elapsed = max(time.time(), stop_at) - start_at
        after = row_count()
    finally:
        os.killpg(gunicorn.pid, signal.SIGTERM)
        gunicorn.wait(10)

    busy_times = next(r for r in results if isinstance(r, list))
    subs = [r for r in results if isinstance(r, dict)]
    ok = sum(r["ok"] for r in subs)
    other: dict = {}
    for r in subs:
        for k, v in r["other"].items():
            other[k] = other.get(k, 0) + v
    print(
        json.dumps(
            {
                "clients": args.clients,
                "gunicorn": f"{args.workers} workers x {args.threads} threads",
                "seconds": round(elapsed, 1),
                "submissions_ok": ok,
                "other_responses": other,
                "submissions_per_s": round(ok / elapsed, 1),
                "rows_before": before,
                "rows_after": after,
                "rows_lost": before + ok - after,
                "references_unique": references_unique(),
                "catalogue_idle_ms": {
                    "p50": percentile(idle_times, 50),
                    "p95": percentile(idle_times, 95),
                    "n": len(idle_times),
                },
                "catalogue_under_load_ms": {
                    "p50": percentile(busy_times, 50),
                    "p95": percentile(busy_times, 95),
                    "n": len(busy_times),
                },
                "catalogue_items": args.items,
            },
            ensure_ascii=False,
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
