"""Public details: validity marks wherever an item is listed, dates with the year, sizes
in KB/MB, summaries that read naturally, search highlighting, the footer identity of
DOMAIN.md §6, 网站地图, 联系我们 and the page metadata of the 网页设计规范."""

import datetime
import json
import re

import pytest
from django.utils import timezone

from disclosure.choices import ItemKind, Validity
from disclosure.highlight import highlight, highlight_terms, result_snippet, snippet
from disclosure.models import DisclosureItem
from disclosure.templatetags.disclosure_tags import display_summary, scroll_tables
from portal.templatetags.portal_format import file_size
from tests.disclosure.factories import published
from tests.portal.factories import SiteProfileFactory

pytestmark = pytest.mark.django_db

REPEALED_TITLE = "示例省监狱会见管理暂行办法"


@pytest.fixture
def repealed(profile):
    return published(
        title=REPEALED_TITLE,
        validity=Validity.REPEALED,
        repealed_on=datetime.date(2025, 5, 20),
        summary="规定罪犯会见的条件和程序。",
    )


def listing_of(html: str, title: str) -> str:
    """The list entry (<li> or table row) that links to `title`."""
    for block in re.findall(r"<li\b.*?</li>|<tr\b.*?</tr>", html, re.DOTALL):
        if title in re.sub(r"<[^>]+>", "", block):
            return block
    raise AssertionError(f"{title} is not listed")


def test_repealed_item_is_marked_on_home_search_and_news(client, repealed):
    expired_news = published(kind=ItemKind.NEWS, title="关于暂停现场会见的公告", validity=Validity.EXPIRED)
    in_force = published(title="示例省监狱会见管理办法")
    home = client.get("/").content.decode()
    assert "已废止" in listing_of(home, REPEALED_TITLE)
    assert "已失效" in listing_of(home, expired_news.title)
    assert "已废止" not in listing_of(home, in_force.title) and "已失效" not in listing_of(home, in_force.title)
    search = client.get("/search/", {"q": "会见管理"}).content.decode()
    assert "已废止" in listing_of(search, REPEALED_TITLE)
    assert "已废止" not in listing_of(search, in_force.title)
    news = client.get("/news/").content.decode()
    assert "已失效" in listing_of(news, expired_news.title)


def test_repealed_item_is_marked_in_both_feeds(client, repealed):
    in_force = published(title="示例省监狱会见管理办法")
    atom = client.get("/feeds/atom/").content.decode()
    assert f"<title>{REPEALED_TITLE}（已废止）</title>" in atom
    assert f"<title>{in_force.title}</title>" in atom
    feed = json.loads(client.get("/feeds/json/").content)
    entries = {entry["id"]: entry for entry in feed["items"]}
    assert entries[repealed.index_number]["title"] == f"{REPEALED_TITLE}（已废止）"
    assert entries[repealed.index_number]["_disclosure"]["validity"] == "已废止"
    assert entries[in_force.index_number]["title"] == in_force.title


def test_home_news_dates_show_the_year(client, profile):
    item = published(kind=ItemKind.NEWS, title="全省监狱系统召开推进会")
    DisclosureItem.objects.filter(pk=item.pk).update(
        published_at=timezone.make_aware(datetime.datetime(2024, 9, 21, 10, 0))
    )
    entry = listing_of(client.get("/").content.decode(), item.title)
    assert "2024-09-21" in entry


def test_attachment_sizes_read_in_kb_and_mb(client, profile):
    item = published(attachments=[("附件.pdf", b"x" * 615)])
    html = client.get(item.get_absolute_url()).content.decode()
    assert "0.6 KB" in html and "字节" not in html
    assert [file_size(n) for n in (0, 20, 615, 1024, 1536 * 1024, 25 * 1024 * 1024)] == [
        "0 KB",
        "0.1 KB",
        "0.6 KB",
        "1.0 KB",
        "1.5 MB",
        "25.0 MB",
    ]
    assert file_size(None) == "" and file_size(-1) == ""


@pytest.mark.parametrize(
    "title,summary,shown",
    [
        ("政治部开展“警营开放日”活动", "政治部关于“政治部开展“警营开放日”活动”的有关事项。", False),
        ("2025年部门预算", "计划财务处发布的《2025年部门预算》。", False),
        ("2025年部门预算", "2025年部门收支预算和“三公”经费预算。", True),
        ("2025年部门预算", "", False),
    ],
)
def test_summaries_that_only_restate_the_title_are_omitted(title, summary, shown):
    item = DisclosureItem(title=title, summary=summary)
    assert display_summary(item) == (summary if shown else "")


