"""The report workbench links a draft to its workflow page through the link the workflow
app registers (disclosure.item_links), never by naming that app."""

import pytest

from disclosure import item_links
from disclosure.annual_report.services import generate_report_draft
from tests.portal.factories import OfficeFactory, SiteProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def bureau():
    SiteProfileFactory()
    OfficeFactory()


def test_the_draft_links_to_whatever_page_the_workflow_app_registered(client, compiler, monkeypatch):
    report, _ = generate_report_draft(year=2025, actor=compiler)
    monkeypatch.setattr(
        item_links,
        "_workflow",
        [
            lambda item: item_links.ItemLink("到测试工作台", f"/staff/elsewhere/{item.pk}/"),
        ],
    )
    client.force_login(compiler)
    page = client.get("/staff/reports/2025/").content.decode()
    assert f'<a href="/staff/elsewhere/{report.item.pk}/">到测试工作台</a>' in page


def test_without_a_workflow_app_the_page_has_no_link_and_still_renders(client, compiler, monkeypatch):
    report, _ = generate_report_draft(year=2025, actor=compiler)
    monkeypatch.setattr(item_links, "_workflow", [])
    client.force_login(compiler)
    response = client.get("/staff/reports/2025/")
    assert response.status_code == 200
    assert f"/items/{report.item.pk}/" not in response.content.decode()
