import os
import subprocess
import sys
from pathlib import Path

import pytest

from disclosure import validation
from disclosure.annual_report import demo as report_demo
from disclosure.annual_report.models import AnnualReport
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


@pytest.mark.parametrize(
    "args, reason",
    [
        (["abc"], "年度“abc”无效"),
        (["2025", "--format", "xml"], "--format “xml”无效"),
        (["1999"], "应为 2008 至 2100 之间的年份"),
    ],
)
def test_bad_input_exits_non_zero_with_one_line(args, reason):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings_test"}
    proc = subprocess.run(
        [sys.executable, "manage.py", "annual_report", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode != 0
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and reason in lines[0]


@pytest.mark.django_db
def test_json_and_html_go_through_the_command_stdout():
    """Scripts and tests call the command with call_command(stdout=…): output must land there."""
    import io
    import json

    from django.core.management import call_command

    out = io.StringIO()
    call_command("annual_report", "2025", stdout=out)
    assert json.loads(out.getvalue())["year"] == 2025
    html = io.StringIO()
    call_command("annual_report", "2025", "--format", "html", stdout=html)
    assert "本年新收政府信息公开申请数量" in html.getvalue()
    pdf = io.BytesIO()
    binary_stdout = io.TextIOWrapper(pdf, encoding="utf-8")
    call_command("annual_report", "2025", "--format", "pdf", stdout=binary_stdout)
    assert pdf.getvalue().startswith(b"%PDF")
