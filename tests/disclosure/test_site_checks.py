"""The freshness watch and `manage.py site_check` (issue 13): the home page and every column
with the date of its newest item, items past Art. 26, broken internal links."""

import io
import json
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from disclosure import site_checks
from disclosure.choices import Attribute, ItemKind, State
from disclosure.models import Attachment, DisclosureItem, Topic
from disclosure.site_checks import (
    NEWS,
    NOTICE,
    annual_report_level,
    art26_level,
    column_level,
    months_before,
)
from disclosure.views import NEWS_KINDS
from portal.public_cache import bump_generation
from portal.site_check import AMBER, OK, RED, registered, run_checks
from portal.workdays import add_workdays

pytestmark = pytest.mark.django_db

D = date


# --- the rules, pure ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "age, level",
    [(0, OK), (10, OK), (11, AMBER), (13, AMBER), (14, RED), (40, RED)],
)
def test_news_columns_amber_three_days_before_red_at_two_weeks(age, level):
    today = D(2026, 11, 30)
    assert column_level(today - timedelta(days=age), today, NEWS) == level


@pytest.mark.parametrize(
    "newest, level",
    [
        (D(2026, 5, 30), RED),  # exactly six months
        (D(2026, 5, 31), AMBER),
        (D(2026, 6, 13), AMBER),  # 14 days before the limit
        (D(2026, 6, 14), OK),
        (D(2025, 1, 1), RED),
    ],
)
def test_notice_columns_amber_two_weeks_before_red_at_six_months(newest, level):
    assert column_level(newest, D(2026, 11, 30), NOTICE) == level


def test_an_empty_column_is_red_whatever_its_rule():
    assert column_level(None, D(2026, 11, 30), NEWS) == RED
    assert column_level(None, D(2026, 11, 30), NOTICE) == RED


def test_months_before_clamps_to_the_month_end():
    assert months_before(D(2026, 8, 31), 6) == D(2026, 2, 28)
    assert months_before(D(2026, 3, 15), 6) == D(2025, 9, 15)
    assert months_before(D(2024, 8, 31), 6) == D(2024, 2, 29)


@pytest.mark.parametrize(
    "years, today, expected",
    [
        ({2024, 2025}, D(2026, 11, 30), (OK, 2025, D(2026, 1, 31))),
        ({2024}, D(2026, 1, 10), (OK, 2024, D(2025, 1, 31))),  # not yet due, outside the margin
        ({2024}, D(2026, 1, 17), (AMBER, 2025, D(2026, 1, 31))),
        ({2024}, D(2026, 1, 31), (AMBER, 2025, D(2026, 1, 31))),  # the due date itself
        ({2024}, D(2026, 2, 1), (RED, 2025, D(2026, 1, 31))),
        ({2023}, D(2026, 1, 5), (RED, 2024, D(2025, 1, 31))),  # last year's never came
        (set(), D(2026, 6, 1), (RED, 2025, D(2026, 1, 31))),
    ],
)
def test_annual_report_due_by_31_january(years, today, expected):
    assert annual_report_level(years, today) == expected


def test_art26_amber_five_working_days_before_red_after(seeded_calendar):
    formed = D(2026, 11, 2)
    deadline = add_workdays(formed, 20)
    assert art26_level(deadline, add_workdays(deadline, -6)) == OK
    assert art26_level(deadline, add_workdays(deadline, -5)) == AMBER
    assert art26_level(deadline, deadline) == AMBER
    assert art26_level(deadline, deadline + timedelta(days=1)) == RED


def test_the_checks_are_registered():
    assert {"freshness", "art26", "links"} <= set(registered())


# --- on the demo ----------------------------------------------------------------------------


def _age_items(queryset, published_on: date) -> None:
    """Test set-up: pretend these items were published on `published_on` (no service moves a
    publication date back). Bulk writes bump the public generation themselves."""
    at = timezone.make_aware(timezone.datetime.combine(published_on, timezone.datetime.min.time())) + timedelta(
        hours=10
    )
    queryset.update(published_at=at)
    bump_generation()