def test_item_page_omits_a_circular_summary(client, profile):
    item = published(title="政治部开展“警营开放日”活动", summary="政治部关于“政治部开展“警营开放日”活动”的有关事项。")
    html = client.get(item.get_absolute_url()).content.decode()
    assert "的有关事项" not in html and "内容概述" not in html


def test_search_marks_the_matched_words_and_shows_a_snippet(client, profile):
    body = (
        "<p>"
        + "各监狱要加强管理。" * 20
        + "会见室应当配备录音录像设备，会见全程录像。"
        + "其他事项另行通知。" * 20
        + "</p>"
    )
    item = published(title="会见管理规定", summary="", body=body)
    html = client.get("/search/", {"q": "录像"}).content.decode()
    entry = listing_of(html, item.title)
    assert "<mark>录像</mark>" in entry
    text = re.sub(r"<[^>]+>", "", entry)
    assert "会见室应当配备录音录像设备" in text and "…" in text
    title_hit = client.get("/search/", {"q": "会见"}).content.decode()
    assert "<mark>会见</mark>管理规定" in title_hit


def test_highlighting_escapes_the_text_and_prefers_the_longest_term():
    terms = highlight_terms("监狱管理")
    assert terms[0] == "监狱管理" and "管理" in terms
    assert str(highlight("<b>监狱管理局</b>", terms)) == "&lt;b&gt;<mark>监狱管理</mark>局&lt;/b&gt;"
    assert str(highlight("a<b", [])) == "a&lt;b"
    assert snippet("甲" * 200 + "目标" + "乙" * 200, ["目标"]).startswith("…") and "目标" in snippet(
        "甲" * 200 + "目标" + "乙" * 200, ["目标"]
    )
    assert result_snippet(summary="概述不含", body_text="正文有目标词", terms=["目标"]) == "正文有目标词"
    assert result_snippet(summary="概述有目标", body_text="正文", terms=["目标"]) == "概述有目标"


def test_wide_tables_are_put_in_a_labelled_scroll_box():
    from django.utils.safestring import mark_safe

    assert str(scroll_tables("<table><script>x</script></table>")).startswith("&lt;table&gt;")  # unsafe text
    html = (
        "<p>x</p><table><caption>支出<b>明细</b></caption><tr><td>1</td></tr></table><table><tr><td>2</td></tr></table>"
    )
    out = str(scroll_tables(mark_safe(html)))
    assert out.count('<div class="table-scroll" role="region"') == 2
    assert 'aria-label="支出明细（可左右滑动）"' in out and 'aria-label="表格（可左右滑动）"' in out
    assert out.count("</table></div>") == 2 and out.startswith("<p>x</p>")


def test_footer_carries_the_identity_of_the_site(client):
    SiteProfileFactory(
        organizer_name="示例省监狱管理局信息中心",
        conac_id="0123456789ABCDEF",
        police_number="示公网安备22010202000123号",
    )
    html = client.get("/catalogue/?topic=regulations").content.decode()
    footer = html.split('<footer class="site-footer">')[1]
    assert "主办单位：示例省监狱管理局" in footer and "承办单位：示例省监狱管理局信息中心" in footer
    assert "网站标识码：0000000000" in footer and "0431-00000000" in footer
    assert '<a href="https://beian.miit.gov.cn/"' in footer and "示ICP备00000000号" in footer
    assert "https://beian.mps.gov.cn/#/query/webSearch?code=22010202000123" in footer
    assert "police-badge.svg" in footer
    assert "https://bszs.conac.cn/sitename?method=show&amp;id=0123456789ABCDEF" in footer
    assert 'alt="党政机关网站标识"' in footer
    report = re.search(r'href="(https://zfwzgl\.www\.gov\.cn/exposure/jiucuo\.html\?[^"]+)"', footer).group(1)
    assert "site_code=0000000000" in report
    assert "url=http%3A%2F%2Ftestserver%2Fcatalogue%2F%3Ftopic%3Dregulations" in report
    assert (
        "我为政府网站找错" in footer and 'href="/sitemap/">网站地图' in footer and 'href="/contact/">联系我们' in footer
    )
    assert "订阅" in footer and "JSON Feed" not in html


