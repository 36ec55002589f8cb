"""The request ledger (台账): import and export in the format of docs/cli.md."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from types import SimpleNamespace
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.utils import timezone

from portal import workdays
from portal.audit import record
from portal.dates import iso
from portal.files import spreadsheet_text

from . import deadlines, lifecycle
from .choices import EventType
from .clock import apply, clock_for
from .models import InformationRequest, RequestEvent

EVENT_KEYS = {
    EventType.ANSWERED_ON_SPOT: ["outcome"],
    EventType.SUPPLEMENT_REQUESTED: ["supplement_by"],
    EventType.SUPPLEMENT_RECEIVED: [],
    EventType.ABANDONED: [],
    EventType.CONSULTATION_SENT: ["party", "kind"],
    EventType.CONSULTATION_ANSWERED: [],
    EventType.EXTENDED: ["days"],
    EventType.FEE_NOTIFIED: ["amount_yuan", "method", "count"],
    EventType.FEE_PAID: [],
    EventType.REASONS_REQUESTED: [],
    EventType.REPLIED: ["outcome"],
    EventType.RECONSIDERATION: ["result"],
    EventType.LITIGATION: ["after_reconsideration", "result"],
}
OPTIONAL_EVENT_KEYS = ["note"]
APPLICANT_KEYS = {  # ledger key -> model field
    "type": "applicant_type",
    "name": "applicant_name",
    "id_type": "id_type",
    "id_number": "id_number",
    "legal_representative": "legal_representative",
    "contact_person": "contact_person",
    "phone": "phone",
    "email": "email",
    "address": "address",
    "postcode": "postcode",
}
MAX_LENGTHS = {f.name: f.max_length for f in InformationRequest._meta.get_fields() if getattr(f, "max_length", None)}


class LedgerError(ValueError):
    def __init__(self, index: int, reference: str | None, field: str, message: str) -> None:
        ref = f"，reference {reference}" if reference else ""
        super().__init__(f"第 {index + 1} 条记录（索引 {index}{ref}）字段 {field}：{message}")
        self.index, self.reference, self.field, self.message = index, reference, field, message


class FileError(LedgerError):
    """The file as a whole is unreadable (not JSON, not an array)."""

    def __init__(self, message: str) -> None:
        ValueError.__init__(self, message)
        self.index, self.reference, self.field, self.message = None, None, "(file)", message


def _check_record(index: int, rec: Any, seen: set[str]) -> dict[str, Any]:
    """Validate one ledger record; return the cleaned values or raise LedgerError."""
    if not isinstance(rec, dict):
        raise LedgerError(index, None, "(record)", "每条记录应为 JSON 对象")
    reference = rec.get("reference")
    ref_label = reference if isinstance(reference, str) else None

    def fail(field: str, message: str):
        raise LedgerError(index, ref_label, field, message)

    if not isinstance(reference, str) or not reference.strip():
        fail("reference", "缺少申请编号")
    reference = reference.strip()
    if len(reference) > MAX_LENGTHS["reference"]:
        fail("reference", f"申请编号过长（最多 {MAX_LENGTHS['reference']} 个字符）")
    if reference in seen:
        fail("reference", f"申请编号 {reference} 在文件中重复")
    seen.add(reference)

    applicant = rec.get("applicant")
    if not isinstance(applicant, dict):
        fail("applicant", "缺少申请人信息（应为对象）")
    values: dict[str, Any] = {"reference": reference}
    for key, field in APPLICANT_KEYS.items():
        value = applicant.get(key)
        if value is None:
            value = ""
        if not isinstance(value, str):
            fail(f"applicant.{key}", "应为字符串")
        value = value.strip()
        limit = MAX_LENGTHS.get(field)
        if limit and len(value) > limit:
            fail(f"applicant.{key}", f"过长（最多 {limit} 个字符）")
        values[field] = value
    if values["applicant_type"] not in deadlines.APPLICANT_TYPES:
        fail(
            "applicant.type",
            f"申请人类型“{applicant.get('type')}”无效，应为 {'、'.join(sorted(deadlines.APPLICANT_TYPES))} 之一",
        )
    if not values["applicant_name"]:
        fail("applicant.name", "缺少申请人姓名或名称")
    if values["email"]:
        try:
            validate_email(values["email"])
        except ValidationError:
            fail("applicant.email", f"电子邮箱“{values['email']}”格式不正确")
    for key in ("description", "purpose", "medium", "delivery"):
        value = rec.get(key, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            fail(key, "应为字符串")
        limit = MAX_LENGTHS.get(key)
        if limit and len(value) > limit:
            fail(key, f"过长（最多 {limit} 个字符）")
        values[key] = value
    events = rec.get("events", [])
    if events is None:
        events = []
    if not isinstance(events, list):
        fail("events", "办理记录应为数组")
    problems = deadlines.validate_history(
        channel=rec.get("channel"),
        submitted_on=rec.get("submitted_on"),
        received_on=rec.get("received_on"),
        events=events,
    )
    if problems:
        fail(problems[0].field, problems[0].message)
    values["channel"] = rec["channel"]
    values["submitted_on"] = (
        date.fromisoformat(rec["submitted_on"]) if isinstance(rec["submitted_on"], str) else rec["submitted_on"]
    )
    received = rec.get("received_on")
    values["received_on"] = date.fromisoformat(received) if isinstance(received, str) and received else None
    values["events"] = [_stored_event(ev) for ev in events]
    return values


def _stored_event(ev: dict[str, Any]) -> tuple[str, date, dict[str, Any]]:
    """(type, on, data) of a valid ledger event, with the keys the letters read later. A
    consultation without `kind` stays without it (export gives back what was imported);
    readers take the contract's default, third_party."""
    kept = {k: ev[k] for k in EVENT_KEYS[ev["type"]] + OPTIONAL_EVENT_KEYS if k in ev and ev[k] is not None}
    on = date.fromisoformat(ev["on"]) if isinstance(ev["on"], str) else ev["on"]
    return ev["type"], on, lifecycle.to_data(kept)


