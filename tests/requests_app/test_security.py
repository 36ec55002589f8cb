"""Security audit: permission holes and injection on the request pages and exports."""

import csv
import io
from datetime import date

import pytest

from requests_app import ledger, services

from .factories import head, in_person

pytestmark = pytest.mark.django_db
D = date.fromisoformat


def test_handler_cannot_take_over_a_request_assigned_to_a_colleague(client):
    """Taking a request on oneself is for unassigned requests only; reassigning is the head's
    decision (it also grants sight of the applicant's identity)."""
    from .factories import handler

    clerk, boss, other = handler("h1"), head("h2"), handler("h3")
    req = in_person(boss, D("2026-11-20"))
    services.assign_handler(request=req, actor=boss, handler=clerk)
    client.force_login(other)
    r = client.post(f"/staff/requests/{req.pk}/assign/", {"take": "1"})
    assert r.status_code == 403
    req.refresh_from_db()
    assert req.handler_id == clerk.pk
    body = client.get(f"/staff/requests/{req.pk}/").content.decode()
    assert "220102199001011234" not in body


def test_unassigned_request_can_still_be_taken(client):
    from .factories import handler

    clerk, boss = handler("h1"), head("h2")
    req = in_person(boss, D("2026-11-20"))
    client.force_login(clerk)
    assert client.post(f"/staff/requests/{req.pk}/assign/", {"take": "1"}).status_code == 302
    req.refresh_from_db()
    assert req.handler_id == clerk.pk


@pytest.mark.parametrize(
    "url",
    [
        "/staff/requests/987654/assign/",
        "/staff/requests/987654/letter/1/",
        "/staff/requests/987654/documents/1/",
    ],
)
def test_missing_request_is_404_not_500(client, url):
    client.force_login(head())
    r = client.post(url, {"take": "1"}) if url.endswith("assign/") else client.get(url)
    assert r.status_code == 404


def test_ledger_csv_neutralises_spreadsheet_formulas():
    """OWASP CSV injection: applicant-typed cells starting with = + - @ (or tab/CR) are
    prefixed with a quote so that a spreadsheet shows them as text."""
    boss = head()
    in_person(boss, D("2026-11-20"), applicant_name='=HYPERLINK("http://evil","x")', description="+cmd|' /C calc'!A0")
    in_person(boss, D("2026-11-21"), applicant_name="@SUM(1+1)", description="-2+3")
    records = ledger.export_records(ledger.all_requests(), as_of=D("2026-11-26"))
    rows = list(csv.reader(io.StringIO(ledger.to_csv(records).lstrip("\ufeff"))))
    header = rows[0]
    name_col, desc_col = header.index("申请人姓名或名称"), header.index("申请内容")
    cells = [r[name_col] for r in rows[1:]] + [r[desc_col] for r in rows[1:]]
    assert sorted(cells) == sorted(['\'=HYPERLINK("http://evil","x")', "'@SUM(1+1)", "'+cmd|' /C calc'!A0", "'-2+3"])
    # Dates and the JSON events column are untouched.
    assert rows[1][header.index("提交日期")] == "2026-11-20"


@pytest.mark.usefixtures("site_profile")
def test_consultation_letter_to_the_third_party_does_not_name_the_applicant(client):
    from django.urls import reverse

    from .factories import handler

    clerk = handler()
    req = in_person(clerk, D("2026-11-02"))
    client.force_login(clerk)
    assert (
        client.post(
            f"/staff/requests/{req.pk}/consult/", {"on": "2026-11-03", "party": "某公司", "text": ""}
        ).status_code
        == 302
    )
    ev = req.events.get(type="consultation_sent")
    body = client.get(reverse("requests:staff_letter", args=[req.pk, ev.pk])).content.decode()
    assert "征求意见函" in body and "某公司" in body
    assert "张三" not in body and "220102199001011234" not in body
