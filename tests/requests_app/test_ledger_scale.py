"""The request side at a bureau's size (issue 10): the bulk import is still all or
nothing, the streamed export gives the bytes the list-building export gave and stays
under a memory bound, the staff queue's queries do not grow with its rows, and the
daily scan reads only what is due yet decides exactly what a full pass decides."""

import hashlib
import json
import re
import tracemalloc
from datetime import date, timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.data import ledger, open_ledger
from portal import workdays
from requests_app import ledger as ledger_module
from requests_app.choices import Status
from requests_app.clock import CACHED, clock_for, recompute_open
from requests_app.models import InformationRequest, Reminder, RequestEvent
from requests_app.scans import reminders_due, scan_requests

from .cli import run_cli
from .factories import handler

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
D = date.fromisoformat


def import_records(records) -> None:
    ledger_module.import_requests(json.dumps(records, ensure_ascii=False))


# --- export: the same bytes as before, streamed ------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_is_byte_identical_to_the_list_building_export(capsys, fmt):
    """tests/requests_app/data/ledger_small_export.* were written by the export as it was
    before streaming (commit 5cf12ab) from ledger_small.json, as of 2026-11-26."""
    code, out, err = run_cli(capsys, "import_requests", str(DATA / "ledger_small.json"))
    assert (code, out.strip()) == (0, "166"), err
    code, out, err = run_cli(capsys, "export_requests", "--format", fmt, "--as-of", "2026-11-26")
    assert code == 0, err
    assert out == (DATA / f"ledger_small_export.{fmt}").read_bytes().decode("utf-8")


def test_empty_export_is_an_empty_array_and_a_header(capsys):
    assert run_cli(capsys, "export_requests")[1] == "[]\n"
    assert run_cli(capsys, "export_requests", "--format", "csv")[1].startswith("\ufeff申请编号,")
    assert run_cli(capsys, "export_requests", "--format", "csv")[1].count("\r\n") == 1


class Sink:
    """Standard output that keeps only a digest and a count, so that what is measured is
    the export's own memory, not the text it wrote."""

    def __init__(self) -> None:
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, text: str) -> None:
        data = text.encode("utf-8")
        self.digest.update(data)
        self.size += len(data)

    def flush(self) -> None:
        pass


EXPORT_BOUND_MB = 40  # the list-building export held ≈ 15 KB a request: ≈ 300 MB here


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_streaming_export_of_20000_requests_stays_under_a_memory_bound(fmt):
    import_records(ledger(20_000, seed=5))
    sink = Sink()
    tracemalloc.start()
    try:
        call_command("export_requests", "--format", fmt, "--as-of", "2026-11-26", stdout=sink)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert sink.size > 20_000 * 300  # every request was written
    assert peak < EXPORT_BOUND_MB * 2**20, f"peak {peak / 2**20:.1f} MB"


def test_streamed_records_are_the_listed_records():
    import_records(ledger(300, seed=9))
    as_of = D("2026-11-26")
    streamed = list(ledger_module.iter_records(ledger_module.stream_requests(chunk_size=7), as_of=as_of))
    listed = ledger_module.export_records(ledger_module.all_requests(), as_of=as_of)
    assert streamed == listed and len(listed) == 300


def test_export_reads_a_fixed_number_of_queries_per_chunk():
    import_records(ledger(60, seed=3))
    sink = Sink()
    # One chunk: the requests (server-side cursor) and their events.
    with CaptureQueriesContext(connection) as small:
        ledger_module.write_json(
            ledger_module.iter_records(ledger_module.stream_requests(chunk_size=100), as_of=D("2026-11-26")),
            sink.write,
        )
    # Six chunks of ten: one query for each chunk's events.
    with CaptureQueriesContext(connection) as chunked:
        ledger_module.write_json(
            ledger_module.iter_records(ledger_module.stream_requests(chunk_size=10), as_of=D("2026-11-26")),
            sink.write,
        )
    events = [q for q in chunked.captured_queries if "requests_app_requestevent" in q["sql"]]
    assert len(events) == 6
    assert len([q for q in small.captured_queries if "requests_app_requestevent" in q["sql"]]) == 1