def test_footer_shows_only_what_is_set(client):
    SiteProfileFactory(website_id="", icp_number="", police_number="", conac_id="", organizer_name="")
    footer = client.get("/").content.decode().split('<footer class="site-footer">')[1]
    for absent in ("网站标识码", "beian.miit.gov.cn", "beian.mps.gov.cn", "conac", "我为政府网站找错", "承办单位"):
        assert absent not in footer
    assert "主办单位：示例省监狱管理局" in footer


def test_site_map_lists_every_page_of_the_xml_sitemap(client, profile):
    from disclosure.sitemaps import PAGES

    html = client.get("/sitemap/").content.decode()
    xml = client.get("/sitemap-pages.xml").content.decode()
    for path, name in PAGES:
        assert f'<a href="{path}">{name}</a>' in html
        assert f"http://testserver{path}</loc>" in xml
    assert "/catalogue/?topic=regulations" in html  # the catalogue's columns


def test_contact_page_comes_from_the_profile(client, profile):
    html = client.get("/contact/").content.decode()
    for value in (
        profile.office_name,
        profile.office_address,
        profile.office_hours,
        profile.office_phone,
        profile.office_fax,
        profile.office_email,
    ):
        assert value in html


def meta(html: str) -> dict[str, str]:
    return dict(re.findall(r'<meta name="([A-Za-z]+)" content="([^"]*)">', html))


def test_page_metadata_on_site_column_and_article_pages(client):
    SiteProfileFactory(site_domain="www.example.gov.cn")
    home = meta(client.get("/").content.decode())
    assert home["SiteName"] == "政府信息公开" and home["SiteDomain"] == "www.example.gov.cn"
    assert home["SiteIDCode"] == "0000000000" and "ColumnName" not in home and "ArticleTitle" not in home
    column = meta(client.get("/catalogue/").content.decode())
    assert column["ColumnName"] == "法定主动公开内容" and column["ColumnType"]
    assert column["ColumnDescription"] and column["ColumnKeywords"] and column["SiteIDCode"] == "0000000000"
    item = published(title="关于印发会见管理办法的通知", summary="规定会见的条件。")
    DisclosureItem.objects.filter(pk=item.pk).update(
        published_at=timezone.make_aware(datetime.datetime(2025, 3, 6, 9, 5))
    )
    article = meta(client.get(item.get_absolute_url()).content.decode())
    assert article["ArticleTitle"] == item.title
    assert article["PubDate"] == "2025-03-06 09:05"
    assert article["ContentSource"] == item.publisher.name
    assert article["Description"] == "规定会见的条件。" and article["Keywords"]
    assert article["Url"] == f"http://testserver{item.get_absolute_url()}"


def test_article_pages_offer_read_aloud(client, profile):
    item = published()
    html = client.get(item.get_absolute_url()).content.decode()
    assert 'data-read-aloud="#article-text"' in html and 'id="article-text"' in html
    news = client.get("/news/").content.decode()
    assert "data-read-aloud" not in news


def test_the_public_annual_report_offers_read_aloud(client, profile):
    from disclosure.annual_report.services import generate_report_draft
    from tests.disclosure.factories import publish
    from tests.portal.factories import OfficeFactory, UserFactory

    report, _ = generate_report_draft(year=2025, actor=UserFactory(department=OfficeFactory()))
    publish(report.item)
    html = client.get("/reports/2025/").content.decode()
    assert 'data-read-aloud="#article-text"' in html and 'id="article-text"' in html


def test_feeds_leave_out_a_circular_summary(client, profile):
    item = published(title="政治部开展“警营开放日”活动", summary="政治部关于“政治部开展“警营开放日”活动”的有关事项。")
    assert "的有关事项" not in client.get("/feeds/atom/").content.decode()
    entry = json.loads(client.get("/feeds/json/").content)["items"][0]
    assert entry["id"] == item.index_number and entry["summary"] == "" and entry["content_text"] == item.title


def test_before_the_profile_is_filled_in_footer_and_contact_show_no_blanks(client):
    footer = client.get("/").content.decode().split('<footer class="site-footer">')[1]
    for absent in ("主办单位", "地址：", "联系电话：", "网站标识码"):
        assert absent not in footer
    assert 'href="/sitemap/">网站地图' in footer
    contact = client.get("/contact/").content.decode()
    assert "联系信息尚未设置" in contact and "<dt>办公地址</dt>" not in contact


def test_a_bad_host_still_gets_its_error_page(client, settings, profile):
    """The footer's page address and the SiteDomain metadata never ask a disallowed host."""
    settings.ALLOWED_HOSTS = ["www.example.gov.cn"]
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "evil.example" not in response.content.decode()
