from django.urls import reverse

from disclosure.annual_report.models import AnnualReport
from disclosure.annual_report.services import generate_report_draft
from tests.disclosure.factories import publish
from tests.portal.factories import UserFactory


def test_staff_pages_need_the_permission(client, db):
    assert client.get("/staff/reports/").status_code == 302
    client.force_login(UserFactory(username="nobody"))
    assert client.get("/staff/reports/").status_code == 403
    assert client.get("/staff/reports/2025/").status_code == 403


def test_list_of_years(compiler_client, ledger):
    response = compiler_client.get("/staff/reports/")
    assert response.status_code == 200
    for year in (2026, 2025, 2024):
        assert f'href="/staff/reports/{year}/"' in response.content.decode()


def test_report_page_links_every_number_to_its_records(compiler_client, ledger):
    body = compiler_client.get("/staff/reports/2025/").content.decode()
    assert "一、本年新收政府信息公开申请数量" in body
    assert '<a href="/staff/reports/2025/records/?cell=t3.new.natural_person">6</a>' in body
    assert '<a href="/staff/reports/2025/records/?cell=t4.reconsideration.total">3</a>' in body
    assert "校验全部通过" in body


def test_records_behind_a_cell(compiler_client, ledger):
    response = compiler_client.get("/staff/reports/2025/records/", {"cell": "t3.carried_over.total"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "共3条" in body
    for name in ("dec31_closed_jan", "open_since_2024", "closed_in_2026"):
        assert ledger[name].reference in body
    assert ledger["closed_in_2024"].reference not in body
    body = compiler_client.get(
        "/staff/reports/2025/records/", {"cell": "t3.other.no_supplement.public_interest"}
    ).content.decode()
    assert ledger["abandoned"].reference in body and "共1条" in body
    body = compiler_client.get(
        "/staff/reports/2025/records/", {"cell": "t4.litigation_after_reconsideration.pending"}
    ).content.decode()
    assert ledger["every"][3].reference in body
    body = compiler_client.get("/staff/reports/2025/records/", {"cell": "t2.regulations.repealed"}).content.decode()
    assert "共1条" in body
    body = compiler_client.get("/staff/reports/2025/records/", {"cell": "extra.processing_fees_yuan"}).content.decode()
    assert "共2条" in body
    assert compiler_client.get("/staff/reports/2025/records/", {"cell": "t3.bogus.total"}).status_code == 400


def test_figures_form_keeps_input_and_explains_errors(compiler_client, ledger):
    response = compiler_client.post(
        "/staff/reports/2025/",
        {
            "licensing_decisions": "-3",
            "penalty_decisions": "2",
            "enforcement_decisions": "0",
            "fees_amount_10k_yuan": "abc",
            "overview": "保留这段文字",
            "problems": "",
            "other_matters": "",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "保留这段文字" in body
    assert "数量不能为负数" in body or "确保该值大于或等于0" in body
    assert "请输入金额（万元），最多4位小数" in body
    assert not AnnualReport.objects.filter(year=2025).exists()


def test_save_figures_then_generate_draft(compiler_client, ledger):
    response = compiler_client.post(
        "/staff/reports/2025/",
        {
            "licensing_decisions": "12",
            "penalty_decisions": "3",
            "enforcement_decisions": "1",
            "fees_amount_10k_yuan": "1.25",
            "overview": "总体情况。",
            "problems": "问题。",
            "other_matters": "无。",
        },
    )
    assert response.status_code == 302
    report = AnnualReport.objects.get(year=2025)
    assert report.licensing_decisions == 12 and report.item is None
    response = compiler_client.post("/staff/reports/2025/draft/", follow=True)
    body = response.content.decode()
    assert "草稿已更新" in body
    report.refresh_from_db()
    assert report.item is not None and report.snapshot["table2"]["licensing"]["decisions"] == 12
    compiler_client.post(
        "/staff/reports/2025/",
        {
            "licensing_decisions": "13",
            "penalty_decisions": "3",
            "enforcement_decisions": "1",
            "fees_amount_10k_yuan": "1.25",
            "overview": "总体情况。",
            "problems": "问题。",
            "other_matters": "无。",
        },
    )
    body = compiler_client.get("/staff/reports/2025/").content.decode()
    assert "有1处变化" in body and "表二“行政许可”本年处理决定数量：12 → 13" in body


def test_failing_checks_are_shown_where_they_fail(compiler_client, ledger):
    from .factories import request

    request("legal_services", "2025-06-01", "2025-06-03", "")
    body = compiler_client.get("/staff/reports/2025/").content.decode()
    assert "项校验未通过" in body
    assert "表三“法律服务机构”列：勾稽关系不成立" in body
    assert 'class="num problem"' in body


def test_public_page_only_for_a_published_report(client, compiler, ledger):
    assert client.get("/reports/2025/").status_code == 404
    assert client.get("/reports/2025/pdf/").status_code == 404
    report, _ = generate_report_draft(year=2025, actor=compiler)
    assert client.get(reverse("reports:public_report", args=[2025])).status_code == 404
    publish(report.item)
    response = client.get(reverse("reports:public_report", args=[2025]))
    body = response.content.decode()
    assert response.status_code == 200
    for section in (
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ):
        assert f"<h2>{section}</h2>" in body
    assert "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）" in body
    assert 'href="/reports/2025/pdf/"' in body
    assert "/staff/reports/" not in body.split("<main")[1]  # no staff links in the public report
    pdf = client.get("/reports/2025/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_out_of_range_year_is_404(compiler_client):
    assert compiler_client.get("/staff/reports/1999/").status_code == 404
    assert compiler_client.get("/reports/3000/").status_code == 404


def test_dashboard_panel_for_report_compilers(compiler_client):
    from django.utils import timezone

    year = timezone.localdate().year - 1
    body = compiler_client.get("/staff/").content.decode()
    assert "政府信息公开工作年度报告" in body
    assert f'href="/staff/reports/{year}/"' in body
