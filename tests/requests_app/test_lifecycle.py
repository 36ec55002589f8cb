"""The lifecycle table (requests_app/lifecycle.py) and what the staff screens make of it:
actions offered by asking the table, late steps refused with the date, outcomes that need
their history, the fee notice and the request for reasons (contract v2, docs/domain.md §3)."""

import io
import json
from datetime import date
from unittest import mock

import pytest
from django.core.management import call_command

from portal import workdays
from requests_app import fees, lifecycle, services
from requests_app.choices import EventType
from requests_app.deadlines import validate_history
from requests_app.models import InformationRequest
from requests_app.views import ACTIONS, available_actions

from .factories import handler, head, in_person
from .letters_helpers import configured_profile, reply_on_screen

# Steps issue their letters, which name the body: a filled-in site profile (issue 8).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_profile")]
D = date.fromisoformat
RECEIVED = D("2026-03-02")  # Monday: notice due 2026-03-11, reply due 2026-03-30


def post(client, req, action, data):
    r = client.post(f"/staff/requests/{req.pk}/{action}/", data)
    return r.status_code, r.content.decode()


# --- late steps: the staff screen refuses them and quotes the date ---------------------------


@pytest.mark.parametrize(
    ("action", "data", "date_quoted", "article"),
    [
        (
            "supplement",
            {"on": "2026-03-12", "supplement_by": "2026-03-26", "text": "请写明文件名称"},
            "2026年3月11日",
            "第三十条",
        ),
        ("extend", {"on": "2026-03-31", "days": 10, "reason": "需要检索档案"}, "2026年3月30日", "第三十三条"),
        (
            "consult",
            {"on": "2026-03-31", "party": "某公司", "kind": "third_party", "text": ""},
            "2026年3月30日",
            "第三十二条",
        ),
        ("fee", {"on": "2026-03-31", "method": "per_volume", "count": 150}, "2026年3月30日", "国办函〔2020〕109号"),
    ],
)
def test_staff_screen_refuses_a_late_step_with_the_date(client, action, data, date_quoted, article):
    boss = head()
    req = in_person(boss, RECEIVED)
    client.force_login(boss)
    status, body = post(client, req, action, data)
    assert status == 400
    assert date_quoted in body and article in body
    assert "已超过" in body or "届满" in body
    req.refresh_from_db()
    assert list(req.events.values_list("type", flat=True)) == ["received"]
    assert (req.due_on, req.overdue) == (D("2026-03-30"), True)  # an overdue request stays overdue


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("supplement", {"on": "2026-03-11", "supplement_by": "2026-03-25", "text": "请写明文件名称"}),
        ("extend", {"on": "2026-03-30", "days": 10, "reason": "需要检索档案"}),
        ("consult", {"on": "2026-03-30", "party": "某市司法局", "kind": "agency", "text": ""}),
        ("fee", {"on": "2026-03-30", "method": "per_volume", "count": 150}),
    ],
)
def test_a_step_on_the_last_day_is_on_time(client, action, data):
    boss = head()
    req = in_person(boss, RECEIVED)
    client.force_login(boss)
    assert post(client, req, action, data)[0] == 302
    assert req.events.exclude(type="received").count() == 1


def test_late_step_refused_by_the_service_too():
    boss = head()
    req = in_person(boss, RECEIVED)
    with pytest.raises(services.InvalidHistory) as info:
        services.extend_deadline(request=req, actor=boss, on=D("2026-04-02"), days=5, reason="迟了")
    assert "2026年3月30日" in info.value.message and info.value.field == "on"


def test_due_date_counts_an_open_consultation_at_its_full_limit():
    """An extension decided after the 20 days but inside the pause of a consultation still
    out is on time: the due date in force counts the open letter at its 15-day limit."""
    boss = head()
    req = in_person(boss, RECEIVED)
    services.send_consultation(request=req, actor=boss, on=D("2026-03-09"), party="某公司")
    services.extend_deadline(request=req, actor=boss, on=D("2026-04-08"), days=5, reason="第三方意见待复")
    req.refresh_from_db()
    # The 20 days end 03-30; the open letter pauses 03-10..03-30 (15 days); then 5 more.
    assert req.events.filter(type="extended").exists()
    assert req.due_on == workdays.current().add_workdays(D("2026-03-30"), 15 + 5)


# --- outcomes need their history ------------------------------------------------------------