# --- import: bulk, and still all or nothing ----------------------------------------------


def test_bad_record_late_in_a_bulk_file_leaves_nothing(capsys, tmp_path):
    records = ledger(5_000, seed=21)
    records[4_990]["events"].append({"type": "replied", "on": "2019-01-01", "outcome": "disclosed"})
    path = tmp_path / "ledger.json"
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    code, _, err = run_cli(capsys, "import_requests", str(path))
    assert code != 0
    assert "索引 4990" in err and records[4_990]["reference"] in err
    assert InformationRequest.objects.count() == 0 and RequestEvent.objects.count() == 0


def test_a_failure_while_writing_a_later_batch_leaves_nothing():
    """Validation passes, the first batches are written, then the database refuses one:
    the transaction takes the written batches back too."""
    records = ledger(ledger_module.IMPORT_BATCH * 2 + 10, seed=22)
    real, calls = ledger_module._insert_batch, []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    with mock.patch.object(ledger_module, "_insert_batch", failing), pytest.raises(RuntimeError):
        import_records(records)
    assert len(calls) == 3
    assert InformationRequest.objects.count() == 0 and RequestEvent.objects.count() == 0


def test_bulk_import_stores_every_column_as_typed():
    """COPY's text format escapes backslash, tab and newlines: nothing is altered."""
    awkward = "第一行\n第二行\t制表\\反斜杠\r回车 \\N 'quote' \"dq\""
    record = {
        "reference": "2026-\\t01",
        "applicant": {
            "type": "commercial",
            "name": awkward,
            "id_type": "统一社会信用代码",
            "id_number": "91220000MA0000000X",
            "legal_representative": "李四",
            "contact_person": "王五",
            "phone": "0431-1",
            "email": "a@b.cn",
            "address": "长春\\市",
            "postcode": "130000",
        },
        "channel": "letter",
        "submitted_on": "2026-03-02",
        "received_on": "2026-03-04",
        "description": awkward,
        "purpose": "研究",
        "events": [
            {"type": "fee_notified", "on": "2026-03-10", "amount_yuan": 12.5, "method": "per_volume", "count": 300},
            {"type": "consultation_sent", "on": "2026-03-11", "party": awkward, "kind": "agency", "note": "备\t注"},
        ],
    }
    import_records([record])
    req = InformationRequest.objects.get()
    assert (req.reference, req.applicant_name, req.description, req.address) == (
        "2026-\\t01",
        awkward,
        awkward,
        "长春\\市",
    )
    assert (req.id_type, req.legal_representative, req.contact_person, req.postcode, req.purpose) == (
        "统一社会信用代码",
        "李四",
        "王五",
        "130000",
        "研究",
    )
    events = list(req.events.order_by("on", "id").values_list("type", "on", "data", "public", "actor_id"))
    assert events == [
        ("received", D("2026-03-04"), {}, True, None),
        ("fee_notified", D("2026-03-10"), {"amount": 12.5, "method": "per_volume", "count": 300}, True, None),
        ("consultation_sent", D("2026-03-11"), {"party": awkward, "kind": "agency", "note": "备\t注"}, True, None),
    ]
    clock = clock_for(req)
    assert [getattr(req, f) for f in CACHED if f != "outcome"] == [getattr(clock, f) for f in CACHED if f != "outcome"]
    assert req.clock_as_of == max(timezone.localdate(), D("2026-03-11"))
    # The sequences moved past the copied rows: ordinary inserts still work.
    RequestEvent.objects.create(request=req, type="reasons_requested", on=D("2026-03-12"))


# --- the staff queue ------------------------------------------------------------------------


