import pytest

from disclosure.annual_report.services import generate_report_draft, save_report_figures
from disclosure.models import Topic
from tests.conftest import axe_serious
from tests.disclosure.factories import publish
from tests.portal.factories import OfficeFactory, SiteProfileFactory, UserFactory
from tests.reports.factories import event, request

pytestmark = pytest.mark.browser


@pytest.fixture
def published_2025(transactional_db):
    # Transactional tests flush the seeded topics; recreate the ones used here.
    Topic.objects.get_or_create(code="other", defaults={"name": "其他"})
    Topic.objects.get_or_create(code="regulations", defaults={"name": "法规文件"})
    SiteProfileFactory()
    OfficeFactory()
    clerk = UserFactory(username="report_clerk")
    request("natural_person", "2024-12-31", "2025-01-06", "disclosed")
    request("commercial", "2025-03-03", "2025-03-03", "partial")
    open_one = request("legal_services", "2025-12-31")
    event(open_one, "reconsideration", "2025-06-01", result="pending")
    save_report_figures(year=2025, actor=clerk, overview="本年度政府信息公开工作总体情况。", licensing_decisions=4)
    report, _ = generate_report_draft(year=2025, actor=clerk)
    publish(report.item)
    return report


def test_public_report_is_accessible_on_screen_and_in_print(page, published_2025):
    page.goto("/reports/2025/")
    assert page.locator("h1").inner_text() == "示例省监狱管理局2025年政府信息公开工作年度报告"
    assert page.locator("table.report-table-3 thead tr").count() == 3
    assert page.locator("table.report-table-3 th[rowspan='22']").inner_text() == "三、本年度办理结果"
    assert axe_serious(page) == []
    page.emulate_media(media="print")
    # The site's header, navigation and footer are not printed; the report is.
    assert not page.locator(".site-footer").is_visible()
    assert page.locator("table.report-table-4").is_visible()
    assert (
        page.evaluate("getComputedStyle(document.querySelector('table.report-table-3 thead')).display")
        == "table-header-group"
    )
    assert axe_serious(page) == []


def test_pdf_download_button(page, published_2025):
    page.goto("/reports/2025/")
    with page.expect_download() as info:
        page.get_by_role("link", name="下载PDF版本").click()
    download = info.value
    assert download.suggested_filename == "示例省监狱管理局2025年政府信息公开工作年度报告.pdf"
    with open(download.path(), "rb") as fh:
        assert fh.read(5) == b"%PDF-"


def test_staff_report_page_is_accessible_and_numbers_lead_to_records(page, published_2025):
    from django.contrib.auth.models import Permission

    clerk = UserFactory(username="report_clerk")
    clerk.user_permissions.add(Permission.objects.get(codename="manage_annual_report"))
    page.goto("/staff/login/?next=/staff/reports/2025/")
    page.get_by_label("用户名").fill("report_clerk")
    page.get_by_label("密码").fill("pass-12345")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/staff/reports/2025/")
    assert axe_serious(page) == []
    page.locator("a[href$='cell=t3.carried_over.total']").click()
    page.wait_for_url("**/records/?cell=t3.carried_over.total")
    assert "共1条" in page.content()
    assert axe_serious(page) == []
    page.goto("/staff/reports/2026/")  # an open year: the figures form is shown
    assert page.get_by_label("一、总体情况").is_visible()
    assert axe_serious(page) == []
