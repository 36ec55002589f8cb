"""Generators of benchmark data: a request ledger in the contract's JSON format and a
catalogue of published items (bulk-inserted with the same hashes the services write)."""

import functools
import random
from datetime import date, timedelta

from requests_app.choices import ApplicantType, Channel, Outcome

APPLICANTS = [c.value for c in ApplicantType]
# Outcomes that need no particular history (contract v2 refuses "still unclear" and "no
# supplement" without a supplement notice, "unpaid fee" without an unpaid fee notice).
OUTCOMES = [
    c.value for c in Outcome if c.value not in {"other.no_supplement", "unavailable.still_unclear", "other.unpaid_fee"}
]
CHANNELS = [c.value for c in Channel]


def ledger(n: int, *, seed: int = 7, start: date = date(2024, 1, 2), days: int = 3 * 365) -> list[dict]:
    """n valid requests spread over `days` from `start`, with every kind of event."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        received = start + timedelta(days=rng.randrange(days))
        rec = {
            "reference": f"B{received.year}-{i:06d}",
            "applicant": {"type": rng.choice(APPLICANTS), "name": f"申请人{i}", "phone": "13800000000"},
            "channel": rng.choice(CHANNELS),
            "submitted_on": (received - timedelta(days=rng.randrange(0, 3))).isoformat(),
            "received_on": received.isoformat(),
            "description": f"申请公开某监狱{received.year}年度罪犯生活卫生经费使用情况（第{i}号）",
            "events": [],
        }
        ev = rec["events"]
        d = received
        roll = rng.random()
        if roll < 0.03:
            ev.append({"type": "answered_on_spot", "on": d.isoformat(), "outcome": "disclosed"})
            out.append(rec)
            continue
        if roll < 0.15:
            d += timedelta(days=3)
            by = d + timedelta(days=15)
            ev.append({"type": "supplement_requested", "on": d.isoformat(), "supplement_by": by.isoformat()})
            if rng.random() < 0.3:
                ev.append({"type": "abandoned", "on": (by + timedelta(days=1)).isoformat()})
                out.append(rec)
                continue
            d += timedelta(days=rng.randrange(1, 15))
            ev.append({"type": "supplement_received", "on": d.isoformat()})
        if rng.random() < 0.1:
            d += timedelta(days=2)
            ev.append({"type": "consultation_sent", "on": d.isoformat(), "party": "某公司"})
            d += timedelta(days=rng.randrange(3, 20))
            ev.append({"type": "consultation_answered", "on": d.isoformat()})
        if rng.random() < 0.08:
            d += timedelta(days=10)
            ev.append({"type": "extended", "on": d.isoformat(), "days": rng.randrange(1, 21)})
        reply_on = d + timedelta(days=rng.randrange(1, 30))
        if reply_on < date(2026, 11, 1):
            ev.append({"type": "replied", "on": reply_on.isoformat(), "outcome": rng.choice(OUTCOMES)})
            if rng.random() < 0.03:
                ev.append(
                    {
                        "type": "reconsideration",
                        "on": (reply_on + timedelta(days=20)).isoformat(),
                        "result": rng.choice(["upheld", "corrected", "other", "pending"]),
                    }
                )
        out.append(rec)
    return out


def open_ledger(n: int, *, today: date, seed: int = 11, prefix: str = "O") -> list[dict]:
    """n requests still open on `today`, received over the 45 days before it: some awaiting
    confirmation, a supplement, a consultation or a fee, some extended, many inside a
    reminder window and some overdue (the daily scan's worst day)."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        submitted = today - timedelta(days=rng.randrange(0, 45))
        rec = {
            "reference": f"{prefix}{today.year}-{i:06d}",
            "applicant": {"type": rng.choice(APPLICANTS), "name": f"申请人{i}"},
            "channel": rng.choice(CHANNELS),
            "submitted_on": submitted.isoformat(),
            "description": f"申请公开某监狱罪犯生活卫生经费使用情况（第{i}号）",
            "events": [],
        }
        if rec["channel"] in ("online", "fax", "letter") and rng.random() < 0.05:
            out.append(rec)  # awaiting confirmation
            continue
        received = min(submitted + timedelta(days=rng.randrange(0, 3)), today)
        rec["received_on"] = received.isoformat()
        ev = rec["events"]
        d = received
        roll = rng.random()
        if roll < 0.1 and d + timedelta(days=3) <= today:
            d += timedelta(days=3)
            ev.append(
                {
                    "type": "supplement_requested",
                    "on": d.isoformat(),
                    "supplement_by": (d + timedelta(days=15)).isoformat(),
                }
            )
            if d + timedelta(days=5) <= today and rng.random() < 0.5:
                d += timedelta(days=5)
                ev.append({"type": "supplement_received", "on": d.isoformat()})
        elif roll < 0.2 and d + timedelta(days=2) <= today:
            d += timedelta(days=2)
            ev.append({"type": "consultation_sent", "on": d.isoformat(), "party": "某公司"})
            if d + timedelta(days=10) <= today and rng.random() < 0.5:
                d += timedelta(days=10)
                ev.append({"type": "consultation_answered", "on": d.isoformat()})
        elif roll < 0.25 and d + timedelta(days=4) <= today:
            d += timedelta(days=4)
            ev.append(
                {"type": "fee_notified", "on": d.isoformat(), "amount_yuan": 100, "method": "per_request", "count": 11}
            )
        awaiting = bool(ev) and ev[-1]["type"] == "supplement_requested"
        if not awaiting and rng.random() < 0.1 and d + timedelta(days=20) <= today:
            ev.append({"type": "extended", "on": (d + timedelta(days=20)).isoformat(), "days": rng.randrange(1, 21)})
        out.append(rec)
    return out


def catalogue(n: int, *, seed: int = 3, start: int | None = None) -> int:
    """Bulk-insert n published items across departments and topics, numbered from `start`
    (by default after the bench items already there)."""
    from django.utils import timezone

    from disclosure.choices import Attribute, ItemKind, State
    from disclosure.models import DisclosureItem, Topic
    from disclosure.search import index_items
    from portal.models import Department
    from portal.public_cache import content_changed

    rng = random.Random(seed)
    if start is None:
        start = DisclosureItem.objects.filter(index_number__startswith="BENCH/").count()
    topics = list(Topic.objects.all())
    depts = [Department.objects.get_or_create(code=f"B{i}", defaults={"name": f"基准处室{i}"})[0] for i in range(8)]
    words = [
        "预算",
        "监狱",
        "刑罚执行",
        "减刑假释",
        "教育改造",
        "生活卫生",
        "政府采购",
        "精准脱贫",
        "安全生产",
        "人事招考",
    ]
    now = timezone.now()
    items = []
    for i in range(start, start + n):
        formed = date(2019, 1, 1) + timedelta(days=rng.randrange(2800))
        w1, w2 = rng.sample(words, 2)
        item = DisclosureItem(
            kind=rng.choice([ItemKind.DOCUMENT, ItemKind.DOCUMENT, ItemKind.NEWS, ItemKind.INTERPRETATION]),
            title=f"关于{w1}和{w2}工作的通知（第{i}号）",
            summary=f"{w1}相关事项的说明。",
            body=f"<p>{w1}、{w2}。各单位要认真贯彻落实。</p>" * 5,
            formed_on=formed,
            document_number=f"示狱发〔{formed.year}〕{i}号",
            publisher=rng.choice(depts),
            topic=rng.choice(topics),
            state=State.PUBLISHED,
            attribute=Attribute.PROACTIVE,
            confidentiality_cleared_at=now,
            attribute_determined_at=now,
            index_number=f"BENCH/{formed.year}-{i:06d}",
            published_at=now - timedelta(minutes=i),
        )
        item.content_hash = item.compute_hash()
        item.confidentiality_revision = item.attribute_revision = item.content_hash
        items.append(item)
    DisclosureItem.objects.bulk_create(items, batch_size=1000)
    _index_repeated_texts(items, index_items)
    content_changed()  # bulk_create sends no signals
    return n


def _index_repeated_texts(items, index_items) -> None:
    """`index_items` with jieba's tokens memoised per block of text. jieba cuts a text into
    blocks at punctuation and spaces and tokenises each block alone, so the tokens of a text
    are the tokens of its blocks in order; the generated texts repeat a few hundred blocks
    (ninety word pairs) around a number. Tokenising them again for each item was 60% of the
    generator's time (cProfile, 3,000 items: 13.4 s of 23.4 s). The first item of each call
    is checked against the unmemoised tokens."""
    import jieba

    from disclosure import search

    original = search.tokens_of
    by_block = functools.lru_cache(maxsize=4096)(original)

    def tokens_of(text: str) -> str:
        return " ".join(t for t in map(by_block, jieba.re_han_default.split(text or "")) if t)

    first = items[0]
    for text in (first.title, first.document_number, search.to_text(first.body)):
        assert tokens_of(text) == original(text), text
    search.tokens_of = tokens_of
    try:
        index_items(items)
    finally:
        search.tokens_of = original


def clone_catalogue(n: int, *, chunk: int = 50_000) -> int:
    """Add n published items by copying generated ones in SQL, renumbered (title, document
    number, index number, publication time): a large run's rows at a fraction of the cost
    of generating each (BENCH_CLONE=1). The copies keep their source's content hash and
    search vector, so they are for measuring scale, not content: a search for the number
    in a copy's title finds its source."""
    import time

    from django.db import connection

    from disclosure.models import DisclosureItem
    from portal.public_cache import content_changed

    table = DisclosureItem._meta.db_table
    copied = {
        f.column: f.column
        for f in DisclosureItem._meta.concrete_fields
        if f.column not in {"id", "title", "document_number", "index_number", "published_at"}
    }
    start = DisclosureItem.objects.filter(index_number__startswith="BENCH/").count()
    columns = ", ".join(copied)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT min(id) FROM {table} WHERE index_number LIKE 'BENCH/%%'")
        (first,) = cursor.fetchone()
        for offset in range(0, n, chunk):
            t0 = time.perf_counter()
            size = min(chunk, n - offset)
            # Source row k (k-th generated) becomes item number start + offset + k.
            cursor.execute(
                f"""
                INSERT INTO {table} (title, document_number, index_number, published_at, {columns})
                SELECT regexp_replace(title, '第[0-9]+号', '第' || num || '号'),
                       regexp_replace(document_number, '〕[0-9]+号', '〕' || num || '号'),
                       regexp_replace(index_number, '-[0-9]+$', '-' || lpad(num::text, 6, '0')),
                       now() - num * interval '1 minute',
                       {columns}
                FROM (SELECT *, %s + row_number() OVER (ORDER BY id) - 1 AS num
                      FROM {table} WHERE index_number LIKE 'BENCH/%%' AND id >= %s ORDER BY id LIMIT %s) source
                """,
                [start + offset, first + offset, size],
            )
            print(f"cloned {size} items (from {start + offset}) in {time.perf_counter() - t0:.0f} s", flush=True)
    content_changed()
    return n
