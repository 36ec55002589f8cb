"""The request ledger at scale: import, recompute every open clock, export (time and
peak Python memory), and the annual report over the same data."""

import io
import json
import tempfile
import time
import tracemalloc

from django.core.management import call_command

from bench.data import ledger

N = 10_000


def _timed(fn):
    """Seconds of one run, then peak Python heap (MiB) of a second run under tracemalloc
    (tracemalloc slows Python down, so the two are measured apart)."""
    t0 = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - t0
    return result, round(seconds, 2)


def _peak_mb(fn) -> float:
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return round(peak / 2**20, 1)


def run() -> dict:
    from requests_app.clock import recompute_open
    from requests_app.models import InformationRequest

    InformationRequest.objects.filter(reference__startswith="B").delete()
    records = ledger(N)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as fh:
        json.dump(records, fh, ensure_ascii=False)
    _, import_s = _timed(lambda: call_command("import_requests", fh.name, stdout=io.StringIO()))
    _, recompute_s = _timed(lambda: recompute_open(as_of=None))
    out = io.StringIO()
    _, export_s = _timed(lambda: call_command("export_requests", "--format", "json", stdout=out))
    exported = json.loads(out.getvalue())
    export_mb = _peak_mb(lambda: call_command("export_requests", "--format", "json", stdout=io.StringIO()))
    _, csv_s = _timed(lambda: call_command("export_requests", "--format", "csv", stdout=io.StringIO()))
    rep = io.StringIO()
    _, report_s = _timed(lambda: call_command("annual_report", "2025", "--format", "json", stdout=rep))
    report = json.loads(rep.getvalue())
    report_mb = _peak_mb(lambda: call_command("annual_report", "2025", "--format", "json", stdout=io.StringIO()))
    return {
        "requests": len(exported),
        "import_s": import_s,
        "recompute_open_s": recompute_s,
        "export_json_s": export_s,
        "export_peak_mb": export_mb,
        "export_csv_s": csv_s,
        "annual_report_json_s": report_s,
        "annual_report_peak_mb": report_mb,
        "report_2025_new_total": report["table3"]["new"]["total"],
        "report_balanced": report["balanced"],
    }