def parse(text: str) -> list[dict[str, Any]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FileError(f"文件不是有效的 JSON：第 {exc.lineno} 行第 {exc.colno} 列，{exc.msg}") from None
    if not isinstance(data, list):
        raise FileError("文件内容应为申请记录的 JSON 数组")
    seen: set[str] = set()
    cleaned = [_check_record(i, rec, seen) for i, rec in enumerate(data)]
    existing = set(InformationRequest.objects.filter(reference__in=seen).values_list("reference", flat=True))
    for i, values in enumerate(cleaned):
        if values["reference"] in existing:
            raise LedgerError(
                i, values["reference"], "reference", f"申请编号 {values['reference']} 已存在，不能重复导入"
            )
    return cleaned


IMPORT_BATCH = 2000


@transaction.atomic
def import_requests(text: str, *, actor=None) -> int:
    """Store every record of a ledger file, or none (the first invalid record is named);
    return the number stored.

    Every record is validated before anything is written; the rows then go in with bulk
    inserts (COPY on PostgreSQL), a batch of requests and their events at a time, inside
    the one transaction. Once it commits, the filled tables are analysed (PostgreSQL here
    runs without autovacuum, and the planner would otherwise keep the statistics of the
    empty tables)."""
    cleaned = parse(text)
    calendar = workdays.current()
    count, references = 0, []
    now = timezone.now()
    today = timezone.localdate()
    for start in range(0, len(cleaned), IMPORT_BATCH):
        batch, histories = [], []
        for values in cleaned[start : start + IMPORT_BATCH]:
            events = values.pop("events")
            req = InformationRequest(created_at=now, **values)
            history = []
            if req.received_on:
                history.append((EventType.RECEIVED, req.received_on, {}, True))
            for type_, on, data in events:
                history.append((type_, on, data, type_ not in (EventType.RECONSIDERATION, EventType.LITIGATION)))
            # The as-of date clock_for would take (today, or the latest event if later).
            as_of = max([today, *(on for _, on, _, _ in history if on is not None)])
            clock = clock_for(
                req,
                as_of=as_of,
                calendar=calendar,
                events=[deadlines.Event(type=t, on=on, data=data) for t, on, data, _ in history],
                explain=False,
            )
            apply(req, clock, as_of=as_of)
            batch.append(req)
            histories.append(history)
        _insert_batch(batch, histories, actor=actor, now=now)
        # Only the count and the first references are kept: a batch's rows are forgotten
        # once written (100,000 model instances would hold a few hundred MB).
        count += len(batch)
        references += [r.reference for r in batch[: max(0, 200 - len(references))]]
        cleaned[start : start + IMPORT_BATCH] = [None] * len(batch)
    record(action="requests.imported", actor=actor, data={"count": count, "references": references})
    transaction.on_commit(analyze_request_tables)
    return count


def _insert_batch(requests: list[InformationRequest], histories: list[list[tuple]], *, actor, now) -> None:
    """Insert requests and their events (type, on, data, public); sets each request's pk."""
    actor_id = actor.pk if actor is not None else None
    if connection.vendor != "postgresql":
        InformationRequest.objects.bulk_create(requests)
        RequestEvent.objects.bulk_create(
            [
                RequestEvent(request=req, type=t, on=on, data=data, actor_id=actor_id, public=public, created_at=now)
                for req, history in zip(requests, histories, strict=True)
                for t, on, data, public in history
            ]
        )
        return
    for req, pk in zip(requests, _reserve_ids(InformationRequest, len(requests)), strict=True):
        req.pk = req.id = pk
        req._state.adding = False
    events = [
        {"request_id": req.pk, "type": t, "on": on, "data": data, "actor_id": actor_id, "created_at": now, "public": p}
        for req, history in zip(requests, histories, strict=True)
        for t, on, data, p in history
    ]
    for event, pk in zip(events, _reserve_ids(RequestEvent, len(events)), strict=True):
        event["id"] = pk
    _copy(InformationRequest, [vars(req) for req in requests])
    _copy(RequestEvent, events)


def _reserve_ids(model, n: int) -> list[int]:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, n])
        return [row[0] for row in cursor.fetchall()]


