import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from disclosure import validation
from disclosure.annual_report.models import AnnualReport
from disclosure.annual_report.services import generate_report_draft, save_report_figures
from disclosure.choices import ItemKind, State
from disclosure.services import IllegalTransition
from tests.disclosure.factories import publish

from .factories import request


def test_generate_draft_creates_the_report_item(ledger, compiler):
    save_report_figures(year=2025, actor=compiler, overview="本年度工作总体情况。", licensing_decisions=12)
    report, diff = generate_report_draft(year=2025, actor=compiler)
    item = report.item
    assert item.kind == ItemKind.ANNUAL_REPORT and item.report_year == 2025
    assert item.title == "示例省监狱管理局2025年政府信息公开工作年度报告"
    assert item.publisher.is_disclosure_office
    assert item.topic.code == "other"
    assert item.state == State.DRAFT
    assert "一、本年新收政府信息公开申请数量" in item.body
    assert 'rowspan="22"' in item.body  # 三、本年度办理结果 spans its 22 rows as in the template
    assert "本年度工作总体情况。" in item.body
    assert "新收政府信息公开申请26件" in item.summary
    assert report.snapshot["table3"]["new"]["total"] == 26
    assert diff  # first snapshot: everything is new
    assert validation.submission_problems(item) == []


def test_regenerating_shows_what_changed(ledger, compiler):
    report, _ = generate_report_draft(year=2025, actor=compiler)
    old_hash = report.item.content_hash
    _, diff = generate_report_draft(year=2025, actor=compiler)
    assert diff == []
    request("research", "2025-09-09")
    report, diff = generate_report_draft(year=2025, actor=compiler)
    labels = {label: (old, new) for label, old, new in diff}
    assert labels["表三“一、本年新收政府信息公开申请数量”行“科研机构”列"] == (4, 5)
    assert labels["表三“一、本年新收政府信息公开申请数量”行“总计”列"] == (26, 27)
    assert report.item.content_hash != old_hash  # the reviewers' revision covers the numbers


def test_unbalanced_snapshot_blocks_submission(ledger, compiler):
    report, _ = generate_report_draft(year=2025, actor=compiler)
    snapshot = report.snapshot
    snapshot["table3"]["new"]["natural_person"] += 1
    snapshot["table3"]["new"]["total"] += 1
    AnnualReport.objects.filter(pk=report.pk).update(snapshot=snapshot)
    problems = validation.submission_problems(report.item)
    assert any("勾稽关系不成立" in p and "“自然人”列" in p for p in problems)
    assert any("“总计”列" in p for p in problems)


def test_row_sum_error_blocks_submission(ledger, compiler):
    report, _ = generate_report_draft(year=2025, actor=compiler)
    snapshot = report.snapshot
    snapshot["table3"]["carried_forward"]["total"] = 99
    AnnualReport.objects.filter(pk=report.pk).update(snapshot=snapshot)
    problems = validation.submission_problems(report.item)
    assert "表三“四、结转下年度继续办理”行：总计为99，六类申请人合计为4" in problems


def test_report_item_without_snapshot_cannot_be_submitted(db):
    from tests.disclosure.factories import ItemFactory

    item = ItemFactory(kind=ItemKind.ANNUAL_REPORT, report_year=2025)
    assert "尚未生成年度报告草稿数据" in validation.submission_problems(item)[-1]


def test_publication_freezes_the_numbers(ledger, compiler, tmp_path):
    report, _ = generate_report_draft(year=2025, actor=compiler)
    publish(report.item)
    report.refresh_from_db()
    assert report.frozen_at is not None
    frozen = report.snapshot
    # Later edits to requests never change the published report.
    request("natural_person", "2025-07-07")
    out = tmp_path / "r.json"
    call_command("annual_report", "2025", "--output", str(out))
    data = json.loads(out.read_text("utf-8"))
    assert data["table3"]["new"]["total"] == 26 == frozen["table3"]["new"]["total"]
    with pytest.raises(IllegalTransition):
        generate_report_draft(year=2025, actor=compiler)
    with pytest.raises(IllegalTransition):
        save_report_figures(year=2025, actor=compiler, licensing_decisions=1)
    # The live figures have moved on; only the report is frozen.
    from disclosure.annual_report.selectors import live_report

    assert live_report(2025)["table3"]["new"]["total"] == 27


def test_negative_fee_is_refused(db, compiler):
    with pytest.raises(ValidationError):
        save_report_figures(year=2025, actor=compiler, fees_amount_10k_yuan=-1)


def test_no_disclosure_office_is_a_clear_error(db, compiler):
    with pytest.raises(ValidationError, match="政府信息公开工作机构"):
        generate_report_draft(year=2025, actor=compiler)
