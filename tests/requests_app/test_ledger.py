"""import_requests / export_requests per contracts/ledger.md, including every refusal."""

import copy
import csv
import io
import json

import pytest

from requests_app.models import InformationRequest
from tests.requests_app.cli import run_cli

pytestmark = pytest.mark.django_db

EXAMPLE = {
    "reference": "2019-0007",
    "applicant": {
        "type": "natural_person",
        "name": "张三",
        "id_number": "220102199001011234",
        "phone": "13800000000",
        "email": "zhang@example.com",
        "address": "长春市某路1号",
    },
    "channel": "online",
    "submitted_on": "2019-09-26",
    "received_on": "2019-09-27",
    "description": "申请公开……",
    "events": [
        {"type": "supplement_requested", "on": "2019-09-30", "supplement_by": "2019-10-21"},
        {"type": "supplement_received", "on": "2019-10-10"},
        {"type": "consultation_sent", "on": "2019-10-14", "party": "某公司"},
        {"type": "consultation_answered", "on": "2019-10-18"},
        {"type": "extended", "on": "2019-11-01", "days": 20},
        {"type": "replied", "on": "2019-11-20", "outcome": "partial"},
        {"type": "reconsideration", "on": "2019-12-02", "result": "upheld"},
        {"type": "litigation", "on": "2020-01-06", "after_reconsideration": True, "result": "pending"},
    ],
}


run = run_cli


def write(tmp_path, records, name="ledger.json"):
    path = tmp_path / name
    path.write_text(json.dumps(records, ensure_ascii=False, indent=2), encoding="utf-8")
    return str(path)


def test_import_then_export_round_trip(capsys, tmp_path):
    code, out, err = run(capsys, "import_requests", write(tmp_path, [EXAMPLE]))
    assert (code, out.strip()) == (0, "1"), err
    code, out, _ = run(capsys, "export_requests", "--as-of", "2026-11-26")
    assert code == 0
    [rec] = json.loads(out)
    for key in ("reference", "applicant", "channel", "submitted_on", "received_on", "description", "events"):
        assert rec[key] == EXAMPLE[key], key
    assert rec["status"] == "closed"
    assert rec["due_on"] == "2019-12-10"
    assert rec["supplement_notice_due_on"] == "2019-10-12"
    assert (rec["overdue"], rec["closed_on"], rec["outcome"], rec["provisional"]) == (
        False,
        "2019-11-20",
        "partial",
        False,
    )
    row = InformationRequest.objects.get(reference="2019-0007")
    assert (row.status, row.due_on.isoformat(), row.outcome) == ("closed", "2019-12-10", "partial")


def test_export_as_of_earlier_date(capsys, tmp_path):
    run(capsys, "import_requests", write(tmp_path, [EXAMPLE]))
    _, out, _ = run(capsys, "export_requests", "--as-of", "2019-10-01")
    [rec] = json.loads(out)
    assert (rec["status"], rec["due_on"], rec["closed_on"]) == ("awaiting_supplement", None, None)


def test_csv_has_bom_and_chinese_headers(capsys, tmp_path):
    run(capsys, "import_requests", write(tmp_path, [EXAMPLE]))
    code, out, _ = run(capsys, "export_requests", "--format", "csv", "--as-of", "2026-11-26")
    assert code == 0 and out.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    assert rows[0][0] == "申请编号" and "答复期限" in rows[0]
    assert rows[1][0] == "2019-0007" and rows[1][rows[0].index("答复期限")] == "2019-12-10"


def test_awaiting_confirmation_and_provisional_fields(capsys, tmp_path):
    recs = [
        {
            "reference": "2026-A1",
            "applicant": {"type": "commercial", "name": "某公司"},
            "channel": "online",
            "submitted_on": "2026-11-20",
            "description": "x",
            "events": [],
        },
        {
            "reference": "2026-A2",
            "applicant": {"type": "research", "name": "某研究所"},
            "channel": "in_person",
            "submitted_on": "2026-12-10",
            "received_on": "2026-12-10",
            "description": "y",
            "events": [],
        },
    ]
    assert run(capsys, "import_requests", write(tmp_path, recs))[0] == 0
    _, out, _ = run(capsys, "export_requests", "--as-of", "2026-12-11")
    a1, a2 = sorted(json.loads(out), key=lambda r: r["reference"])
    assert (a1["status"], a1["due_on"], a1["supplement_notice_due_on"]) == ("awaiting_confirmation", None, None)
    assert (a2["status"], a2["due_on"], a2["provisional"]) == ("in_progress", "2027-01-07", True)


def bad(**changes):
    rec = copy.deepcopy(EXAMPLE)
    for key, value in changes.items():
        if key == "events":
            rec["events"] = value
        elif key.startswith("applicant_"):
            rec["applicant"][key[len("applicant_") :]] = value
        else:
            rec[key] = value
    return rec