def _copy(model, rows: list[dict[str, Any]]) -> None:
    """COPY rows (dicts keyed by column attname) into the model's table: an order of
    magnitude less work than INSERT statements for the same rows."""
    columns = [f.attname for f in model._meta.concrete_fields]
    buf = io.StringIO()
    for row in rows:
        buf.write("\t".join(_copy_value(row[c]) for c in columns))
        buf.write("\n")
    buf.seek(0)
    quoted = ", ".join(connection.ops.quote_name(f.column) for f in model._meta.concrete_fields)
    with connection.cursor() as cursor:
        cursor.copy_expert(f"COPY {connection.ops.quote_name(model._meta.db_table)} ({quoted}) FROM STDIN", buf)


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_value(value: Any) -> str:
    """A value in COPY's text format."""
    if type(value) is str:
        return value.translate(_COPY_ESCAPES)
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, date):  # datetime too
        value = value.isoformat()
    else:
        value = str(value)
    return value.translate(_COPY_ESCAPES)


def analyze_request_tables() -> None:
    """Refresh the planner's statistics of the tables a bulk import filled."""
    from django.db import connection

    with connection.cursor() as cursor:
        for model in (InformationRequest, RequestEvent):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


# --- export --------------------------------------------------------------------------------


def export_record(req: InformationRequest, *, as_of: date, calendar) -> dict[str, Any]:
    """One request in the import format plus the computed fields of docs/cli.md."""
    evs = list(req.events.all())
    clock = clock_for(req, as_of=as_of, calendar=calendar, events=evs, explain=False)
    applicant = {"type": req.applicant_type, "name": req.applicant_name}
    for key, field in APPLICANT_KEYS.items():
        if key not in applicant and getattr(req, field):
            applicant[key] = getattr(req, field)
    return {
        "reference": req.reference,
        "applicant": applicant,
        "channel": req.channel,
        "submitted_on": iso(req.submitted_on),
        "received_on": iso(req.received_on),
        "description": req.description,
        "events": [_ledger_event(ev) for ev in evs if ev.type != EventType.RECEIVED],
        "status": clock.status,
        "due_on": iso(clock.due_on),
        "supplement_notice_due_on": iso(clock.supplement_notice_due_on),
        "overdue": clock.overdue,
        "closed_on": iso(clock.closed_on),
        "outcome": clock.outcome or None,
        "provisional": clock.provisional,
        "irregularities": clock.irregularity_codes,
    }


