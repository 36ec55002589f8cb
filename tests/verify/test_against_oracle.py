"""The real commands against the independent oracle (tests/verify/oracle.py).

Ledgers are written in the exact JSON of contracts/ledger.md, imported with
`import_requests`, read back with `export_requests` and `annual_report`, and every
computed field is compared with the oracle.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from requests_app.models import InformationRequest, RequestEvent

from . import oracle as o

pytestmark = pytest.mark.django_db

D = date.fromisoformat
ROOT = Path(__file__).resolve().parents[2]
CHANNELS = ["online", "in_person", "registered_mail", "letter", "fax"]
FIELDS = [
    "status",
    "due_on",
    "supplement_notice_due_on",
    "overdue",
    "closed_on",
    "outcome",
    "provisional",
    "irregularities",
]
# Outcomes that need no particular history (contract v2: "still unclear" and "no supplement"
# need a supplement notice, "unpaid fee" an unpaid fee notice).
NEEDS_SUPPLEMENT = {"unavailable.still_unclear", "other.no_supplement"}
FREE_OUTCOMES = [c for c in o.OUTCOMES if c not in NEEDS_SUPPLEMENT | {"other.unpaid_fee"}]
EXAMPLES = int(os.environ.get("VERIFY_EXAMPLES", "60"))


# --- driving the real commands ------------------------------------------------------------------


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def import_ledger(records, tmp_path: Path, name="ledger.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    out, _ = run("import_requests", str(path))
    return out


def export_json(as_of: date) -> dict[str, dict]:
    out, _ = run("export_requests", "--format", "json", "--as-of", as_of.isoformat())
    return {r["reference"]: r for r in json.loads(out)}


def annual(year: int, tmp_path: Path) -> dict:
    path = tmp_path / f"report-{year}.json"
    run("annual_report", str(year), "--format", "json", "--output", str(path))
    return json.loads(path.read_text(encoding="utf-8"))


def ev(type_, on, **kw):
    return {"type": type_, "on": on, **kw}


def fee(on, amount, method, count):
    return {"type": "fee_notified", "on": on, "amount_yuan": amount, "method": method, "count": count}


def rec(reference, *, channel="online", submitted, received="same", events=(), applicant="natural_person"):
    r = {
        "reference": reference,
        "applicant": {"type": applicant, "name": "张三", "phone": "13800000000"},
        "channel": channel,
        "submitted_on": submitted,
        "description": "申请公开监狱年度财务预算",
        "events": list(events),
    }
    if received == "same":
        r["received_on"] = submitted
    elif received is not None:
        r["received_on"] = received
    return r


def check_export(records, as_of: date, exported=None) -> None:
    exported = exported if exported is not None else export_json(as_of)
    for r in records:
        got = exported[r["reference"]]
        want = o.export_fields(r, as_of)
        diff = {f: (got.get(f), want[f]) for f in FIELDS if got.get(f) != want[f]}
        assert not diff, (
            f"{r['reference']} as of {as_of}: (implementation, oracle) {diff}\n{json.dumps(r, ensure_ascii=False)}"
        )
        # The export is the import format plus the computed fields.
        for key in ("channel", "submitted_on", "description"):
            assert got[key] == r[key], (r["reference"], key)
        assert got["applicant"] == r["applicant"]
        if "received_on" in r:
            assert got["received_on"] == r["received_on"]
        assert len(got["events"]) == len(r["events"]), r["reference"]
        for mine, theirs in zip(r["events"], got["events"], strict=True):
            for key, value in mine.items():
                assert theirs.get(key) == value, (r["reference"], mine, theirs)


def check_report(records, year: int, tmp_path: Path) -> None:
    got = annual(year, tmp_path)
    assert got["year"] == year
    want3 = o.table3(records, year)
    for key, cols in want3.items():
        if key == "outcomes":
            assert set(got["table3"]["outcomes"]) == set(o.OUTCOMES)
            for code, c in cols.items():
                assert got["table3"]["outcomes"][code] == c, (year, code)
        else:
            assert got["table3"][key] == cols, (year, key, got["table3"][key], cols)
    assert got["table4"] == o.table4(records, year), year
    assert got["balanced"] is True


# --- hand-picked cases -----------------------------------------------------------------------------


def tricky_cases() -> list[dict]:
    c = []
    # DOMAIN.md's own example: Friday before National Day 2019, make-up days 09-29 and 10-12.
    c.append(rec("T-2019-nd", submitted="2019-09-26", received="2019-09-27"))
    # Eve of National Day 2026 (10-01..10-07 off; 09-20 and 10-10 make-up).
    c.append(rec("T-2026-nd-eve", submitted="2026-09-30"))
    c.append(rec("T-2026-nd-reply", submitted="2026-09-30", events=[ev("replied", "2026-10-28", outcome="disclosed")]))
    # Received on a make-up Saturday and Sunday.
    c.append(rec("T-makeup-sat", channel="in_person", submitted="2026-10-10"))
    c.append(rec("T-makeup-sun", channel="registered_mail", submitted="2026-09-18", received="2026-09-20"))
    c.append(rec("T-makeup-sat-2019", channel="fax", submitted="2019-10-12"))
    # Received during a holiday (the count starts from the next working day).
    c.append(rec("T-in-holiday", channel="letter", submitted="2024-02-12", received="2024-02-13"))
    # Spring Festival eves: 2024 (02-10..02-17 off, 02-04/02-18 make-up), 2026 and the
    # 2020 extended COVID holiday (01-24..02-02).
    c.append(rec("T-sf-2024", submitted="2024-02-09"))
    c.append(rec("T-sf-2026", submitted="2026-02-13"))
    c.append(rec("T-sf-2020", submitted="2020-01-23", events=[ev("replied", "2020-02-28", outcome="partial")]))
    # Supplement, then consultation, then extension (the ledger.md example).
    c.append(
        rec(
            "T-full",
            submitted="2019-09-26",
            received="2019-09-27",
            events=[
                ev("supplement_requested", "2019-09-30", supplement_by="2019-10-21"),
                ev("supplement_received", "2019-10-10"),
                ev("consultation_sent", "2019-10-14", party="某公司"),
                ev("consultation_answered", "2019-10-18"),
                ev("extended", "2019-11-01", days=20),
                ev("replied", "2019-11-20", outcome="partial"),
                ev("reconsideration", "2019-12-02", result="upheld"),
                ev("litigation", "2020-01-06", after_reconsideration=True, result="pending"),
            ],
        )
    )
    # Supplement still awaited; supplement received on a make-up day.
    c.append(
        rec(
            "T-supp-pending",
            submitted="2026-09-25",
            events=[ev("supplement_requested", "2026-09-29", supplement_by="2026-10-20")],
        )
    )
    c.append(
        rec(
            "T-supp-makeup",
            submitted="2026-09-14",
            events=[
                ev("supplement_requested", "2026-09-16", supplement_by="2026-09-30"),
                ev("supplement_received", "2026-09-20"),
                ev("replied", "2026-10-30", outcome="unavailable.still_unclear"),
            ],
        )
    )
    # Abandoned.
    c.append(
        rec(
            "T-abandoned",
            submitted="2025-12-22",
            events=[
                ev("supplement_requested", "2025-12-24", supplement_by="2026-01-09"),
                ev("abandoned", "2026-01-12"),
            ],
        )
    )
    # Consultation never answered: the pause ends at the 15-working-day limit.
    c.append(
        rec("T-consult-silent", submitted="2026-09-01", events=[ev("consultation_sent", "2026-09-10", party="第三方")])
    )
    c.append(
        rec(
            "T-silent-replied",
            submitted="2025-09-01",
            events=[
                ev("consultation_sent", "2025-09-10", party="第三方"),
                ev("replied", "2025-11-05", outcome="withheld.third_party"),
            ],
        )
    )
    # The answer arrives after the 15-working-day limit.
    c.append(
        rec(
            "T-consult-late",
            submitted="2023-09-20",
            events=[
                ev("consultation_sent", "2023-09-25", party="某公司"),
                ev("consultation_answered", "2023-11-20"),
                ev("replied", "2023-11-30", outcome="withheld.third_party"),
            ],
        )
    )
    # Answer on the last day of the limit; two consultations.
    c.append(
        rec(
            "T-consult-two",
            submitted="2022-03-01",
            events=[
                ev("consultation_sent", "2022-03-02", party="甲"),
                ev("consultation_answered", "2022-03-04"),
                ev("consultation_sent", "2022-03-10", party="乙"),
                ev("consultation_answered", "2022-03-31"),
                ev("replied", "2022-04-20", outcome="disclosed"),
            ],
        )
    )
    # Letters to two parties at once: the overlapping days are paused once, not twice.
    c.append(
        rec(
            "T-consult-overlap",
            submitted="2025-03-03",
            events=[
                ev("consultation_sent", "2025-03-05", party="甲"),
                ev("consultation_sent", "2025-03-06", party="乙"),
                ev("consultation_answered", "2025-03-14"),
                ev("consultation_answered", "2025-03-20"),
                ev("replied", "2025-04-15", outcome="partial"),
            ],
        )
    )
    c.append(
        rec(
            "T-overlap-silent",
            submitted="2025-05-06",
            events=[
                ev("consultation_sent", "2025-05-08", party="甲"),
                ev("consultation_sent", "2025-05-08", party="乙"),
                ev("consultation_answered", "2025-05-12"),
            ],
        )
    )
    # Extension of 1 and of 20 working days.
    c.append(
        rec(
            "T-ext-1",
            submitted="2021-04-28",
            events=[ev("extended", "2021-05-20", days=1), ev("replied", "2021-05-31", outcome="disclosed")],
        )
    )
    c.append(
        rec(
            "T-ext-20",
            submitted="2021-09-17",
            events=[
                ev("extended", "2021-10-15", days=20),
                ev("replied", "2021-11-19", outcome="withheld.process_info"),
            ],
        )
    )
    # Answered on the spot (in person, same day).
    c.append(
        rec(
            "T-spot",
            channel="in_person",
            submitted="2024-06-07",
            events=[ev("answered_on_spot", "2024-06-07", outcome="disclosed")],
        )
    )
    # Running into 2027, whose arrangement is unknown.
    c.append(rec("T-2027", submitted="2026-12-10"))
    c.append(
        rec(
            "T-2027-notice",
            submitted="2026-12-28",
            events=[ev("replied", "2026-12-30", outcome="unavailable.not_held")],
        )
    )
    c.append(
        rec(
            "T-2027-consult",
            submitted="2026-11-02",
            events=[ev("consultation_sent", "2026-11-20", party="某单位"), ev("consultation_answered", "2026-12-01")],
        )
    )
    c.append(rec("T-2027-received", submitted="2027-01-04"))
    c.append(rec("T-2026-safe", submitted="2026-11-02", events=[ev("replied", "2026-11-10", outcome="disclosed")]))
    # Awaiting confirmation (online, fax, letter without received_on).
    c.append(rec("T-await-online", channel="online", submitted="2026-03-02", received=None))
    c.append(rec("T-await-fax", channel="fax", submitted="2025-12-30", received=None))
    c.append(rec("T-await-letter", channel="letter", submitted="2024-12-31", received=None))
    # Closed after due_on: overdue even though closed.
    c.append(
        rec(
            "T-late-reply", submitted="2020-04-01", events=[ev("replied", "2020-06-01", outcome="not_processed.repeat")]
        )
    )
    # Closed exactly on due_on: not overdue.
    c.append(rec("T-on-due", submitted="2019-09-27", events=[ev("replied", "2019-10-30", outcome="disclosed")]))
    # Reconsideration and litigation after close, in later years.
    c.append(
        rec(
            "T-review",
            applicant="commercial",
            submitted="2022-12-20",
            events=[
                ev("replied", "2023-01-10", outcome="withheld.state_secret"),
                ev("reconsideration", "2023-02-01", result="corrected"),
                ev("litigation", "2023-03-01", after_reconsideration=False, result="other"),
                ev("litigation", "2024-01-05", after_reconsideration=True, result="upheld"),
            ],
        )
    )
    # Reconsideration and a direct lawsuit over a request left unanswered (Art. 51), then
    # the late reply: the review events leave the clock alone.
    c.append(
        rec(
            "T-review-open",
            applicant="legal_services",
            submitted="2024-09-02",
            events=[
                ev("reconsideration", "2024-11-04", result="corrected"),
                ev("litigation", "2024-12-30", after_reconsideration=False, result="pending"),
                ev("replied", "2025-01-06", outcome="disclosed"),
                ev("litigation", "2025-03-03", after_reconsideration=False, result="upheld"),
            ],
        )
    )
    # --- contract v2 --------------------------------------------------------------------
    # The ledger.md example itself (consultation kind given).
    c.append(
        rec(
            "V2-ledger-example",
            submitted="2019-09-26",
            received="2019-09-27",
            events=[
                ev("supplement_requested", "2019-09-30", supplement_by="2019-10-21"),
                ev("supplement_received", "2019-10-10"),
                ev("consultation_sent", "2019-10-14", party="某公司", kind="third_party"),
                ev("consultation_answered", "2019-10-18"),
                ev("extended", "2019-11-01", days=20),
                ev("replied", "2019-11-20", outcome="partial"),
                ev("reconsideration", "2019-12-02", result="upheld"),
                ev("litigation", "2020-01-06", after_reconsideration=True, result="pending"),
            ],
        )
    )
    # Another agency (Art. 34) pauses like a third party.
    c.append(
        rec(
            "V2-agency",
            submitted="2025-03-03",
            events=[
                ev("consultation_sent", "2025-03-05", party="某市司法局", kind="agency"),
                ev("consultation_answered", "2025-03-12"),
                ev("replied", "2025-04-10", outcome="disclosed"),
            ],
        )
    )
    # Fee notices: paid, unpaid (the request closes as unpaid_fee), per volume.
    c.append(
        rec(
            "V2-fee-paid",
            submitted="2025-03-03",
            events=[
                fee("2025-03-10", 100, "per_request", 11),
                ev("fee_paid", "2025-03-17"),
                ev("replied", "2025-04-08", outcome="disclosed"),
            ],
        )
    )
    c.append(
        rec(
            "V2-fee-unpaid",
            submitted="2025-06-03",
            events=[
                fee("2025-06-10", 1700, "per_volume", 150),
                ev("replied", "2025-07-30", outcome="other.unpaid_fee"),
            ],
        )
    )
    c.append(rec("V2-fee-open", submitted="2026-10-26", events=[fee("2026-11-02", 700, "per_volume", 100)]))
    # A consultation and a fee notice out at once: the shared days count once, and the
    # request is in consultation while both are open.
    c.append(
        rec(
            "V2-fee-and-consult",
            submitted="2025-09-01",
            events=[
                ev("consultation_sent", "2025-09-03", party="甲", kind="third_party"),
                fee("2025-09-05", 200, "per_request", 31),
                ev("consultation_answered", "2025-09-12"),
                ev("fee_paid", "2025-09-19"),
                ev("replied", "2025-10-31", outcome="partial"),
            ],
        )
    )
    # Late steps: stored, listed, moving nothing.
    c.append(
        rec(
            "V2-late-supplement",
            submitted="2026-03-02",
            events=[
                ev("supplement_requested", "2026-03-25", supplement_by="2026-04-10"),
                ev("supplement_received", "2026-04-01"),
                ev("replied", "2026-04-20", outcome="unavailable.still_unclear"),
            ],
        )
    )
    c.append(
        rec(
            "V2-late-supplement-abandoned",
            submitted="2026-03-02",
            events=[
                ev("supplement_requested", "2026-03-20", supplement_by="2026-04-03"),
                ev("abandoned", "2026-04-07"),
            ],
        )
    )
    c.append(
        rec(
            "V2-late-supplement-open",
            submitted="2026-10-12",
            events=[ev("supplement_requested", "2026-11-02", supplement_by="2026-11-30")],
        )
    )
    c.append(
        rec(
            "V2-late-extension",
            submitted="2025-03-03",
            events=[ev("extended", "2025-04-21", days=20), ev("replied", "2025-05-06", outcome="disclosed")],
        )
    )
    c.append(
        rec(
            "V2-extension-on-due-date",
            submitted="2025-03-03",
            events=[ev("extended", "2025-03-31", days=20), ev("replied", "2025-04-25", outcome="disclosed")],
        )
    )
    c.append(
        rec(
            "V2-late-consultation",
            submitted="2025-03-03",
            events=[
                ev("consultation_sent", "2025-04-08", party="某公司", kind="third_party"),
                ev("consultation_answered", "2025-04-15"),
                ev("replied", "2025-04-22", outcome="withheld.third_party"),
            ],
        )
    )
    c.append(
        rec(
            "V2-late-consultation-open",
            submitted="2026-10-12",
            events=[ev("consultation_sent", "2026-11-16", party="某公司", kind="agency")],
        )
    )
    c.append(
        rec(
            "V2-late-fee",
            submitted="2025-03-03",
            events=[
                fee("2025-04-02", 100, "per_request", 12),
                ev("fee_paid", "2025-04-09"),
                ev("replied", "2025-04-10", outcome="disclosed"),
            ],
        )
    )
    # Late after an on-time consultation still open (counted at its full limit): on time.
    c.append(
        rec(
            "V2-open-pause-full-limit",
            submitted="2025-03-03",
            events=[
                ev("consultation_sent", "2025-03-10", party="甲"),
                ev("extended", "2025-04-18", days=5),
                ev("consultation_answered", "2025-04-21"),
                ev("replied", "2025-04-30", outcome="disclosed"),
            ],
        )
    )
    # All four late in one history, in event order; the request stays overdue.
    c.append(
        rec(
            "V2-all-late",
            submitted="2025-03-03",
            events=[
                ev("supplement_requested", "2025-03-20", supplement_by="2025-03-27"),
                ev("supplement_received", "2025-03-26"),
                ev("consultation_sent", "2025-04-02", party="甲"),
                fee("2025-04-03", 100, "per_request", 15),
                ev("extended", "2025-04-07", days=20),
                ev("consultation_answered", "2025-04-09"),
                ev("fee_paid", "2025-04-10"),
                ev("replied", "2025-05-20", outcome="disclosed"),
            ],
        )
    )
    # Asked for reasons (Art. 35), then excessive.
    c.append(
        rec(
            "V2-reasons",
            submitted="2025-05-06",
            events=[
                ev("reasons_requested", "2025-05-08"),
                ev("replied", "2025-05-29", outcome="not_processed.excessive"),
            ],
        )
    )
    # Carried over across several years, every applicant type.
    for i, kind in enumerate(o.APPLICANT_TYPES):
        c.append(
            rec(
                f"T-carry-{kind[:10]}",
                applicant=kind,
                submitted=f"202{i}-12-2{i}",
                events=[
                    ev("extended", f"202{i + 1}-01-1{i}", days=10 + i),
                    ev("replied", f"202{i + 1}-02-0{i + 1}", outcome=FREE_OUTCOMES[i * 3]),
                ],
            )
        )
    return c


def as_of_dates(r) -> list[date]:
    """Interesting as-of dates for one record: around each event and around the due date."""
    days = {D(r["submitted_on"]), date(2030, 6, 30)}
    for e in r["events"]:
        days |= {D(e["on"]), D(e["on"]) - timedelta(days=1)}
    final = o.export_fields(r, date(2030, 6, 30))
    if final["due_on"]:
        due = D(final["due_on"])
        days |= {due, due + timedelta(days=1)}
    return sorted(days)


def test_tricky_cases_match_the_oracle(tmp_path):
    records = tricky_cases()
    assert import_ledger(records, tmp_path).strip() == str(len(records))
    as_ofs = sorted({d for r in records for d in as_of_dates(r)})
    for as_of in as_ofs:
        check_export(records, as_of)


def test_domain_examples_through_the_oracle():
    # Guard the oracle itself with the examples written in DOMAIN.md.
    assert o.add_workdays(D("2019-09-27"), 20) == D("2019-10-30")
    assert o.is_workday(D("2026-09-20")) and o.is_workday(D("2026-10-10"))
    assert not any(o.is_workday(D(f"2026-10-0{i}")) for i in range(1, 8))
    t = {r["reference"]: r for r in tricky_cases()}
    assert o.export_fields(t["T-2019-nd"], D("2019-10-31"))["due_on"] == "2019-10-30"
    assert o.export_fields(t["T-2019-nd"], D("2019-10-31"))["overdue"] is True


def test_tricky_cases_annual_reports(tmp_path):
    records = tricky_cases()
    import_ledger(records, tmp_path)
    for year in range(2019, 2028):
        check_report(records, year, tmp_path)


# --- hypothesis-generated valid ledgers ------------------------------------------------------------


@st.composite
def ledger_record(draw, reference: str) -> dict:
    channel = draw(st.sampled_from(CHANNELS))
    submitted = draw(st.dates(date(2019, 1, 1), date(2027, 2, 28)))
    kind = draw(st.sampled_from(o.APPLICANT_TYPES))
    if channel in ("online", "fax", "letter") and draw(st.integers(0, 9)) == 0:
        return rec(reference, channel=channel, submitted=submitted.isoformat(), received=None, applicant=kind)
    received = submitted if channel == "in_person" else submitted + timedelta(days=draw(st.integers(0, 4)))
    events: list[dict] = []
    day = received

    def step(lo, hi):
        return day + timedelta(days=draw(st.integers(lo, hi)))

    def outcome():
        """Any outcome the history so far supports (contract v2)."""
        types = [e["type"] for e in events]
        codes = list(FREE_OUTCOMES)
        if "supplement_requested" in types:
            codes += sorted(NEEDS_SUPPLEMENT)
        if types.count("fee_notified") > types.count("fee_paid"):
            codes.append("other.unpaid_fee")
        return draw(st.sampled_from(codes))

    def party():
        return {"party": "第三方", **draw(st.sampled_from([{}, {"kind": "third_party"}, {"kind": "agency"}]))}

    closed = False
    if draw(st.integers(0, 5)) == 0:
        events.append(ev("answered_on_spot", received.isoformat(), outcome=outcome()))
        closed = True
    else:
        if draw(st.integers(0, 5)) == 0:  # a consultation finished before the supplement notice
            day = step(0, 3)
            events.append(ev("consultation_sent", day.isoformat(), **party()))
            day = step(0, 6)
            events.append(ev("consultation_answered", day.isoformat()))
        if draw(st.booleans()):
            # Up to 10 working days after receipt: a notice after the 7th is late (contract v2).
            asked = max(day, o.add_workdays(received, draw(st.integers(0, 10))))
            by = asked + timedelta(days=draw(st.integers(3, 30)))
            events.append(ev("supplement_requested", asked.isoformat(), supplement_by=by.isoformat()))
            fate = draw(st.sampled_from(["received", "received", "abandoned", "pending"]))
            if fate == "pending":
                return rec(
                    reference,
                    channel=channel,
                    submitted=submitted.isoformat(),
                    received=received.isoformat(),
                    events=events,
                    applicant=kind,
                )
            if fate == "abandoned":
                day = by + timedelta(days=draw(st.integers(1, 5)))
                events.append(ev("abandoned", day.isoformat()))
                closed = True
            else:
                day = asked + timedelta(days=draw(st.integers(0, (by - asked).days)))
                events.append(ev("supplement_received", day.isoformat()))
        if not closed:
            n_consult = draw(st.integers(0, 2))
            extension_at = draw(st.integers(0, n_consult)) if draw(st.booleans()) else None
            for i in range(n_consult + 1):
                if extension_at == i:
                    day = step(0, 25)
                    days = draw(st.sampled_from([1, 20, draw(st.integers(1, 20))]))
                    events.append(ev("extended", day.isoformat(), days=days))
                if i == n_consult:
                    break
                day = step(0, 15)
                events.append(ev("consultation_sent", day.isoformat(), **party()))
                if draw(st.integers(0, 3)) == 0:  # a second party written to meanwhile
                    day = step(0, 10)
                    events.append(ev("consultation_sent", day.isoformat(), party="另一方"))
                    if i < n_consult - 1 or draw(st.booleans()):
                        day = step(0, 30)
                        events.append(ev("consultation_answered", day.isoformat()))
                if i < n_consult - 1 or draw(st.integers(0, 3)) > 0:
                    day = step(0, 40)
                    events.append(ev("consultation_answered", day.isoformat()))
            if draw(st.integers(0, 2)) == 0:  # a fee notice, perhaps paid, perhaps late
                day = step(0, 30)
                method = draw(st.sampled_from(["per_request", "per_volume"]))
                count = draw(st.integers(11, 60) if method == "per_request" else st.integers(31, 400))
                events.append(fee(day.isoformat(), draw(st.integers(100, 9000)), method, count))
                if draw(st.booleans()):
                    day = step(0, 35)
                    events.append(ev("fee_paid", day.isoformat()))
            if draw(st.integers(0, 6)) == 0:  # Art. 35
                day = step(0, 10)
                events.append(ev("reasons_requested", day.isoformat()))
            if draw(st.integers(0, 5)) == 0:  # a challenge before any reply (Art. 51)
                day = step(0, 40)
                events.append(ev("reconsideration", day.isoformat(), result=draw(st.sampled_from(o.RESULTS))))
            if draw(st.integers(0, 4)) > 0:
                day = step(0, 45)
                events.append(ev("replied", day.isoformat(), outcome=outcome()))
                closed = True
    if closed:
        for _ in range(draw(st.integers(0, 2))):
            day = step(1, 200)
            if draw(st.booleans()):
                events.append(ev("reconsideration", day.isoformat(), result=draw(st.sampled_from(o.RESULTS))))
            else:
                events.append(
                    ev(
                        "litigation",
                        day.isoformat(),
                        after_reconsideration=draw(st.booleans()),
                        result=draw(st.sampled_from(o.RESULTS)),
                    )
                )
    return rec(
        reference,
        channel=channel,
        submitted=submitted.isoformat(),
        received=received.isoformat(),
        events=events,
        applicant=kind,
    )


@st.composite
def ledgers(draw) -> list[dict]:
    n = draw(st.integers(1, 6))
    return [draw(ledger_record(f"H-{i:02d}")) for i in range(n)]


def _wipe():
    RequestEvent.objects.all().delete()
    InformationRequest.objects.all().delete()


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(records=ledgers(), data=st.data())
def test_generated_ledgers_match_the_oracle(records, data, tmp_path):
    _wipe()
    try:
        import_ledger(records, tmp_path)
        firsts = [D(r["submitted_on"]) for r in records]
        lasts = [D(e["on"]) for r in records for e in r["events"]] + firsts
        as_ofs = {max(lasts) + timedelta(days=data.draw(st.integers(0, 60)))}
        as_ofs.add(data.draw(st.dates(min(firsts), max(lasts) + timedelta(days=40))))
        # Just after a random event, where statuses such as in_consultation live.
        as_ofs.add(data.draw(st.sampled_from(lasts)) + timedelta(days=data.draw(st.integers(0, 25))))
        for as_of in as_ofs:
            check_export(records, as_of)
            for r in records:  # coverage, shown by --hypothesis-show-statistics
                f = o.export_fields(r, as_of)
                event(f"status={f['status']}")
                for flag in ("overdue", "provisional"):
                    if f[flag]:
                        event(flag)
                for code in f["irregularities"]:
                    event(code)
        years = sorted({d.year for d in lasts})
        for year in {data.draw(st.sampled_from(years)), years[-1]}:
            check_report(records, year, tmp_path)
    finally:
        _wipe()


# --- workdays add / between ----------------------------------------------------------------------


def _warned_years(err: str) -> set[int]:
    return {int(y) for y in re.findall(r"(\d{4})\s*年", err)}


@settings(max_examples=EXAMPLES * 2, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=st.dates(date(2018, 6, 1), date(2028, 6, 30)), n=st.integers(0, 200))
def test_workdays_add(start, n):
    out, err = run("workdays", "add", start.isoformat(), str(n))
    want = o.add_workdays(start, n)
    assert out.strip() == want.isoformat()
    if n > 0:
        unknown = {y for y in range(start.year, want.year + 1) if not o.is_known(y)}
        assert o.span_unknown(start, want) == bool(unknown)
        assert _warned_years(err) == unknown, err


@settings(max_examples=EXAMPLES * 2, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(a=st.dates(date(2018, 6, 1), date(2028, 6, 30)), delta=st.integers(-400, 400))
def test_workdays_between(a, delta):
    b = a + timedelta(days=delta)
    out, _ = run("workdays", "between", a.isoformat(), b.isoformat())
    assert int(out.strip()) == o.workdays_between(a, b)


@pytest.mark.parametrize(
    ("start", "n", "want"),
    [
        ("2019-09-27", 20, "2019-10-30"),
        ("2026-09-30", 1, "2026-10-08"),
        ("2026-09-30", 3, "2026-10-10"),
        ("2026-10-10", 0, "2026-10-10"),
        ("2024-02-09", 1, "2024-02-18"),
        ("2020-01-23", 1, "2020-02-03"),
        ("2026-12-31", 1, "2027-01-01"),
    ],
)
def test_workdays_add_known_answers(start, n, want):
    out, _ = run("workdays", "add", start, str(n))
    assert out.strip() == want == o.add_workdays(D(start), n).isoformat()


def test_supplement_restart_drops_earlier_pause(tmp_path):
    r = rec(
        "T-pause-restart",
        submitted="2025-06-03",
        events=[
            ev("consultation_sent", "2025-06-04", party="甲"),
            ev("consultation_answered", "2025-06-09"),
            ev("supplement_requested", "2025-06-10", supplement_by="2025-06-20"),
            ev("supplement_received", "2025-06-16"),
        ],
    )
    import_ledger([r], tmp_path)
    as_of = D("2025-06-17")
    check_export([r], as_of)
    assert o.export_fields(r, as_of)["due_on"] == o.add_workdays(D("2025-06-16"), 20).isoformat()


@pytest.mark.parametrize(
    "args",
    [
        ("add", "2026-01-05", "201"),
        ("add", "2026-01-05", "-1"),
        ("add", "2026-13-01", "3"),
        ("between", "2026-01-05", "x"),
    ],
)
def test_workdays_refuses_bad_input(args):
    with pytest.raises(CommandError) as info:
        run("workdays", *args)
    assert "\n" not in str(info.value)


# --- CSV export ------------------------------------------------------------------------------------


def test_csv_export_has_bom_chinese_headers_and_the_json_values(tmp_path):
    records = tricky_cases()
    import_ledger(records, tmp_path)
    as_of = D("2026-11-26")
    out, _ = run("export_requests", "--format", "csv", "--as-of", as_of.isoformat())
    assert out.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(out[1:])))
    header, body = rows[0], rows[1:]
    assert all(re.search(r"[\u4e00-\u9fff]", h) for h in header), header
    assert not any(re.fullmatch(r"[A-Za-z_]+", h) for h in header), header
    assert len(body) == len(records)
    by_ref = {}
    for row in body:
        refs = [v for v in row if v in {r["reference"] for r in records}]
        assert len(refs) == 1, row
        by_ref[refs[0]] = row
    for r in records:
        want = o.export_fields(r, as_of)
        row = by_ref[r["reference"]]
        for f in ("due_on", "supplement_notice_due_on", "closed_on"):
            if want[f]:
                assert want[f] in row, (r["reference"], f, row)
        if want["outcome"]:
            assert any(want["outcome"] in v for v in row), (r["reference"], row)
        late_cell = row[header.index("逾期办理事项")]
        assert (late_cell.split(";") if late_cell else []) == want["irregularities"], (r["reference"], late_cell)


# --- refusals ----------------------------------------------------------------------------------------


def _good(ref):
    return rec(ref, submitted="2025-03-03", events=[ev("replied", "2025-03-20", outcome="disclosed")])


REFUSALS = {
    "reply_before_receipt": (
        rec(
            "BAD",
            submitted="2025-03-03",
            received="2025-03-10",
            events=[ev("replied", "2025-03-05", outcome="disclosed")],
        ),
        ["events[0]"],
    ),
    "two_replies": (
        rec(
            "BAD",
            submitted="2025-03-03",
            events=[ev("replied", "2025-03-05", outcome="disclosed"), ev("replied", "2025-03-06", outcome="partial")],
        ),
        ["events[1]"],
    ),
    "event_after_close": (
        rec(
            "BAD",
            submitted="2025-03-03",
            events=[ev("replied", "2025-03-05", outcome="disclosed"), ev("extended", "2025-03-06", days=5)],
        ),
        ["events[1]"],
    ),
    "event_after_spot": (
        rec(
            "BAD",
            channel="in_person",
            submitted="2025-03-03",
            events=[
                ev("answered_on_spot", "2025-03-03", outcome="disclosed"),
                ev("consultation_sent", "2025-03-06", party="甲"),
            ],
        ),
        ["events[1]"],
    ),
    "second_extension": (
        rec(
            "BAD",
            submitted="2025-03-03",
            events=[ev("extended", "2025-03-20", days=5), ev("extended", "2025-03-25", days=5)],
        ),
        ["events[1]"],
    ),
    "extension_21": (rec("BAD", submitted="2025-03-03", events=[ev("extended", "2025-03-20", days=21)]), ["days"]),
    "extension_0": (rec("BAD", submitted="2025-03-03", events=[ev("extended", "2025-03-20", days=0)]), ["days"]),
    "unknown_outcome": (
        rec("BAD", submitted="2025-03-03", events=[ev("replied", "2025-03-20", outcome="granted")]),
        ["outcome"],
    ),
    "unknown_spot_outcome": (
        rec(
            "BAD",
            channel="in_person",
            submitted="2025-03-03",
            events=[ev("answered_on_spot", "2025-03-03", outcome="withheld.secret")],
        ),
        ["outcome"],
    ),
    "bad_applicant_type": (rec("BAD", submitted="2025-03-03", applicant="company"), ["type"]),
    "bad_channel": (rec("BAD", channel="email", submitted="2025-03-03"), ["channel"]),
    "registered_mail_without_receipt": (
        rec("BAD", channel="registered_mail", submitted="2025-03-03", received=None),
        ["received_on"],
    ),
    # ledger.md: received_on "may be absent only while the request is still waiting for the
    # office to confirm it (online, fax, letter)".
    "in_person_without_receipt": (
        rec("BAD", channel="in_person", submitted="2025-03-03", received=None),
        ["received_on"],
    ),
    # Contract v2.
    "unknown_consultation_kind": (
        rec("BAD", submitted="2025-03-03", events=[ev("consultation_sent", "2025-03-05", party="甲", kind="court")]),
        ["kind"],
    ),
    "fee_paid_without_notice": (
        rec("BAD", submitted="2025-03-03", events=[ev("fee_paid", "2025-03-05")]),
        ["events[0]"],
    ),
    "fee_paid_twice": (
        rec(
            "BAD",
            submitted="2025-03-03",
            events=[
                fee("2025-03-05", 100, "per_request", 11),
                ev("fee_paid", "2025-03-06"),
                ev("fee_paid", "2025-03-07"),
            ],
        ),
        ["events[2]"],
    ),
    "fee_without_method": (
        rec(
            "BAD",
            submitted="2025-03-03",
            events=[{"type": "fee_notified", "on": "2025-03-05", "amount_yuan": 100, "count": 11}],
        ),
        ["method"],
    ),
    "fee_without_amount": (
        rec(
            "BAD",
            submitted="2025-03-03",
            events=[{"type": "fee_notified", "on": "2025-03-05", "method": "per_volume", "count": 40}],
        ),
        ["amount_yuan"],
    ),
    "fee_without_count": (
        rec(
            "BAD",
            submitted="2025-03-03",
            events=[{"type": "fee_notified", "on": "2025-03-05", "amount_yuan": 100, "method": "per_volume"}],
        ),
        ["count"],
    ),
    "still_unclear_without_supplement": (
        rec("BAD", submitted="2025-03-03", events=[ev("replied", "2025-03-20", outcome="unavailable.still_unclear")]),
        ["outcome"],
    ),
    "no_supplement_without_supplement": (
        rec("BAD", submitted="2025-03-03", events=[ev("replied", "2025-03-20", outcome="other.no_supplement")]),
        ["outcome"],
    ),
    "unpaid_fee_without_notice": (
        rec("BAD", submitted="2025-03-03", events=[ev("replied", "2025-03-20", outcome="other.unpaid_fee")]),
        ["outcome"],
    ),
    "unpaid_fee_after_payment": (
        rec(
            "BAD",
            submitted="2025-03-03",
            events=[
                fee("2025-03-05", 100, "per_request", 11),
                ev("fee_paid", "2025-03-06"),
                ev("replied", "2025-03-20", outcome="other.unpaid_fee"),
            ],
        ),
        ["outcome"],
    ),
    "bad_review_result": (
        rec(
            "BAD",
            submitted="2025-03-03",
            events=[
                ev("replied", "2025-03-20", outcome="disclosed"),
                ev("reconsideration", "2025-04-01", result="won"),
            ],
        ),
        ["result"],
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_refusals_store_nothing_and_name_index_and_field(case, tmp_path):
    import_ledger([_good("OLD-1")], tmp_path, name="first.json")
    before = (InformationRequest.objects.count(), RequestEvent.objects.count())
    bad, fields = REFUSALS[case]
    with pytest.raises(CommandError) as info:
        import_ledger([_good("NEW-1"), _good("NEW-2"), bad, _good("NEW-3")], tmp_path)
    message = str(info.value)
    assert "\n" not in message.strip(), message
    assert re.search(r"(?<!\d)2(?!\d)", message), f"record index 2 not named: {message}"
    assert any(f in message for f in fields), f"field {fields} not named: {message}"
    assert "BAD" in message, f"reference not named: {message}"
    assert (InformationRequest.objects.count(), RequestEvent.objects.count()) == before


def test_duplicate_reference_in_file_and_against_stored(tmp_path):
    import_ledger([_good("DUP-1")], tmp_path, name="first.json")
    before = InformationRequest.objects.count()
    for batch in ([_good("X-1"), _good("X-2"), _good("DUP-1")], [_good("X-1"), _good("X-2"), _good("X-2")]):
        with pytest.raises(CommandError) as info:
            import_ledger(batch, tmp_path)
        message = str(info.value)
        assert "\n" not in message.strip(), message
        assert re.search(r"(?<!\d)2(?!\d)", message) and "reference" in message, message
        assert InformationRequest.objects.count() == before


@pytest.mark.django_db(transaction=True)
def test_refusal_exit_code_and_one_line_stderr(tmp_path):
    from django.db import connection

    path = tmp_path / "bad.json"
    path.write_text(json.dumps([_good("OK-1"), REFUSALS["second_extension"][0]], ensure_ascii=False), encoding="utf-8")
    if connection.vendor == "postgresql":
        name = connection.settings_dict["NAME"]
        url = f"postgres://postgres@127.0.0.1:5432/{name}"
    else:  # the in-memory test database is invisible to a subprocess: give it its own file
        url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings_test", "DATABASE_URL": url}
    if connection.vendor != "postgresql":
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300)
    proc = subprocess.run(
        [sys.executable, "manage.py", "import_requests", str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode != 0
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, proc.stderr
    assert "索引 1" in lines[0] and "events[1]" in lines[0], lines[0]
    assert InformationRequest.objects.count() == 0


def test_future_dated_reply_counts_in_the_annual_report(tmp_path):
    """Regression: the import cached the clock as of today, so a stored reply dated after
    today was missing from table 三 (the report reads the cached closed_on/outcome)."""
    from django.utils import timezone

    received = timezone.localdate() + timedelta(days=30)
    replied = received + timedelta(days=3)
    r = rec(
        "FUT-1",
        applicant="research",
        submitted=received.isoformat(),
        events=[ev("replied", replied.isoformat(), outcome="withheld.process_info")],
    )
    import_ledger([r], tmp_path)
    for year in sorted({received.year, replied.year, replied.year + 1}):
        check_report([r], year, tmp_path)
    assert annual(replied.year, tmp_path)["table3"]["outcomes"]["withheld.process_info"]["research"] == 1
    # The export as of today still shows it as not yet received.
    assert export_json(timezone.localdate())["FUT-1"]["status"] == "awaiting_confirmation"


def test_export_reimports_to_the_same_ledger(tmp_path):
    """Agencies move ledgers between systems: the JSON export is itself importable."""
    records = tricky_cases()
    import_ledger(records, tmp_path)
    as_of = D("2026-11-26")
    first = export_json(as_of)
    _wipe()
    (tmp_path / "again.json").write_text(json.dumps(list(first.values()), ensure_ascii=False), encoding="utf-8")
    out, _ = run("import_requests", str(tmp_path / "again.json"))
    assert out.strip() == str(len(records))
    assert export_json(as_of) == first


def test_explanation_states_overlapping_pauses_once():
    """The clock explanation (staff and public pages) shows the combined pause when
    letters overlap, so the per-letter figures do not appear to be added up."""
    from django.template.loader import render_to_string

    from portal import workdays
    from requests_app.deadlines import compute

    r = {t["reference"]: t for t in tricky_cases()}["T-consult-overlap"]
    as_of = D("2025-04-30")
    clock = compute(
        events=r["events"],
        channel=r["channel"],
        submitted_on=D(r["submitted_on"]),
        received_on=D(r["received_on"]),
        calendar=workdays.current(),
        as_of=as_of,
    )
    assert clock.due_on.isoformat() == o.export_fields(r, as_of)["due_on"]
    paused = len(o.workdays_in(D("2025-03-05"), D("2025-03-14")) | o.workdays_in(D("2025-03-06"), D("2025-03-20")))
    assert clock.explanation.paused_days == paused < sum(p.days for p in clock.explanation.pauses)
    html = render_to_string("requests_app/_explanation.html", {"clock": clock, "ex": clock.explanation})
    assert f"共顺延 {paused} 个工作日" in html


# --- contract v2: late steps move nothing -------------------------------------------------------


def _compute(r, as_of):
    from portal import workdays
    from requests_app.deadlines import compute

    return compute(
        events=r["events"],
        channel=r["channel"],
        submitted_on=D(r["submitted_on"]),
        received_on=D(r["received_on"]) if r.get("received_on") else None,
        calendar=workdays.current(),
        as_of=as_of,
    )


LATE_STEPS = {
    "late_extension": lambda on: ev("extended", on, days=20),
    "late_consultation": lambda on: ev("consultation_sent", on, party="迟发函的第三方", kind="third_party"),
    "late_fee_notice": lambda on: fee(on, 100, "per_request", 11),
    "late_supplement_notice": lambda on: ev(
        "supplement_requested", on, supplement_by=(D(on) + timedelta(days=10)).isoformat()
    ),
}


@settings(max_examples=EXAMPLES * 2, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    r=ledger_record("LATE"),
    kind=st.sampled_from(sorted(LATE_STEPS)),
    after=st.integers(1, 60),
    reply=st.booleans(),
    data=st.data(),
)
def test_adding_a_late_step_never_changes_due_on(r, kind, after, reply, data):
    """Contract v2: take a random valid history while it is still open, add a step dated
    after its limit (the due date in force, or receipt + 7 working days), and perhaps the
    reply after it: due_on, and whether the request is overdue, are what they were."""
    from hypothesis import assume

    from requests_app.deadlines import validate_history

    assume(r.get("received_on"))
    closing = next(
        (i for i, e in enumerate(r["events"]) if e["type"] in ("replied", "answered_on_spot", "abandoned")),
        len(r["events"]),
    )
    events = [e for e in r["events"][:closing] if e["type"] not in ("reconsideration", "litigation")]
    base = {**r, "events": events}
    far = date(2031, 1, 1)
    before = _compute(base, far)
    assume(before.due_on is not None)
    last = max([D(r["received_on"]), *(D(e["on"]) for e in events)])
    limit = before.supplement_notice_due_on if kind == "late_supplement_notice" else before.due_on
    on = max(last, limit) + timedelta(days=after)
    late = {**base, "events": [*events, LATE_STEPS[kind](on.isoformat())]}
    if reply:
        late["events"].append(
            ev("replied", (on + timedelta(days=data.draw(st.integers(0, 30)))).isoformat(), outcome="disclosed")
        )
    # Only histories the importer accepts (e.g. not a second extension or supplement notice).
    assume(
        not validate_history(
            channel=late["channel"],
            submitted_on=late["submitted_on"],
            received_on=late["received_on"],
            events=late["events"],
        )
    )
    after_clock = _compute(late, far)
    assert after_clock.due_on == before.due_on
    assert kind in after_clock.irregularity_codes
    assert o.export_fields(late, far)["due_on"] == before.due_on.isoformat()
    if reply:
        assert after_clock.overdue == (D(late["events"][-1]["on"]) > before.due_on)
    else:
        assert after_clock.overdue  # far in the future, still open: overdue stays overdue


def test_late_steps_through_import_keep_due_on_and_are_listed(tmp_path):
    """The importer keeps each late step as it happened and flags it; due_on is the one
    of the same history without it, and an overdue request stays overdue."""
    cases = {r["reference"]: r for r in tricky_cases() if r["reference"].startswith("V2-late")}
    cases["V2-all-late"] = {r["reference"]: r for r in tricky_cases()}["V2-all-late"]
    import_ledger(list(cases.values()), tmp_path)
    as_of = D("2026-11-30")
    got = export_json(as_of)
    expected = {
        "V2-late-supplement": ["late_supplement_notice"],
        "V2-late-supplement-abandoned": ["late_supplement_notice"],
        "V2-late-supplement-open": ["late_supplement_notice"],
        "V2-late-extension": ["late_extension"],
        "V2-late-consultation": ["late_consultation"],
        "V2-late-consultation-open": ["late_consultation"],
        "V2-late-fee": ["late_fee_notice"],
        "V2-all-late": ["late_supplement_notice", "late_consultation", "late_fee_notice", "late_extension"],
    }
    for ref, codes in expected.items():
        r = cases[ref]
        assert got[ref]["irregularities"] == codes, ref
        assert len(got[ref]["events"]) == len(r["events"]), ref  # stored as they happened
        plain = o.add_workdays(D(r["received_on"]), 20)  # nothing on time moved it
        assert got[ref]["due_on"] == plain.isoformat(), ref
        assert got[ref]["overdue"] is True, ref