def _set_body(item: DisclosureItem, body: str) -> None:
    """Test set-up: write links into a published body without a new revision."""
    DisclosureItem.objects.filter(pk=item.pk).update(body=body)
    bump_generation()


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


def _site_check_json() -> dict:
    out = io.StringIO()
    call_command("site_check", "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def _by_key(report: dict) -> dict:
    return {f["key"]: f for f in report["findings"]}


def test_site_check_json_on_the_demo_finds_what_was_planted(demo):
    today = timezone.localdate()
    published = DisclosureItem.objects.filter(state=State.PUBLISHED)

    # A news-type column 12 days old (amber), a notice column 7 months old (red) and one just
    # inside its last two weeks (amber), an empty column.
    _age_items(published.filter(kind__in=NEWS_KINDS), today - timedelta(days=12))
    _age_items(published.filter(topic__code="statistics"), months_before(today, 7))
    _age_items(published.filter(topic__code="fees"), months_before(today, 6) + timedelta(days=7))
    published.filter(topic__code="poverty").update(topic=Topic.objects.get(code="other"))
    bump_generation()

    # Art. 26: a proactive item in review, 3 working days before its deadline (amber); one
    # past it (red); one past it but proposed 不予公开 (not proactive: not reported).
    from tests.disclosure.factories import ItemFactory

    deadline = add_workdays(today, 3)
    soon = ItemFactory(title="即将到期的主动公开信息", formed_on=add_workdays(deadline, -20))
    DisclosureItem.objects.filter(pk=soon.pk).update(state=State.CONFIDENTIALITY_REVIEW)
    late = ItemFactory(title="逾期未公开的主动公开信息", formed_on=today - timedelta(days=60))
    DisclosureItem.objects.filter(pk=late.pk).update(state=State.ATTRIBUTE_REVIEW)
    kept = ItemFactory(
        title="拟不予公开的信息", formed_on=today - timedelta(days=60), proposed_attribute=Attribute.WITHHELD
    )

    # Links: to a missing page, to an item that is not published, to an attachment of
    # nothing, by the site's own address; and good ones (no finding).
    target = published.exclude(pk__in=[soon.pk, late.pk]).filter(kind=ItemKind.DOCUMENT).first()
    other = published.exclude(pk=target.pk).filter(kind=ItemKind.DOCUMENT).first()
    attachment = Attachment.objects.filter(item__state=State.PUBLISHED).first()
    body = (
        '<p><a href="/no-such-column/">失效栏目</a>'
        f'<a href="{settings.SITE_URL}/items/{late.pk}/">未发布的信息</a>'
        f'<a href="/items/{other.pk}/attachments/999999/">不存在的附件</a>'
        f'<a href="/items/{other.pk}/">已发布的信息</a>'
        f'<a href="{attachment.get_absolute_url()}">附件</a>'
        '<a href="/news/">新闻</a><a href="/guide">指南</a><a href="/catalogue/?topic=fees#top">目录</a>'
        '<a href="/static/css/screen.css">样式</a>'
        '<a href="https://www.gov.cn/zhengce/">中国政府网</a><a href="#part2">本页</a></p>'
    )
    _set_body(target, body)

    report = _site_check_json()
    assert set(report) == {"checked_at", "date", "site", "summary", "findings"}
    assert report["date"] == today.isoformat() and report["site"] == settings.SITE_URL
    findings = _by_key(report)
    levels = [f["level"] for f in report["findings"]]
    assert report["summary"] == {"red": levels.count(RED), "amber": levels.count(AMBER)}

    assert findings["home"]["level"] == OK
    assert findings["column:news"]["level"] == AMBER
    assert findings["column:news"]["since"] == (today - timedelta(days=12)).isoformat()
    assert findings["column:topic:statistics"]["level"] == RED
    assert findings["column:topic:fees"]["level"] == AMBER
    assert findings["column:topic:poverty"]["level"] == RED
    assert "空白栏目" in findings["column:topic:poverty"]["detail"]
    assert findings["column:topic:regulations"]["level"] == OK
    assert findings["column:guide"]["level"] == OK and findings["column:reports"]["level"] == OK
    # Each finding names the department that owns it and a page to act on.
    stats_owner = published.filter(topic__code="statistics").order_by("-published_at", "-id").first().publisher_id
    assert findings["column:topic:statistics"]["department_id"] == stats_owner
    assert findings["column:topic:statistics"]["url"] == "/catalogue/?topic=statistics"

    assert findings[f"item:{soon.pk}:art26"]["level"] == AMBER
    assert findings[f"item:{late.pk}:art26"]["level"] == RED
    assert findings[f"item:{late.pk}:art26"]["department_id"] == late.publisher_id
    assert findings[f"item:{late.pk}:art26"]["url"] == f"/staff/review/items/{late.pk}/"
    assert f"item:{kept.pk}:art26" not in findings
    assert not any(key.startswith(f"item:{target.pk}:") or key.startswith(f"item:{other.pk}:") for key in findings)

    links = [f for f in report["findings"] if f["check"] == "links"]
    assert sorted(f["detail"].split(" ")[1] for f in links) == sorted(
        [
            "/no-such-column/",
            f"{settings.SITE_URL}/items/{late.pk}/",
            f"/items/{other.pk}/attachments/999999/",
        ]
    )
    assert {f["department_id"] for f in links} == {target.publisher_id}
    assert {f["level"] for f in links} == {RED}
    assert all(f"《{target.title}》" in f["subject"] for f in links)

    # The demo's messages left 80 and 95 days unanswered (the veto is three months).
    messages = {
        (today - date.fromisoformat(f["since"])).days: f for f in report["findings"] if f["check"] == "messages"
    }
    assert set(messages) == {80, 95}
    assert messages[80]["level"] == AMBER and messages[95]["level"] == RED
    assert all(f["key"].startswith("message:LY") and f["department_id"] for f in messages.values())


def test_stale_home_and_the_five_column_veto(demo):
    today = timezone.localdate()
    _age_items(DisclosureItem.objects.filter(state=State.PUBLISHED), today - timedelta(days=200))
    findings = {f.key: f for f in run_checks(today)}
    assert findings["home"].level == RED
    assert findings["column:news"].level == RED
    veto = findings["columns:stale"]
    assert veto.level == RED and "单项否决" in veto.detail

    # A column published today again is fresh; the home page with it.
    _age_items(DisclosureItem.objects.filter(state=State.PUBLISHED, kind=ItemKind.NEWS), today)
    findings = {f.key: f for f in run_checks(today)}
    assert findings["home"].level == OK and findings["column:news"].level == OK


def test_annual_report_column_red_when_last_years_report_is_missing(demo):
    DisclosureItem.objects.filter(kind=ItemKind.ANNUAL_REPORT).update(report_year=2001)
    bump_generation()
    finding = {f.key: f for f in run_checks(D(2026, 3, 1))}["column:reports"]
    assert finding.level == RED and "2025年度报告" in finding.detail and finding.since == D(2026, 1, 31)


def test_a_column_another_part_adds_is_judged_only_when_its_address_exists():
    keys = {c.key for c in site_checks.public_columns()}
    assert "column:guide" in keys
    assert ("column:qa" in keys) == site_checks._column_exists("/interaction/qa/")


def test_site_check_text_is_a_chinese_table_and_exits_zero(demo):
    _age_items(DisclosureItem.objects.filter(state=State.PUBLISHED, topic__code="statistics"), D(2020, 1, 1))
    out = io.StringIO()
    call_command("site_check", "--format", "text", stdout=out)
    text = out.getvalue()
    assert text.startswith("网站健康检查")
    assert "【首页和栏目更新情况】" in text and "【正文中的失效站内链接】" in text
    line = next(line for line in text.splitlines() if "统计信息（主题分类）" in line)
    assert "已超限" in line and "2020-01-01" in line


def test_site_check_refuses_a_bad_date_in_chinese():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="日期“2026-13-01”无效"):
        call_command("site_check", "--date", "2026-13-01", stdout=io.StringIO())
