"""The pure table functions, driven with many generated ledgers."""

import datetime
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure.annual_report import tables as ar
from requests_app.statistics import table3_counts

from .factories import request

D0 = datetime.date(2023, 1, 1)


@st.composite
def ledgers(draw):
    rows = []
    for _ in range(draw(st.integers(0, 60))):
        applicant = draw(st.sampled_from(ar.APPLICANT_CODES))
        if draw(st.integers(0, 9)) == 0:
            rows.append((applicant, None, None, ""))
            continue
        received = D0 + datetime.timedelta(days=draw(st.integers(0, 3 * 365)))
        if draw(st.booleans()):
            closed = received + datetime.timedelta(days=draw(st.integers(0, 90)))
            rows.append((applicant, received, closed, draw(st.sampled_from(ar.OUTCOME_CODES))))
        else:
            rows.append((applicant, received, None, ""))
    return rows


@settings(max_examples=300, deadline=None)
@given(ledgers(), st.sampled_from([2023, 2024, 2025]))
def test_consistent_ledgers_always_balance_and_pass_every_check(rows, year):
    table, unclassified = ar.table3_from_requests(year, rows)
    assert unclassified == {}
    report = ar.build_report(
        year=year,
        table2=ar.build_table2(
            regulations={},
            normative_documents={},
            licensing=0,
            penalties=0,
            enforcement=0,
            fees_10k_yuan=0,
        ),
        table3=table,
        table4=ar.build_table4({}),
    )
    assert report["balanced"] is True
    assert ar.check_report(report) == []


@settings(max_examples=200, deadline=None)
@given(ledgers())
def test_carried_forward_is_next_years_carried_over(rows):
    t24, _ = ar.table3_from_requests(2024, rows)
    t25, _ = ar.table3_from_requests(2025, rows)
    assert t24["carried_forward"] == t25["carried_over"]


def test_every_check_names_where_it_fails():
    table, _ = ar.table3_from_requests(2025, [("research", datetime.date(2025, 1, 2), None, "")])
    report = ar.build_report(
        year=2025,
        table2=ar.build_table2(
            regulations={},
            normative_documents={},
            licensing=0,
            penalties=0,
            enforcement=0,
            fees_10k_yuan=0,
        ),
        table3=table,
        table4=ar.build_table4({}),
    )
    assert ar.check_report(report) == []
    report["table3"]["outcomes"]["partial"]["research"] = 1  # a row no longer sums to its 总计
    report["table4"]["litigation_direct"]["upheld"] = 2
    wheres = [p.where for p in ar.check_report(report)]
    assert "表三“（二）部分公开（区分处理的，只计这一情形，不计其他情形）”行" in wheres
    assert "表三“科研机构”列" in wheres
    assert "表四“未经复议直接起诉”" in wheres


def test_table4_update_after_year_end_is_not_counted_again():
    events = [
        ar.CaseEvent(1, "reconsideration", datetime.date(2024, 12, 20), "pending", order=1),
        ar.CaseEvent(1, "reconsideration", datetime.date(2025, 2, 1), "corrected", order=2),
        ar.CaseEvent(1, "litigation", datetime.date(2025, 3, 1), "bogus", after_reconsideration=True, order=3),
        ar.CaseEvent(2, "litigation", datetime.date(2024, 5, 1), "upheld", order=4),
        ar.CaseEvent(2, "litigation", datetime.date(2024, 5, 1), "corrected", order=5),
    ]
    assert ar.table4_cases(2024, events) == {(1, "reconsideration"): "pending", (2, "litigation_direct"): "corrected"}
    assert ar.table4_cases(2025, events) == {(1, "litigation_after_reconsideration"): "pending"}


def test_labels_are_the_templates_verbatim():
    assert ar.ROW_LABELS["new"] == "一、本年新收政府信息公开申请数量"
    assert ar.ROW_LABELS["withheld.three_safety"] == "3.危及“三安全一稳定”"
    assert ar.ROW_LABELS["outcomes_total"] == "（七）总计"
    assert ar.COLUMN_LABELS["other_org"] == "其他"
    assert ar.SECTIONS[3] == "四、政府信息公开行政复议、行政诉讼情况"


def test_amounts_are_json_numbers():
    assert ar.amount_number("1.2500") == 1.25
    assert ar.amount_number(3) == 3
    assert isinstance(ar.amount_number("3.0000"), int)


@pytest.mark.django_db
def test_database_aggregation_matches_the_reference_on_a_random_ledger():
    rnd = random.Random(20250131)
    rows = []
    for _ in range(120):
        applicant = rnd.choice(ar.APPLICANT_CODES)
        received = D0 + datetime.timedelta(days=rnd.randint(0, 3 * 365))
        closed = received + datetime.timedelta(days=rnd.randint(0, 60)) if rnd.random() < 0.7 else None
        outcome = rnd.choice(ar.OUTCOME_CODES) if closed else ""
        rows.append((applicant, received, closed, outcome))
        request(applicant, received.isoformat(), closed.isoformat() if closed else None, outcome)
    for year in (2023, 2024, 2025):
        expected, _ = ar.table3_from_requests(year, rows)
        counts = table3_counts(year)
        got = ar.build_table3(
            new=counts["new"],
            carried_over=counts["carried_over"],
            outcomes=counts["outcomes"],
            carried_forward=counts["carried_forward"],
        )
        assert got == expected
