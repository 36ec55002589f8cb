"""The 2025 report of the ledger in conftest.py, against tables computed by hand."""

import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from disclosure.annual_report import tables as ar
from disclosure.annual_report.models import AnnualReport
from disclosure.annual_report.selectors import live_report

from .conftest import EVERY_OUTCOME

APPLICANTS = ["natural_person", "commercial", "research", "public_interest", "legal_services", "other_org"]


def col(total: int, **counts) -> dict:
    row = {code: counts.get(code, 0) for code in APPLICANTS}
    row["total"] = total
    return row


def expected_2025() -> dict:
    # 21 requests with every outcome code (applicants in turn: 4 natural persons,
    # 4 commercial, 4 research, 3 public interest, 3 legal services, 3 other), plus:
    # on-the-spot (natural person, disclosed), abandoned (public interest,
    # other.no_supplement), 2025-05-01 commercial disclosed, two received 31 Dec 2025
    # (other_org closed in January, natural person open).
    new = col(26, natural_person=6, commercial=5, research=4, public_interest=4, legal_services=3, other_org=4)
    # Received in 2024 and open on 31 Dec 2024: the 31-Dec request closed in January,
    # the commercial one still open, the legal-services one closed in 2026.
    carried_over = col(3, natural_person=1, commercial=1, legal_services=1)
    outcomes = {code: col(0) for code in ar.OUTCOME_CODES}
    for outcome, applicant in EVERY_OUTCOME:
        outcomes[outcome] = col(1, **{applicant: 1})
    # disclosed: the loop's natural person, the 2024-12-31 one, the on-the-spot one, the commercial one.
    outcomes["disclosed"] = col(4, natural_person=3, commercial=1)
    outcomes["other.no_supplement"] = col(2, natural_person=1, public_interest=1)
    outcomes_total = col(
        25, natural_person=6, commercial=5, research=4, public_interest=4, legal_services=3, other_org=3
    )
    carried_forward = col(4, natural_person=1, commercial=1, legal_services=1, other_org=1)
    return {
        "year": 2025,
        "table2": {
            "regulations": {"issued": 1, "repealed": 1, "in_force": 1},
            "normative_documents": {"issued": 1, "repealed": 0, "in_force": 2},
            "licensing": {"decisions": 12},
            "penalties": {"decisions": 3},
            "enforcement": {"decisions": 1},
            "fees": {"amount_10k_yuan": 1.25},
        },
        "table3": {
            "new": new,
            "carried_over": carried_over,
            "outcomes": outcomes,
            "outcomes_total": outcomes_total,
            "carried_forward": carried_forward,
        },
        "table4": {
            "reconsideration": {"upheld": 1, "corrected": 1, "other": 1, "pending": 0, "total": 3},
            "litigation_direct": {"upheld": 0, "corrected": 1, "other": 0, "pending": 0, "total": 1},
            "litigation_after_reconsideration": {"upheld": 0, "corrected": 0, "other": 0, "pending": 1, "total": 1},
        },
        "balanced": True,
    }


def run_command(tmp_path, *args) -> dict:
    out = tmp_path / "report.json"
    call_command("annual_report", *args, "--output", str(out))
    return json.loads(out.read_text("utf-8"))


@pytest.fixture
def staff_figures(ledger):
    return AnnualReport.objects.create(
        year=2025,
        licensing_decisions=12,
        penalty_decisions=3,
        enforcement_decisions=1,
        fees_amount_10k_yuan=Decimal("1.25"),
    )


def test_command_json_equals_hand_computed_2025(staff_figures, tmp_path):
    assert run_command(tmp_path, "2025") == expected_2025()


def test_command_json_shape_is_exactly_the_contract(staff_figures, tmp_path):
    data = run_command(tmp_path, "2025", "--format", "json")
    assert list(data) == ["year", "table2", "table3", "table4", "balanced"]
    assert list(data["table2"]) == [
        "regulations",
        "normative_documents",
        "licensing",
        "penalties",
        "enforcement",
        "fees",
    ]
    assert list(data["table3"]) == ["new", "carried_over", "outcomes", "outcomes_total", "carried_forward"]
    columns = [*APPLICANTS, "total"]
    for key in ("new", "carried_over", "outcomes_total", "carried_forward"):
        assert list(data["table3"][key]) == columns
    assert len(data["table3"]["outcomes"]) == 21
    for row in data["table3"]["outcomes"].values():
        assert list(row) == columns
    assert list(data["table4"]) == ["reconsideration", "litigation_direct", "litigation_after_reconsideration"]
    for row in data["table4"].values():
        assert list(row) == ["upheld", "corrected", "other", "pending", "total"]
    assert data["balanced"] is True


