"""`make bench-requests`: the request side at a bureau's size (issue 10), one table.

In the PostgreSQL database BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/portal_bench; the request tables there are emptied):

1. a ledger of BENCH_REQUESTS requests (default 100,000; about 7% still open, like a real
   year) from `bench.data.ledger`, imported with `import_requests`, exported with
   `export_requests --format json` and `--format csv`, and imported again from the JSON
   export into emptied tables (the import row of the table);
2. the scan variant: BENCH_REQUESTS requests all open (`bench.data.open_ledger`, received
   over the last 45 days), then `scan_requests(today)` twice (the second has nothing new),
   the next day's scan, and a full recompute of every open clock (what a calendar change
   costs);
3. BENCH_REPORT_ROWS requests (default 1,000,000) generated in SQL (`generate_rows`: one
   INSERT … SELECT over generate_series, received over 2019–2025, closed by a reply with
   every outcome, 3% with a reconsideration, 1% a lawsuit, 2% a fee notice), ANALYZE, then
   `annual_report 2025 --format json` three times.

Every measured command runs in a child process: wall seconds, CPU seconds of the child
and of its PostgreSQL backend, and the child's peak resident memory (VmHWM). The
machine is shared: CPU seconds are the figures to compare between runs.
Nothing here asserts a time; see bench/README.md for the latest figures."""

import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

N = int(os.environ.get("BENCH_REQUESTS", "100000"))
REPORT_ROWS = int(os.environ.get("BENCH_REPORT_ROWS", "1000000"))
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")

ENV = {
    "DJANGO_SETTINGS_MODULE": "portal.settings",
    "DEBUG": "0",
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": REDIS_URL,
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECRET_KEY": "bench-" + "x" * 40,
    "LOG_LEVEL": "WARNING",
}


# --- the child: one measured step --------------------------------------------------------


def _backend_cpu(connection) -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _peak_rss_mb() -> float:
    """The process's own peak resident memory (VmHWM). Not getrusage's ru_maxrss: Linux
    carries that over from the parent across fork and exec, so a child started by a
    parent holding the whole ledger would report the parent's peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def child(step: str, args: list[str]) -> None:
    """Run one step; print its figures as JSON on the last line of standard error."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    out = open(args[0], "w", encoding="utf-8", newline="") if args and step == "command-to-file" else None
    pg0, cpu0, t0 = _backend_cpu(connection), time.process_time(), time.perf_counter()
    result = None
    if step in ("command", "command-to-file"):
        rest = args[1:] if out else args
        call_command(*rest, stdout=out or open(os.devnull, "w"))
    elif step == "scan":
        from requests_app.scans import scan_requests

        result = scan_requests(date.fromisoformat(args[0]))
    elif step == "recompute-all":
        from requests_app.clock import recompute_open

        result = recompute_open(as_of=date.fromisoformat(args[0]), reason="calendar")
    seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    pg = _backend_cpu(connection) - pg0
    if out:
        out.close()
    figures = {
        "seconds": seconds,
        "cpu": cpu,
        "pg_cpu": pg,
        "rss_mb": _peak_rss_mb(),
        "result": result,
    }
    print(json.dumps(figures), file=sys.stderr)


