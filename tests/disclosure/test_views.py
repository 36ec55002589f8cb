import datetime

import pytest
from django.urls import reverse

from disclosure.choices import ItemKind, Validity
from disclosure.models import Topic
from tests.disclosure.factories import published
from tests.portal.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


def test_home_lists_latest_items_news_and_the_four_fixed_parts(client, profile):
    doc = published(title="关于印发会见管理办法的通知")
    news = published(kind=ItemKind.NEWS, title="全省监狱系统召开推进会")
    html = client.get("/").content.decode()
    for part in [
        "政府信息公开指南",
        "政府信息公开制度",
        "法定主动公开内容",
        "政府信息公开工作年度报告",
        "/requests/new/",
    ]:
        assert part in html
    assert doc.title in html and news.title in html
    assert profile.org_name in html


def test_guide_shows_the_office_contacts_topics_and_guide_sections(client, profile):
    section = published(kind=ItemKind.GUIDE, title="指南补充说明：收费", body="<p>不收取费用。</p>")
    html = client.get("/guide/").content.decode()
    for value in [
        profile.office_name,
        profile.office_address,
        profile.office_postcode,
        profile.office_hours,
        profile.office_phone,
        profile.office_fax,
        profile.office_email,
    ]:
        assert value in html
    assert "法规文件" in html  # a topic: the arrangement of information
    assert "信函" in html and "传真" in html and "/requests/new/" in html
    assert section.title in html and "不收取费用" in html


def test_policy_lists_only_policy_items(client, profile):
    rule = published(kind=ItemKind.POLICY, title="依申请公开工作制度")
    doc = published(title="某项普通文件")
    html = client.get("/policy/").content.decode()
    assert rule.title in html and doc.title not in html


def test_catalogue_columns_and_filters(client, profile):
    dept = DepartmentFactory(code="JHCW", name="计划财务处")
    budget = Topic.objects.get(code="budget")
    a = published(
        title="2025年部门预算",
        topic=budget,
        publisher=dept,
        formed_on=datetime.date(2025, 2, 1),
        document_number="示狱发〔2025〕7号",
    )
    b = published(title="旧的会见办法", formed_on=datetime.date(2016, 3, 1), validity=Validity.REPEALED)
    html = client.get("/catalogue/").content.decode()
    for column in ["索引号", "名称", "发布机构", "生成日期", "发布日期", "发文字号"]:
        assert column in html
    assert a.index_number in html and "示狱发〔2025〕7号" in html and "2025-02-01" in html
    assert "已废止" in html

    def titles(query):
        return client.get("/catalogue/", query).content.decode()

    assert a.title in titles({"topic": "budget"}) and b.title not in titles({"topic": "budget"})
    assert a.title in titles({"department": "JHCW"}) and b.title not in titles({"department": "JHCW"})
    assert b.title in titles({"year": "2016"}) and a.title not in titles({"year": "2016"})
    assert b.title in titles({"validity": "repealed"}) and a.title not in titles({"validity": "repealed"})
    asc = titles({"sort": "formed"})
    assert asc.index(b.title) < asc.index(a.title)
    desc = titles({"sort": "-formed"})
    assert desc.index(a.title) < desc.index(b.title)


def test_catalogue_pages_by_twenty_and_keeps_filters(client, profile):
    for _ in range(21):
        published(topic=Topic.objects.get(code="plans"))
    first = client.get("/catalogue/", {"topic": "plans"})
    assert len(first.context["page"].object_list) == 20
    assert "topic=plans" in first.content.decode().split("下一页")[0].rsplit("href=", 1)[1]
    second = client.get("/catalogue/", {"topic": "plans", "page": "2"})
    assert len(second.context["page"].object_list) == 1


def test_item_page_shows_the_catalogue_metadata(client, profile):
    item = published(
        title="示例省监狱执法公开实施办法",
        summary="规定执法公开的范围。",
        document_number="示狱规〔2025〕4号",
        body="<p>第一条 为了推进执法公开。</p><script>alert(1)</script>",
        attachments=[("办法全文.pdf", b"%PDF-1.4 test")],
    )
    html = client.get(item.get_absolute_url()).content.decode()
    for label in [
        "索引号",
        "名称",
        "内容概述",
        "生成日期",
        "发布日期",
        "发文字号",
        "发布机构",
        "主题分类",
        "公开方式",
        "公开形式",
        "有效性",
    ]:
        assert f">{label}<" in html
    assert item.index_number in html and "示狱规〔2025〕4号" in html and "规定执法公开的范围。" in html
    assert "主动公开" in html and "政府网站" in html and "现行有效" in html
    assert "第一条 为了推进执法公开。" in html and "<script>" not in html
    assert (
        "办法全文.pdf" in html and reverse("disclosure:attachment", args=[item.pk, item.attachments.get().pk]) in html
    )