@pytest.mark.parametrize("reply_type", ["still_unclear", "no_supplement", "unpaid_fee"])
def test_outcome_without_its_history_is_refused_on_the_reply_screen(client, reply_type):
    configured_profile()
    clerk = handler()
    req = in_person(clerk, D("2026-11-02"))
    client.force_login(clerk)
    r = reply_on_screen(client, req, reply_type, "2026-11-10", reason="答复理由。")
    body = r.content.decode()
    assert r.status_code == 400
    assert "补正告知" in body or "收费通知" in body
    assert reply_type != "still_unclear" or "答复理由。" in body  # what was typed is kept
    assert not req.events.filter(type="replied").exists()


def test_still_unclear_after_a_supplement_notice_is_accepted():
    clerk = handler()
    req = in_person(clerk, D("2026-11-02"))
    services.request_supplement(
        request=req, actor=clerk, on=D("2026-11-03"), supplement_by=D("2026-11-13"), text="写明名称"
    )
    services.record_supplement(request=req, actor=clerk, on=D("2026-11-09"))
    services.reply_request(
        request=req, actor=clerk, on=D("2026-11-20"), outcome="unavailable.still_unclear", letter="仍不明确"
    )
    req.refresh_from_db()
    assert req.outcome == "unavailable.still_unclear"


def test_excessive_needs_a_recorded_request_for_reasons(client):
    clerk = handler()
    req = in_person(clerk, D("2026-11-02"))
    client.force_login(clerk)
    configured_profile()
    r = reply_on_screen(client, req, "excessive", "2026-11-12", reason="申请数量过大。")
    body = r.content.decode()
    assert r.status_code == 400 and "说明理由" in body and "第三十五条" in body
    assert "reasons" in available_actions(req, clerk)
    assert post(client, req, "reasons", {"on": "2026-11-04", "text": "请说明申请理由"})[0] == 302
    assert reply_on_screen(client, req, "excessive", "2026-11-12", reason="申请数量过大。").status_code == 302
    req.refresh_from_db()
    assert req.outcome == "not_processed.excessive"
    assert list(req.events.values_list("type", flat=True)) == ["received", "reasons_requested", "replied"]


def test_the_importer_does_not_require_reasons_for_excessive():
    """The ledger refuses only what docs/cli.md lists; Art. 35 binds the screens."""
    events = [{"type": "replied", "on": "2026-03-10", "outcome": "not_processed.excessive"}]
    assert (
        validate_history(channel="in_person", submitted_on="2026-03-02", received_on="2026-03-02", events=events) == []
    )
    problems = validate_history(
        channel="in_person", submitted_on="2026-03-02", received_on="2026-03-02", events=events, staff=True
    )
    assert problems and problems[0].field == "events[0].outcome"


# --- the fee notice ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pages", "yuan"), [(1, 0), (30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740), (250, 4700)]
)
def test_fee_per_volume_bands(pages, yuan):
    assert fees.fee_per_volume(pages) == yuan == fees.fee_amount("per_volume", pages)


def test_band_labels():
    assert fees.band_label("per_request", 12) == "本月第11—30件，每件100元"
    assert fees.band_label("per_request", 35) == "本月第31—40件，每件200元"
    assert "101—200页部分每页20元" in fees.band_label("per_volume", 150)


def test_fee_notice_per_volume_pauses_until_paid(client):
    clerk = handler()
    req = in_person(clerk, D("2026-11-02"))
    client.force_login(clerk)
    assert post(client, req, "fee", {"on": "2026-11-04", "method": "per_volume", "count": 20})[0] == 400
    assert post(client, req, "fee", {"on": "2026-11-04", "method": "per_volume", "count": ""})[0] == 400
    assert post(client, req, "fee", {"on": "2026-11-04", "method": "per_volume", "count": 150})[0] == 302
    ev = req.events.get(type="fee_notified")
    assert ev.data == {"amount": 1700, "method": "per_volume", "count": 150}
    letter = client.get(f"/staff/requests/{req.pk}/letter/{ev.pk}/").content.decode()
    assert "按量计收" in letter and "共150页" in letter and "1700元" in letter and "超过规定数量" not in letter
    req.refresh_from_db()
    assert req.status == "awaiting_fee"
    names = available_actions(req, clerk)
    assert "fee_paid" in names and "fee" not in names and "supplement" not in names
    assert post(client, req, "fee_paid", {"on": "2026-11-09"})[0] == 302
    req.refresh_from_db()
    assert req.status == "in_progress"
    assert req.due_on == D("2026-12-03")  # 11-30 + the 3 working days 11-05..11-09


