"""`make bench`: the public site at a bureau's size, over HTTP, as production runs it.

Builds (or reuses) BENCH_SCALE published items (default 100,000) in the PostgreSQL
database BENCH_DATABASE_URL, runs VACUUM ANALYZE (this machine's PostgreSQL has
autovacuum off), starts gunicorn with the production settings (DEBUG=0, 2 workers,
--preload) against that database and BENCH_REDIS_URL, and drives it with wrk from
loopback: every public page cached and uncached, and the search queries. Then, on the
same database, the public form under load (bench/load_submissions.py: 16 clients
submitting while another reads the catalogue, rows counted before and after) and the
request side (bench/requests_scale.py: import, export, scans, the annual report over
1,000,000 requests, with wall time and peak memory). Prints one table: requests/s, p50,
p95 and the share of the static ceiling (the catalogue page's own bytes served as a
static file by the same gunicorn + whitenoise), and the figures that apply to the form
and to each command. BENCH_PARTS (default "pages,form,requests") chooses the parts.

Nothing here asserts a time; see bench/README.md for the latest figures."""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SCALE = int(os.environ.get("BENCH_SCALE", "100000"))
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
SECONDS = int(os.environ.get("BENCH_SECONDS", "8"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
MODES = os.environ.get("BENCH_MODES", "cached,uncached").split(",")
# What else goes in the table: the form under load and the request side (both by default).
PARTS = os.environ.get("BENCH_PARTS", "pages,form,requests").split(",")
# Only the rows whose label starts with one of these (comma-separated), e.g.
# BENCH_PAGES="static,catalogue,item"; every row by default.
ONLY = [p for p in os.environ.get("BENCH_PAGES", "").split(",") if p]


def wanted(label: str) -> bool:
    return not ONLY or any(label.startswith(prefix) for prefix in ONLY)


# Crawlers and browsers ask for gzip; the sitemap rows are measured as they fetch it.
GZIP = {"Accept-Encoding": "gzip"}
CEILING = "bench-ceiling.html"
SEARCHES = [
    ("监狱", "监狱"),
    ("2-char 预算", "预算"),
    ("4-char 精准脱贫", "精准脱贫"),
    ("two words 监狱 预算", "监狱 预算"),
    ("document number", "示狱发〔2022〕"),
]

LUA = """
wrk.headers["X-Forwarded-Proto"] = "https"
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('RESULT {"requests": %d, "seconds": %f, "p50": %d, "p95": %d, "errors": %d, "status": %d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(95),
    e.connect + e.read + e.write + e.timeout, e.status))
end
"""

ENV = {
    "DJANGO_SETTINGS_MODULE": "portal.settings",
    "DEBUG": "0",
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": REDIS_URL,
    "ALLOWED_HOSTS": "127.0.0.1,testserver",
    # wrk on loopback stands where the TLS-terminating proxy would: its X-Forwarded-Proto counts.
    "TRUSTED_PROXIES": "127.0.0.1",
    "SECRET_KEY": secrets.token_urlsafe(40),
    "LOG_LEVEL": "WARNING",
}


def prepare(static_root: Path) -> dict:
    """Database, data, statistics and static files; returns the URLs to drive."""
    os.environ.update(ENV)
    os.environ["STATIC_ROOT"] = str(static_root)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from bench.run import _create_database

    _create_database()
    call_command("migrate", verbosity=0)
    from bench.data import catalogue
    from disclosure.models import DisclosureItem
    from disclosure.selectors import published_items
    from portal.models import SiteProfile

    if not SiteProfile.objects.exists():
        SiteProfile.objects.create(
            org_name="示例省监狱管理局",
            org_code="11220000MB0000000X",
            office_name="局办公室",
            office_address="示例市示例路1号",
            office_phone="0431-00000000",
            office_hours="周一至周五 8:30—11:30，13:30—17:00（法定节假日除外）",
        )
    have = DisclosureItem.objects.filter(index_number__startswith="BENCH/").count()
    if have < SCALE:
        t0 = time.perf_counter()
        if os.environ.get("BENCH_CLONE") == "1" and have:
            from bench.data import clone_catalogue

            clone_catalogue(SCALE - have)
        else:
            for start in range(have, SCALE, 10_000):
                catalogue(min(10_000, SCALE - start), seed=start, start=start)
        print(f"built {SCALE - have} items in {time.perf_counter() - t0:.0f} s", flush=True)
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"VACUUM ANALYZE {time.perf_counter() - t0:.1f} s", flush=True)
    call_command("collectstatic", interactive=False, verbosity=0)
    # The Redis database may have served another bench database: values derived per content
    # generation (counts, year lists, sitemap pages) must not come from it.
    from portal.public_cache import bump_generation

    bump_generation()
    total = published_items().count()
    item = published_items().filter(index_number__startswith="BENCH/")[SCALE // 2]
    client = Client()
    (static_root / CEILING).write_bytes(client.get("/catalogue/", secure=True).content)
    last = (total + 19) // 20
    from disclosure.sitemaps import item_page_starts

    sitemap_pages = len(item_page_starts())
    pages = [
        ("static file (ceiling)", f"/static/{CEILING}"),
        ("home", "/"),
        ("catalogue page 1", "/catalogue/"),
        ("catalogue filtered", f"/catalogue/?topic={item.topic.code}&year=2022"),
        ("catalogue page 2000", "/catalogue/?page=2000"),
        (f"catalogue middle page ({last // 2})", f"/catalogue/?page={last // 2}"),
        (f"catalogue last page ({last})", f"/catalogue/?page={last}"),
        ("item", f"/items/{item.pk}/"),
        ("news", "/news/"),
        ("guide", "/guide/"),
        ("reports", "/reports/"),
        ("feed atom", "/feeds/atom/"),
        ("feed json", "/feeds/json/"),
        ("sitemap index", "/sitemap.xml", GZIP),
        ("sitemap items page 1", "/sitemap-items-1.xml", GZIP),
        (f"sitemap items last page ({sitemap_pages})", f"/sitemap-items-{sitemap_pages}.xml", GZIP),
        ("sitemap items page 1, no gzip", "/sitemap-items-1.xml"),
    ]
    searches = [(label, "/search/?q=" + urllib.request.quote(q)) for label, q in SEARCHES]
    pages = [row for row in pages if wanted(row[0])]
    searches = [row for row in searches if wanted(f"search {row[0]}")]
    return {"pages": pages, "searches": searches, "items": total}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(static_root: Path, *, cached: bool) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {**os.environ, **ENV, "STATIC_ROOT": str(static_root), "PUBLIC_PAGE_CACHE": "1" if cached else "0"}
    gunicorn = Path(sys.executable).parent / "gunicorn"
    proc = subprocess.Popen(
        [
            str(gunicorn),
            "portal.wsgi:application",
            "--preload",
            "-w",
            str(WORKERS),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            request = urllib.request.Request(base + "/robots.txt", headers={"X-Forwarded-Proto": "https"})
            urllib.request.urlopen(request, timeout=2).read()
            return proc, base
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("gunicorn did not start")


def stop(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=30)


def _cpu_seconds(pids) -> dict[int, float]:
    """CPU seconds (user + system) of each process still alive."""
    out = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        out[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return out


def server_pids(proc: subprocess.Popen) -> list[int]:
    """The gunicorn workers and the PostgreSQL backends of the bench database: the CPU a
    request costs on this machine, whatever else is running on it."""
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
    import psycopg2
    from django.conf import settings

    db = settings.DATABASES["default"]
    conn = psycopg2.connect(
        dbname=db["NAME"], user=db["USER"], host=db["HOST"], port=db["PORT"], password=db["PASSWORD"]
    )
    with conn.cursor() as cur:
        cur.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [db["NAME"]])
        backends = [row[0] for row in cur.fetchall()]
    conn.close()
    return [int(pid) for pid in children] + backends


def wrk(url: str, lua: Path, *, connections: int = CONNECTIONS, seconds: int = SECONDS, pids=(), headers=None) -> dict:
    threads = min(2, connections)
    cpu_before = _cpu_seconds(pids)
    extra = [arg for name, value in (headers or {}).items() for arg in ("-H", f"{name}: {value}")]
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(lua), *extra, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(line for line in out.splitlines() if line.startswith("RESULT "))
    result = json.loads(line[len("RESULT ") :])
    result["rps"] = result["requests"] / result["seconds"]
    cpu_after = _cpu_seconds(pids)
    used = sum(cpu_after[pid] - cpu_before[pid] for pid in cpu_after if pid in cpu_before)
    result["cpu_ms"] = 1000 * used / max(result["requests"], 1) if pids else None
    return result


def warm(base: str, path: str) -> None:
    request = urllib.request.Request(base + path, headers={"X-Forwarded-Proto": "https"})
    with urllib.request.urlopen(request, timeout=60) as response:
        response.read()
        if response.status != 200 or response.geturl() != base + path:
            raise SystemExit(f"{path}: {response.status} at {response.geturl()}, not the page itself")


def main() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    static_root = work / "static"
    lua = work / "report.lua"
    lua.write_text(LUA)
    targets = prepare(static_root)
    rows = []
    ceiling = None
    for cached in [mode == "cached" for mode in MODES] if "pages" in PARTS else []:
        proc, base = start_gunicorn(static_root, cached=cached)
        try:
            for label, path, *headers in targets["pages"]:
                if label.startswith("static") and not cached:
                    continue
                warm(base, path)
                result = wrk(base + path, lua, pids=server_pids(proc), headers=headers[0] if headers else None)
                if label.startswith("static"):
                    ceiling = result["rps"]
                rows.append((label, "cached" if cached else "uncached", result))
                print(label, rows[-1][1], f"{result['rps']:.0f} req/s", f"{result['cpu_ms']:.2f} CPU ms", flush=True)
            if not cached:
                for label, path in targets["searches"]:
                    warm(base, path)
                    single = wrk(base + path, lua, connections=1)
                    result = wrk(base + path, lua, pids=server_pids(proc))
                    result["single_p95"] = single["p95"]
                    rows.append((f"search {label}", "uncached", result))
                    print(label, f"{result['rps']:.0f} req/s", f"{result['cpu_ms']:.2f} CPU ms", flush=True)
        finally:
            stop(proc)
    if "form" in PARTS:
        rows.append(form_row())
    if "requests" in PARTS:
        rows += request_side_rows(work)
    print_table(rows, ceiling, targets["items"])
    shutil.rmtree(work, ignore_errors=True)


def _bench_script_env() -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update({"DATABASE_URL": DATABASE_URL, "REDIS_URL": REDIS_URL})
    return env


def form_row() -> tuple:
    """The public form under load (bench/load_submissions.py) on the same database: 16
    clients submitting for 20 s while a 17th reads the catalogue; requests/s is accepted
    submissions per second, p50/p95 the catalogue reader's under that load."""
    out = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "load_submissions.py"),
            "--clients",
            "16",
            "--seconds",
            "20",
            "--workers",
            str(WORKERS),
            "--threads",
            "4",
        ],
        cwd=ROOT,
        env=_bench_script_env(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    f = json.loads(out)
    print("form", f, flush=True)
    busy, idle = f["catalogue_under_load_ms"], f["catalogue_idle_ms"]
    return (
        f"form: {f['clients']} clients submitting, catalogue read meanwhile",
        f"POST, {f['gunicorn']}",
        {
            "rps": f["submissions_per_s"],
            "p50": busy["p50"] * 1000,
            "p95": busy["p95"] * 1000,
            "errors": sum(f["other_responses"].values()) + f["rows_lost"],
            "status": 0,
            "note": f"request rows {f['rows_before']:,} before, {f['rows_after']:,} after: {f['submissions_ok']:,} "
            f"accepted, {f['rows_lost']} lost, tracking numbers unique: {'yes' if f['references_unique'] else 'NO'}; "
            f"catalogue alone p50 {idle['p50']} ms, p95 {idle['p95']} ms",
        },
    )


def request_side_rows(work: Path) -> list[tuple]:
    """The request side (bench/requests_scale.py, `make bench-requests`) on the same database."""
    out = work / "requests.json"
    env = {**os.environ, "BENCH_DATABASE_URL": DATABASE_URL, "BENCH_REDIS_URL": REDIS_URL, "BENCH_JSON_OUT": str(out)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run([sys.executable, str(ROOT / "bench" / "requests_scale.py")], cwd=ROOT, env=env, check=True)
    return [
        (
            label,
            "command",
            {
                "wall": f["seconds"],
                "rss_mb": f["rss_mb"],
                "note": "; ".join(
                    part for part in (f"CPU {f['cpu']:.1f} s + PostgreSQL backend {f['pg_cpu']:.1f} s", note) if part
                ),
            },
        )
        for label, f, note in json.loads(out.read_text(encoding="utf-8"))
    ]


def _ms(us: int) -> str:
    return f"{us / 1000:.1f} ms"


def print_table(rows, ceiling: float, items: int) -> None:
    """requests/s and latencies depend on what else the machine runs; the server CPU per
    request (gunicorn workers + PostgreSQL backends) does much less, and 2 cores / that
    cost is the rate the same code would reach on two idle cores. The form's row and the
    request side's commands fill the columns that apply to them."""
    ceiling_cpu = next((r["cpu_ms"] for label, _, r in rows if label.startswith("static")), None)
    print(
        f"\n{items:,} published items, {WORKERS} gunicorn workers, wrk -c{CONNECTIONS} {SECONDS}s per row, "
        f"load average {os.getloadavg()[0]:.1f} at the end\n"
    )
    print(
        "| row | mode | requests/s | p50 | p95 | share of static ceiling | server CPU per request "
        "| 2 idle cores at that cost | share of ceiling by CPU | p95 single client | wall | peak memory | errors "
        "| note |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for label, mode, r in rows:
        rate = f"{r['rps']:,.0f}" if "rps" in r else ""
        share = f"{100 * r['rps'] / ceiling:.1f}%" if ceiling and "cpu_ms" in r else ""
        single = _ms(r["single_p95"]) if "single_p95" in r else ""
        errors = r["errors"] + r["status"] if "errors" in r else ""
        cpu = r.get("cpu_ms") or 0
        capacity = f"{2000 / cpu:,.0f}" if cpu else ""
        cpu_share = f"{100 * ceiling_cpu / cpu:.0f}%" if cpu and ceiling_cpu else ""
        latency = (_ms(r["p50"]), _ms(r["p95"])) if "p50" in r else ("", "")
        wall = f"{r['wall']:.1f} s" if "wall" in r else ""
        memory = f"{r['rss_mb']:.0f} MB" if "rss_mb" in r else ""
        print(
            f"| {label} | {mode} | {rate} | {latency[0]} | {latency[1]} | {share} | {f'{cpu:.2f} ms' if cpu else ''} "
            f"| {capacity} | {cpu_share} | {single} | {wall} | {memory} | {errors} | {r.get('note', '')} |"
        )


if __name__ == "__main__":
    main()
