import os
import subprocess
import sys
from pathlib import Path

import pytest

from disclosure import report_demo, validation
from disclosure.report_models import AnnualReport
from portal import demo as portal_demo

from .factories import request

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_demo_creates_the_2025_draft_and_is_safe_to_rerun():
    ctx = {"passwords": {}}
    portal_demo.load(ctx)
    request("natural_person", "2025-02-10", "2025-02-20", "disclosed")
    request("commercial", "2025-12-30")
    report_demo.load(ctx)
    report_demo.load(ctx)
    report = AnnualReport.objects.get(year=2025)
    assert report.item.title == "示例省监狱管理局2025年政府信息公开工作年度报告"
    assert report.item.publisher.code == "BGS"
    assert report.snapshot["table3"]["new"]["total"] == 2
    assert report.overview.startswith("2025年")
    assert validation.submission_problems(report.item) == []
    assert portal_demo.demo_user("gk_handler").has_perm("disclosure.manage_annual_report")


@pytest.mark.parametrize("args, reason", [
    (["abc"], "invalid YEAR 'abc'"),
    (["2025", "--format", "xml"], "invalid --format 'xml'"),
    (["1999"], "expected a year from 2008 to 2100"),
])
def test_bad_input_exits_non_zero_with_one_line(args, reason):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings_test"}
    proc = subprocess.run([sys.executable, "manage.py", "annual_report", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and reason in lines[0]