def test_fee_notice_per_request_counts_the_month():
    clerk = handler()
    reqs = [in_person(clerk, D("2026-11-02")) for _ in range(12)]
    ev = services.notify_fee(request=reqs[11], actor=clerk, on=D("2026-11-03"))
    assert ev.data["method"] == "per_request" and ev.data["count"] == 12 and ev.data["amount"] == 100
    with pytest.raises(services.InvalidHistory):
        services.notify_fee(request=reqs[10], actor=clerk, on=D("2026-11-03"), method="per_volume", count=10)


def test_paid_without_a_notice_is_refused():
    clerk = handler()
    req = in_person(clerk, D("2026-11-02"))
    with pytest.raises(services.InvalidHistory) as info:
        services.record_fee_paid(request=req, actor=clerk, on=D("2026-11-03"))
    assert "收费通知" in info.value.message


# --- the table and the screens -------------------------------------------------------------


def test_every_action_records_an_event_of_the_table():
    assert {a.event for a in ACTIONS.values()} - {EventType.RECEIVED} == set(lifecycle.RULES)


def test_available_actions_are_asked_of_the_table():
    clerk = handler()
    req = in_person(clerk, D("2026-11-02"))
    assert "consult" in available_actions(req, clerk)
    real = lifecycle.refusal
    with mock.patch.object(
        lifecycle, "refusal", side_effect=lambda h, t: "不可" if t == EventType.CONSULTATION_SENT else real(h, t)
    ):
        assert "consult" not in available_actions(req, clerk)


def test_available_actions_follow_the_history():
    clerk, boss = handler(), head()
    req = in_person(boss, D("2026-11-02"))
    first = available_actions(req, boss)
    assert {"on_spot", "supplement", "consult", "extend", "fee", "reasons", "reply"} <= set(first)
    assert "extend" not in available_actions(req, clerk)
    assert not {"confirm", "supplement_received", "consult_answered", "fee_paid", "abandon"} & set(first)
    services.request_supplement(request=req, actor=boss, on=D("2026-11-03"), supplement_by=D("2026-11-13"), text="x")
    assert set(available_actions(req, boss)) == {
        "supplement_received",
        "abandon",
        "reply",
        "reconsideration",
        "litigation",
    }
    services.record_supplement(request=req, actor=boss, on=D("2026-11-05"))
    services.send_consultation(request=req, actor=boss, on=D("2026-11-06"), party="甲")
    after = available_actions(req, boss)
    assert "consult_answered" in after and "supplement" not in after and "on_spot" not in after
    services.reply_request(request=req, actor=boss, on=D("2026-11-20"), outcome="disclosed", letter="公开")
    assert available_actions(req, boss) == ["reconsideration", "litigation"]


def test_refusal_reasons_are_chinese_sentences():
    h = lifecycle.History(received_on=D("2026-11-02"))
    assert lifecycle.refusal(h, EventType.FEE_PAID) == "没有未缴费的收费通知，不能记录“缴纳费用”"
    lifecycle.record_step(
        h, {"type": "fee_notified", "on": "2026-11-03", "amount_yuan": 100, "method": "per_request", "count": 11}
    )
    assert lifecycle.refusal(h, EventType.FEE_PAID) is None
    assert "尚未缴费" in lifecycle.refusal(h, EventType.FEE_NOTIFIED)
    assert "尚未缴费" in lifecycle.refusal(h, EventType.SUPPLEMENT_REQUESTED)
    problem = lifecycle.check_step(
        h,
        {"type": "fee_notified", "on": "2026-11-04", "amount_yuan": 10, "method": "per_volume", "count": 31},
        "events[1]",
    )
    assert problem is not None


def test_staff_page_lists_imported_late_steps(client, tmp_path):
    record = {
        "reference": "LATE-1",
        "applicant": {"type": "natural_person", "name": "张三"},
        "channel": "in_person",
        "submitted_on": "2026-03-02",
        "received_on": "2026-03-02",
        "description": "申请公开",
        "events": [{"type": "extended", "on": "2026-04-02", "days": 20}],
    }
    path = tmp_path / "late.json"
    path.write_text(json.dumps([record], ensure_ascii=False), encoding="utf-8")
    call_command("import_requests", str(path), stdout=io.StringIO())
    client.force_login(head())
    req = InformationRequest.objects.get(reference="LATE-1")
    body = client.get(f"/staff/requests/{req.pk}/").content.decode()
    assert "逾期办理事项" in body and "2026年4月2日 逾期延期答复（期限为2026年3月30日）" in body
    assert req.due_on == D("2026-03-30") and req.overdue