def test_2024_and_2026_across_the_year_boundaries(ledger, tmp_path):
    d24 = run_command(tmp_path, "2024")
    t3 = d24["table3"]
    # 2024: four received (31 Dec, open commercial, research closed in 2024, legal services).
    assert t3["new"] == col(4, natural_person=1, commercial=1, research=1, legal_services=1)
    assert t3["carried_over"] == col(0)
    assert t3["outcomes"]["partial"] == col(1, research=1)
    assert t3["carried_forward"] == col(3, natural_person=1, commercial=1, legal_services=1)
    # The reconsideration brought in 2024 was still pending at the end of 2024.
    assert d24["table4"]["reconsideration"] == {"upheld": 0, "corrected": 0, "other": 0, "pending": 1, "total": 1}
    assert d24["balanced"] is True
    assert d24["table2"]["regulations"] == {"issued": 0, "repealed": 0, "in_force": 1}
    assert d24["table2"]["normative_documents"] == {"issued": 1, "repealed": 0, "in_force": 1}

    d26 = run_command(tmp_path, "2026")
    t3 = d26["table3"]
    # 2025's carried-forward requests reappear as 2026's carried-over ones.
    assert t3["carried_over"] == col(4, natural_person=1, commercial=1, legal_services=1, other_org=1)
    assert t3["new"] == col(1, research=1)
    assert t3["outcomes"]["disclosed"] == col(1, other_org=1)
    assert t3["outcomes"]["withheld.state_secret"] == col(1, legal_services=1)
    assert t3["carried_forward"] == col(3, natural_person=1, commercial=1, research=1)
    # The 2026 ruling on a lawsuit brought in 2025 is an update, not a new case.
    assert all(row["total"] == 0 for row in d26["table4"].values())
    assert d26["balanced"] is True


def test_awaiting_confirmation_is_not_counted(ledger):
    data = live_report(2025)
    assert data["table3"]["new"]["commercial"] == 5  # not 6: one has no receipt date yet


def test_processing_fees_are_summed_for_section_six(ledger):
    extra = live_report(2025)["extra"]
    assert extra["processing_fees_yuan"] == 300.5
    assert extra["processing_fee_notices"] == 2
    assert extra["processing_fees_collected_yuan"] == 0


def test_section_six_gives_the_fees_actually_collected(ledger):
    from .factories import event

    # The 200.50 notice of 2025-04-10 is paid; the 100 one is not; the 2024 notice is paid in 2025.
    event(ledger["next_day"], "fee_paid", "2025-04-20")
    event(ledger["open_since_2024"], "fee_paid", "2025-01-06")
    extra = live_report(2025)["extra"]
    assert (extra["processing_fee_notices"], extra["processing_fees_yuan"]) == (2, 300.5)
    assert extra["processing_fees_collected_yuan"] == 700.5


def test_closed_without_outcome_is_reported_and_unbalances(ledger):
    from .factories import request

    request("natural_person", "2025-06-01", "2025-06-05", "")
    data = live_report(2025)
    assert data["balanced"] is False
    problems = ar.check_report(data)
    assert any("没有有效的办理结果代码" in p.message for p in problems)
    assert any("勾稽关系不成立" in p.message and "自然人" in p.where for p in problems)


@pytest.mark.parametrize("n", [5, 200])
def test_aggregation_runs_in_a_fixed_number_of_queries(db, django_assert_num_queries, n):
    from .factories import RequestFactory, event

    reqs = RequestFactory.create_batch(n)
    for req in reqs[: n // 2]:
        event(req, "reconsideration", "2025-04-01", result="upheld")
        event(req, "fee_notified", "2025-04-02", amount=100)
    report = AnnualReport(year=2025)
    with django_assert_num_queries(5):
        data = live_report(2025, report)
    assert data["table3"]["new"]["total"] == n
    assert data["table4"]["reconsideration"]["total"] == n // 2