def measure(step: str, *args: str) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", step, *args],
        cwd=ROOT,
        env={**os.environ, **ENV},
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise SystemExit(f"{step} {args} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stderr.strip().splitlines()[-1])


# --- the parent ------------------------------------------------------------------------------


def empty_request_tables() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE requests_app_informationrequest CASCADE")


def generate_rows(n: int) -> float:
    """n requests for the annual report straight in SQL, with their closing events and
    some reconsiderations, lawsuits and fee notices; returns the seconds it took."""
    from django.db import connection

    from requests_app.choices import ApplicantType, Outcome

    applicants = [c.value for c in ApplicantType]
    outcomes = [c.value for c in Outcome]
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO requests_app_informationrequest (
                reference, applicant_type, applicant_name, id_type, id_number, legal_representative,
                contact_person, phone, email, address, postcode, description, purpose, medium, delivery,
                channel, submitted_on, received_on, query_code_hash, created_at, status, due_on,
                supplement_notice_due_on, closed_on, outcome, overdue, provisional, computed_at)
            SELECT 'R' || g, (%(applicants)s::text[])[1 + g %% 6], '申请人' || g, '', '', '', '', '', '', '', '',
                '申请公开某项信息（第' || g || '号）', '', '', '', 'in_person', r.received, r.received, '', now(),
                CASE WHEN r.open THEN 'in_progress' ELSE 'closed' END, r.received + 28, r.received + 9,
                CASE WHEN r.open THEN NULL ELSE r.received + 1 + g %% 27 END,
                CASE WHEN r.open THEN '' ELSE (%(outcomes)s::text[])[1 + (g / 7) %% 21] END,
                false, false, now()
            FROM generate_series(1, %(n)s::int) AS g,
                LATERAL (SELECT date '2019-01-01' + (g * 2557::bigint / %(n)s)::int AS received,
                                g %% 100 < 2 AS open) AS r
            """,
            {"applicants": applicants, "outcomes": outcomes, "n": n},
        )
        cursor.execute(
            """
            INSERT INTO requests_app_requestevent (request_id, type, "on", data, created_at, public)
            SELECT id, 'received', received_on, '{}', now(), true FROM requests_app_informationrequest
            WHERE reference LIKE 'R%'
            UNION ALL
            SELECT id, 'replied', closed_on, jsonb_build_object('outcome', outcome), now(), true
            FROM requests_app_informationrequest WHERE reference LIKE 'R%' AND closed_on IS NOT NULL
            UNION ALL
            SELECT id, 'reconsideration', closed_on + 20,
                   jsonb_build_object('result', (ARRAY['upheld','corrected','other','pending'])[1 + id % 4]),
                   now(), false
            FROM requests_app_informationrequest
            WHERE reference LIKE 'R%' AND closed_on IS NOT NULL AND id % 100 < 3
            UNION ALL
            SELECT id, 'litigation', closed_on + 40,
                   jsonb_build_object('result', 'pending', 'after_reconsideration', id % 100 < 3), now(), false
            FROM requests_app_informationrequest
            WHERE reference LIKE 'R%' AND closed_on IS NOT NULL AND id % 100 >= 2 AND id % 100 < 4
            UNION ALL
            SELECT id, 'fee_notified', received_on + 3,
                   jsonb_build_object('amount', 100, 'method', 'per_request', 'count', 11), now(), true
            FROM requests_app_informationrequest WHERE reference LIKE 'R%' AND id % 50 = 7
            """
        )
        cursor.execute("ANALYZE requests_app_informationrequest")
        cursor.execute("ANALYZE requests_app_requestevent")
    return time.perf_counter() - t0


def row(label: str, figures: dict, note: str = "") -> tuple:
    return (label, figures, note)


def main() -> None:
    os.environ.update(ENV)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from bench.data import ledger, open_ledger
    from bench.run import _create_database

    _create_database()
    call_command("migrate", verbosity=0)
    work = Path(tempfile.mkdtemp(prefix="bench-requests-"))
    rows = []
    today = timezone.localdate()

    empty_request_tables()
    source = work / "ledger.json"
    source.write_text(json.dumps(ledger(N), ensure_ascii=False), encoding="utf-8")
    first = measure("command", "import_requests", str(source))
    print("import (generated ledger)", first, flush=True)
    open_count = connection.cursor()
    open_count.execute(
        "SELECT count(*) FILTER (WHERE status <> 'closed'), count(*) FROM requests_app_informationrequest"
    )
    n_open, n_all = open_count.fetchone()
    exported = work / "export.json"
    for fmt in ("json", "csv"):
        target = exported if fmt == "json" else work / "export.csv"
        figures = measure("command-to-file", str(target), "export_requests", "--format", fmt)
        figures["bytes"] = target.stat().st_size
        rows.append(row(f"export_requests --format {fmt}", figures, f"{figures['bytes'] / 2**20:.0f} MB written"))
        print(rows[-1], flush=True)
    empty_request_tables()
    figures = measure("command", "import_requests", str(exported))
    rows.insert(0, row("import_requests (from the JSON export)", figures, f"{n_all:,} requests, {n_open:,} open"))
    print(rows[0], flush=True)

    empty_request_tables()
    opened = work / "open.json"
    opened.write_text(json.dumps(open_ledger(N, today=today), ensure_ascii=False), encoding="utf-8")
    figures = measure("command", "import_requests", str(opened))
    rows.append(row("import_requests (all open)", figures, f"{N:,} open requests"))
    for label, day in (
        ("scan_requests, first (imported today)", today),
        ("scan_requests, second (nothing new)", today),
        ("scan_requests, next day", today + timedelta(days=1)),
        ("scan_requests, next day again (nothing new)", today + timedelta(days=1)),
    ):
        figures = measure("scan", day.isoformat())
        rows.append(row(label, figures, json.dumps(figures["result"])))
        print(rows[-1], flush=True)
    figures = measure("recompute-all", (today + timedelta(days=1)).isoformat())
    rows.append(row("recompute_open, every open clock (calendar change)", figures, ""))

    empty_request_tables()
    seconds = generate_rows(REPORT_ROWS)
    print(f"generated {REPORT_ROWS:,} requests in SQL in {seconds:.0f} s", flush=True)
    for i in range(3):
        figures = measure("command", "annual_report", "2025", "--format", "json")
        rows.append(row(f"annual_report 2025, run {i + 1}", figures, f"{REPORT_ROWS:,} requests"))
        print(rows[-1], flush=True)

    if os.environ.get("BENCH_JSON_OUT"):  # `make bench` puts these rows in its one table
        Path(os.environ["BENCH_JSON_OUT"]).write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end\n")
    print("| step | wall | CPU (Python) | CPU (PostgreSQL backend) | peak RSS | note |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for label, f, note in rows:
        print(
            f"| {label} | {f['seconds']:.1f} s | {f['cpu']:.1f} s | {f['pg_cpu']:.1f} s "
            f"| {f['rss_mb']:.0f} MB | {note} |"
        )


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3:])
    else:
        main()
