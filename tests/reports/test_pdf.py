import re

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from disclosure.annual_report.models import AnnualReport


def pdf_text(path) -> tuple[int, str]:
    reader = PdfReader(str(path))
    text = "".join(page.extract_text() or "" for page in reader.pages)
    return len(reader.pages), re.sub(r"\s+", "", text)


@pytest.fixture
def report_2025(ledger):
    return AnnualReport.objects.create(
        year=2025,
        licensing_decisions=12,
        penalty_decisions=3,
        enforcement_decisions=1,
        fees_amount_10k_yuan=1.25,
        overview="本年度，本局认真贯彻落实《中华人民共和国政府信息公开条例》。",
        problems="存在的问题。",
        other_matters="无。",
    )


def test_pdf_renders_the_chinese_labels(report_2025, tmp_path):
    out = tmp_path / "r.pdf"
    call_command("annual_report", "2025", "--format", "pdf", "--output", str(out))
    pages, text = pdf_text(out)
    for label in (
        "示例省监狱管理局2025年政府信息公开工作年度报告",
        "一、本年新收政府信息公开申请数量",
        "二、上年结转政府信息公开申请数量",
        "（七）总计",
        "四、结转下年度继续办理",
        "未经复议直接起诉",
        "复议后起诉",
        "行政事业性收费",
        "六、其他需要报告的事项",
        "本局认真贯彻落实",
    ):
        assert label in text
    # Short sections: the six parts fit on three A4 pages, numbered in the bottom margin.
    assert pages == 3
    assert "第1页共3页" in text and "第3页共3页" in text


def test_long_report_repeats_the_table_header_on_the_next_page(report_2025, tmp_path):
    report_2025.overview = "\n".join("本年度政府信息公开工作稳步推进，各项制度不断完善。" * 6 for _ in range(14))
    report_2025.save()
    out = tmp_path / "r.pdf"
    call_command("annual_report", "2025", "--format", "pdf", "--output", str(out))
    reader = PdfReader(str(out))
    pages_with_header = [
        i for i, p in enumerate(reader.pages) if "申请人情况" in re.sub(r"\s+", "", p.extract_text() or "")
    ]
    # Table 三 starts low on a page and continues on the next, whose top repeats its header.
    assert len(pages_with_header) == 2 and pages_with_header[1] == pages_with_header[0] + 1


def test_html_format_is_the_print_document(report_2025, tmp_path):
    out = tmp_path / "r.html"
    call_command("annual_report", "2025", "--format", "html", "--output", str(out))
    html = out.read_text("utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "@page" in html and "table-header-group" in html
    assert "<h1>示例省监狱管理局2025年政府信息公开工作年度报告</h1>" in html