def test_staff_queue_at_20_and_200_rows_issues_the_same_queries(client):
    clerk = handler()
    import_records(open_ledger(210, today=D("2026-11-20"), seed=4))
    InformationRequest.objects.filter(pk__in=InformationRequest.objects.order_by("pk")[:100]).update(handler=clerk)
    client.force_login(clerk)
    client.get("/staff/requests/")  # the process-wide calendar is loaded once
    counts = {}
    for per_page in (20, 200):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/staff/requests/", {"per_page": per_page})
        assert response.status_code == 200
        assert len(set(re.findall(r'href="/staff/requests/(\d+)/"', response.content.decode()))) == per_page
        counts[per_page] = len(ctx.captured_queries)
    assert counts[20] == counts[200], counts


# --- the daily scan ------------------------------------------------------------------------


def open_requests_snapshot():
    return {r["pk"]: r for r in InformationRequest.objects.exclude(status=Status.CLOSED).values("pk", *CACHED)}


def test_scan_is_idempotent_and_a_second_scan_creates_nothing():
    import_records(open_ledger(400, today=D("2026-11-20"), seed=6))
    first = scan_requests(D("2026-11-20"))
    assert first["reminders"] > 50
    count = Reminder.objects.count()
    assert count == first["reminders"]
    with CaptureQueriesContext(connection) as ctx:
        second = scan_requests(D("2026-11-20"))
    assert second == {"reminders": 0, "due_dates_changed": 0}
    assert Reminder.objects.count() == count
    # Nothing was due for recomputation: one query selects no row, nothing is written.
    assert not [q for q in ctx.captured_queries if q["sql"].startswith(("UPDATE", "INSERT"))]


def test_selective_scan_decides_what_a_full_pass_decides():
    """Day after day, the scan (which reads only the rows `due_for_recompute` selects and
    the requests inside a reminder window) leaves the same cached clocks as recomputing
    every open request, and the same reminders as asking `reminders_due` of each."""
    start = D("2026-10-15")
    import_records(open_ledger(300, today=start, seed=8))
    # Some histories hold steps dated after the scan day (the clock ignores them until then).
    late = InformationRequest.objects.exclude(status=Status.CLOSED).filter(received_on__isnull=False)[:5]
    for req in late:
        RequestEvent.objects.create(
            request=req, type="replied", on=start + timedelta(days=6), data={"outcome": "disclosed"}
        )
    cal = workdays.current()
    for offset in (0, 1, 2, 3, 6, 7, 13, 21):
        today = start + timedelta(days=offset)
        before = set(Reminder.objects.values_list("request_id", "kind", "due_on"))
        scan_requests(today)
        selective = open_requests_snapshot()
        recompute_open(as_of=today, reason="full")  # every open row
        full = open_requests_snapshot()
        assert selective == full, today
        expected = set()
        for req in InformationRequest.objects.prefetch_related("events"):
            expected |= {(req.pk, kind, due_on) for kind, due_on, _ in reminders_due(req, today, cal)}
        after = set(Reminder.objects.values_list("request_id", "kind", "due_on"))
        assert after - before == expected - before, today


def test_the_reminders_of_a_scan_batch_are_queued_as_one_task(django_capture_on_commit_callbacks):
    from portal import broker

    import_records(open_ledger(80, today=D("2026-11-20"), seed=12))
    with (
        mock.patch.object(broker, "publish", wraps=broker.publish) as published,
        django_capture_on_commit_callbacks(execute=True),
    ):
        created = scan_requests(D("2026-11-20"))["reminders"]
    assert created > 10
    assert [call.args[0].name for call in published.call_args_list] == ["portal.tasks.deliver_reminders"]
    assert sorted(published.call_args.args[2]) == sorted(Reminder.objects.values_list("pk", flat=True))
    # Eager here, as in embedded mode: the task ran, every reminder was delivered once.
    assert not Reminder.objects.filter(sent_at__isnull=True).exists()