E = EXAMPLE["events"]
REPLY = {"type": "replied", "on": "2019-10-20", "outcome": "disclosed"}
REFUSALS = [
    (
        "reply before receipt",
        bad(events=[{"type": "replied", "on": "2019-09-26", "outcome": "disclosed"}]),
        "events[0].on",
    ),
    (
        "two replies",
        bad(events=[REPLY, {"type": "replied", "on": "2019-10-21", "outcome": "partial"}]),
        "events[1].type",
    ),
    ("event after closing", bad(events=[REPLY, {"type": "extended", "on": "2019-10-22", "days": 5}]), "events[1].type"),
    (
        "second extension",
        bad(
            events=[
                {"type": "extended", "on": "2019-10-08", "days": 5},
                {"type": "extended", "on": "2019-10-09", "days": 5},
            ]
        ),
        "events[1].type",
    ),
    ("extension over 20", bad(events=[{"type": "extended", "on": "2019-10-08", "days": 21}]), "events[0].days"),
    ("extension zero", bad(events=[{"type": "extended", "on": "2019-10-08", "days": 0}]), "events[0].days"),
    (
        "unknown outcome",
        bad(events=[{"type": "replied", "on": "2019-10-08", "outcome": "granted"}]),
        "events[0].outcome",
    ),
    ("missing outcome", bad(events=[{"type": "replied", "on": "2019-10-08"}]), "events[0].outcome"),
    ("out of order", bad(events=[E[1], E[0]]), "events[1].on"),
    ("supplement without request", bad(events=[E[1]]), "events[0].type"),
    ("answer without consultation", bad(events=[E[3]]), "events[0].type"),
    ("unknown type", bad(events=[{"type": "granted", "on": "2019-10-08"}]), "events[0].type"),
    ("bad date", bad(events=[{"type": "replied", "on": "2019-13-01", "outcome": "disclosed"}]), "events[0].on"),
    ("unknown applicant type", bad(applicant_type="citizen"), "applicant.type"),
    ("missing name", bad(applicant_name=""), "applicant.name"),
    ("unknown channel", bad(channel="pigeon"), "channel"),
    ("received before submitted", bad(received_on="2019-09-20"), "received_on"),
    ("in person without receipt", bad(channel="in_person", received_on=None, events=[]), "received_on"),
    ("events without receipt", bad(received_on=None), "events[0].type"),
    ("abandoned before deadline", bad(events=[E[0], {"type": "abandoned", "on": "2019-10-15"}]), "events[1].on"),
    (
        "second supplement request",
        bad(events=[E[0], E[1], {"type": "supplement_requested", "on": "2019-10-11", "supplement_by": "2019-10-30"}]),
        "events[2].type",
    ),
    (
        "bad result",
        bad(events=[REPLY, {"type": "reconsideration", "on": "2019-10-28", "result": "won"}]),
        "events[1].result",
    ),
    (
        "litigation without flag",
        bad(events=[REPLY, {"type": "litigation", "on": "2019-10-28", "result": "upheld"}]),
        "events[1].after_reconsideration",
    ),
    (
        "on the spot later",
        bad(events=[{"type": "answered_on_spot", "on": "2019-09-30", "outcome": "disclosed"}]),
        "events[0].on",
    ),
    ("missing reference", bad(reference=""), "reference"),
]


@pytest.mark.parametrize("name,record,field", REFUSALS, ids=[r[0] for r in REFUSALS])
def test_each_inconsistency_is_refused_and_nothing_is_stored(capsys, tmp_path, name, record, field):
    good = copy.deepcopy(EXAMPLE)
    good["reference"] = "2019-0001"
    code, out, err = run(capsys, "import_requests", write(tmp_path, [good, record]))
    assert code != 0 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert "第 2 条" in err and "索引 1" in err and field in err, err
    if record.get("reference"):
        assert record["reference"] in err
    assert InformationRequest.objects.count() == 0


def test_duplicate_reference_in_database_is_an_error(capsys, tmp_path):
    assert run(capsys, "import_requests", write(tmp_path, [EXAMPLE]))[0] == 0
    code, _, err = run(capsys, "import_requests", write(tmp_path, [EXAMPLE], "again.json"))
    assert code != 0 and "2019-0007" in err and "reference" in err
    assert InformationRequest.objects.count() == 1


def test_duplicate_reference_inside_file_is_an_error(capsys, tmp_path):
    code, _, err = run(capsys, "import_requests", write(tmp_path, [EXAMPLE, EXAMPLE]))
    assert code != 0 and "索引 1" in err
    assert InformationRequest.objects.count() == 0


def test_not_json_and_not_a_list(capsys, tmp_path):
    p = tmp_path / "x.json"
    p.write_text("{not json", encoding="utf-8")
    assert run(capsys, "import_requests", str(p))[0] != 0
    p.write_text("{}", encoding="utf-8")
    assert run(capsys, "import_requests", str(p))[0] != 0
    assert run(capsys, "import_requests", str(tmp_path / "missing.json"))[0] != 0


def test_export_rejects_bad_as_of(capsys):
    code, out, err = run(capsys, "export_requests", "--as-of", "yesterday")
    assert code != 0 and out == "" and len(err.strip().splitlines()) == 1


def test_contract_v2_example_round_trips_with_kind_and_fee_fields(capsys, tmp_path):
    """docs/cli.md (contract v2): the example with its consultation kind, plus a fee notice
    and its payment, exports as imported, with an empty `irregularities`."""
    record = copy.deepcopy(EXAMPLE)
    record["events"][2]["kind"] = "agency"
    record["events"][4:4] = [
        {"type": "fee_notified", "on": "2019-10-21", "amount_yuan": 700, "method": "per_volume", "count": 100},
        {"type": "fee_paid", "on": "2019-10-24"},
    ]
    code, out, err = run(capsys, "import_requests", write(tmp_path, [record]))
    assert (code, out.strip()) == (0, "1"), err
    code, out, _ = run(capsys, "export_requests", "--as-of", "2026-11-26")
    [rec] = json.loads(out)
    assert rec["events"] == record["events"]
    assert rec["irregularities"] == []
    code, out, _ = run(capsys, "export_requests", "--format", "csv", "--as-of", "2026-11-26")
    header = next(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    assert header[-1] == "逾期办理事项"