def export_records(requests: Iterable[InformationRequest], *, as_of: date) -> list[dict[str, Any]]:
    return list(iter_records(requests, as_of=as_of))


def iter_records(requests: Iterable[InformationRequest], *, as_of: date) -> Iterator[dict[str, Any]]:
    calendar = workdays.current()
    for req in requests:
        yield export_record(req, as_of=as_of, calendar=calendar)


EXPORT_CHUNK = 2000


def stream_requests(*, chunk_size: int = EXPORT_CHUNK) -> Iterator[InformationRequest]:
    """Every request in export order, read `chunk_size` at a time from a server-side cursor,
    each chunk's events in one query: memory stays flat whatever the number of requests."""
    return all_requests().iterator(chunk_size=chunk_size)


def write_json(records: Iterable[dict[str, Any]], write: Callable[[str], Any]) -> None:
    """The records as `json.dumps(list, ensure_ascii=False, indent=2)` would give them,
    written one record at a time."""
    first = True
    for rec in records:
        text = json.dumps(rec, ensure_ascii=False, indent=2)
        # Inside the array every line is indented two more spaces; JSON strings hold no
        # raw newline, so splitting on it only splits lines of the layout.
        write(("[\n  " if first else ",\n  ") + text.replace("\n", "\n  "))
        first = False
    write("[]" if first else "\n]")


def write_csv(records: Iterable[dict[str, Any]], write: Callable[[str], Any]) -> None:
    """The CSV of docs/cli.md (byte-order mark, Chinese headers), one row at a time."""
    write("\ufeff")
    writer = csv.writer(SimpleNamespace(write=write), lineterminator="\r\n")
    writer.writerow([label for _, label in CSV_COLUMNS])
    for rec in records:
        writer.writerow(_csv_row(rec))


def _ledger_event(ev: RequestEvent) -> dict[str, Any]:
    """A stored event in the import format: the contract's keys only (letters stay inside)."""
    full = lifecycle.to_ledger(ev.type, ev.on.isoformat(), ev.data)
    return {k: full[k] for k in ["type", "on", *EVENT_KEYS.get(ev.type, []), *OPTIONAL_EVENT_KEYS] if k in full}


def all_requests():
    return InformationRequest.objects.prefetch_related("events").order_by("submitted_on", "reference")


CSV_COLUMNS = [
    ("reference", "申请编号"),
    ("applicant.type", "申请人类型"),
    ("applicant.name", "申请人姓名或名称"),
    ("channel", "申请方式"),
    ("submitted_on", "提交日期"),
    ("received_on", "收到申请日期"),
    ("description", "申请内容"),
    ("events", "办理记录"),
    ("status", "状态"),
    ("due_on", "答复期限"),
    ("supplement_notice_due_on", "补正告知期限"),
    ("overdue", "是否超期"),
    ("closed_on", "办结日期"),
    ("outcome", "办理结果"),
    ("provisional", "期限待定"),
    ("irregularities", "逾期办理事项"),
]


def to_csv(records: Iterable[dict[str, Any]]) -> str:
    buf = io.StringIO()
    write_csv(records, buf.write)
    return buf.getvalue()


def _csv_row(rec: dict[str, Any]) -> list[Any]:
    row = []
    for key, _ in CSV_COLUMNS:
        if key.startswith("applicant."):
            value = rec["applicant"].get(key.split(".", 1)[1], "")
        else:
            value = rec.get(key)
        if key == "events":
            value = json.dumps(value, ensure_ascii=False)
        elif key == "irregularities":
            value = ";".join(value)  # the codes, as status and outcome are
        elif isinstance(value, bool):
            value = "是" if value else "否"
        elif value is None:
            value = ""
        elif isinstance(value, str):
            value = spreadsheet_text(value)
        row.append(value)
    return row