def test_repealed_item_is_marked_prominently(client, profile):
    item = published(validity=Validity.REPEALED, repealed_on=datetime.date(2025, 5, 20))
    html = client.get(item.get_absolute_url()).content.decode()
    assert "void-banner" in html and "本文件已废止" in html and "2025-05-20" in html


def test_attachment_download_has_original_name_and_bytes(client, profile):
    content = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
    item = published(attachments=[("2025年部门预算公开表.pdf", content)])
    att = item.attachments.get()
    response = client.get(att.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''2025%E5%B9%B4" in disposition
    assert response["Content-Type"] == "application/pdf"


def test_attachment_of_another_item_is_404(client, profile):
    a = published(attachments=[("a.txt", b"a")])
    b = published()
    assert client.get(f"/items/{b.pk}/attachments/{a.attachments.get().pk}/").status_code == 404


def test_news_lists_news_interpretations_and_responses_only(client, profile):
    shown = [published(kind=kind) for kind in (ItemKind.NEWS, ItemKind.INTERPRETATION, ItemKind.RESPONSE)]
    hidden = published(kind=ItemKind.DOCUMENT)
    html = client.get("/news/").content.decode()
    assert all(item.title in html for item in shown) and hidden.title not in html


def test_reports_list_by_year_desc_and_empty_state(client, profile):
    assert "暂无已发布的年度报告" in client.get("/reports/").content.decode()
    old = published(kind=ItemKind.ANNUAL_REPORT, title="2023年政府信息公开工作年度报告", report_year=2023)
    new = published(kind=ItemKind.ANNUAL_REPORT, title="2024年政府信息公开工作年度报告", report_year=2024)
    html = client.get("/reports/").content.decode()
    assert html.index(new.title) < html.index(old.title)
    assert old.get_absolute_url() in html


def test_departments_page_shows_duties(client, profile):
    DepartmentFactory(code="JYGZ", name="教育改造处", duties="负责罪犯教育改造工作的组织指导。")
    html = client.get("/departments/").content.decode()
    assert "教育改造处" in html and "负责罪犯教育改造工作的组织指导。" in html


def test_feeds_list_latest_fifty_published(client, profile):
    items = [published() for _ in range(3)]
    atom = client.get("/feeds/atom/")
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert all(item.title in atom.content.decode() for item in items)
    feed = client.get("/feeds/json/")
    assert feed["Content-Type"].startswith("application/feed+json")
    data = feed.json()
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert [entry["title"] for entry in data["items"]] == [item.title for item in reversed(items)]
    assert data["items"][0]["url"].endswith(items[-1].get_absolute_url())
    assert data["items"][0]["id"] == items[-1].index_number


def test_feeds_stop_at_fifty(client, profile):
    for _ in range(51):
        published()
    assert len(client.get("/feeds/json/").json()["items"]) == 50
    assert client.get("/feeds/atom/").content.decode().count("<entry>") == 50


def test_sitemap_and_robots(client, profile):
    item = published()
    index = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://testserver/sitemap-pages.xml</loc>" in index
    assert "<loc>http://testserver/sitemap-items-1.xml</loc>" in index
    assert "http://testserver/catalogue/" in client.get("/sitemap-pages.xml").content.decode()
    assert f"http://testserver{item.get_absolute_url()}" in client.get("/sitemap-items-1.xml").content.decode()
    robots = client.get("/robots.txt")
    assert robots["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in robots.content.decode()


def test_404_is_chinese(client, profile):
    response = client.get("/items/999999/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_attachment_whose_file_is_gone_is_a_404_not_a_500(client, profile):
    item = published(attachments=[("附件.txt", b"content")])
    att = item.attachments.get()
    att.file.storage.delete(att.file.name)
    response = client.get(att.get_absolute_url())
    assert response.status_code == 404
