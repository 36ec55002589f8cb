"""The disclosure site's part of the site check (portal.site_check; docs/operations.md,
"网站健康检查"), against the veto items of 《政府网站与政务新媒体检查指标》
(国办秘函〔2019〕19号) and Art. 26 of the Regulation:

- freshness: the home page and every public column, the date of its newest published item;
- art26: proactive items still on their way to publication 20 working days after formation;
- links: links in published bodies to this site that lead nowhere.

The levels are pure functions of dates (`column_level`, `annual_report_level`,
`art26_level`); the checks only feed them, with a fixed number of queries whatever the
number of items."""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db.models import OuterRef, Q, Subquery
from django.urls import Resolver404, resolve
from django.utils import timezone

from portal.public_cache import cached_for_generation
from portal.site_check import AMBER, OK, RED, Finding
from portal.workdays import add_workdays, workdays_between

from .choices import Attribute, ItemKind, State
from .item_links import workflow_link
from .models import Attachment, DisclosureItem, Topic
from .views import MAX_PK, NEWS_KINDS

# How each column is judged (docs/operations.md lists which column follows which rule).
NEWS = "news"  # 动态、要闻类: stale after 2 weeks
NOTICE = "notice"  # 通知公告、政策文件类: stale after 6 months
FIXED = "fixed"  # fixed parts (指南, 制度): must not be empty, no update cycle
ANNUAL = "annual"  # 年度报告: last year's report by 31 January (Art. 49)

NEWS_DAYS = 14
NEWS_MARGIN_DAYS = 3
NOTICE_MONTHS = 6
NOTICE_MARGIN_DAYS = 14
REPORT_MARGIN_DAYS = 14
VETO_STALE_COLUMNS = 5
ART26_WORKDAYS = 20
ART26_MARGIN_WORKDAYS = 5
# Item states on the way to publication, in which the Art. 26 clock runs (the same list as
# the publication workflow's; a published, withdrawn or kept-back item is not late).
IN_FLOW = (
    State.DRAFT,
    State.RETURNED,
    State.CONFIDENTIALITY_REVIEW,
    State.REFERRED,
    State.ATTRIBUTE_REVIEW,
    State.SCHEDULED,
)

RULE_LIMITS = {
    NEWS: "2周",
    NOTICE: "6个月",
}


@dataclass(frozen=True)
class Column:
    key: str
    name: str
    url: str
    rule: str
    kinds: tuple[str, ...] = ()  # items of these kinds; empty: every kind
    topic_id: int | None = None
    # Added by another part of the site: judged only when its address exists.
    optional: bool = False


FIXED_COLUMNS = [
    Column("column:news", "新闻动态", "/news/", NEWS, kinds=tuple(NEWS_KINDS)),
    Column("column:guide", "政府信息公开指南", "/guide/", FIXED, kinds=(ItemKind.GUIDE,)),
    Column("column:policy", "政府信息公开制度", "/policy/", FIXED, kinds=(ItemKind.POLICY,)),
    Column("column:reports", "政府信息公开工作年度报告", "/reports/", ANNUAL, kinds=(ItemKind.ANNUAL_REPORT,)),
    Column("column:qa", "问答选登", "/interaction/qa/", NOTICE, kinds=(ItemKind.QA,), optional=True),
    Column(
        "column:consultations", "意见征集", "/consultations/", NOTICE, kinds=(ItemKind.CONSULTATION,), optional=True
    ),
]
# Topic columns (/catalogue/?topic=…) are notice/policy columns, except this one.
NEWS_TOPICS = {"news"}


# --- pure rules ---------------------------------------------------------------------------


def months_before(d: date, months: int) -> date:
    """The same day `months` months earlier (the month's last day when it is shorter)."""
    month0 = d.year * 12 + d.month - 1 - months
    year, month = divmod(month0, 12)
    month += 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise ValueError(d)


def column_level(newest: date | None, today: date, rule: str) -> str:
    """Red at the veto limit (2 weeks for news columns, 6 months for notice/policy ones),
    amber from a margin before it (3 days, 14 days); an empty column is red."""
    if newest is None:
        return RED
    if rule == NEWS:
        age = (today - newest).days
        if age >= NEWS_DAYS:
            return RED
        return AMBER if age >= NEWS_DAYS - NEWS_MARGIN_DAYS else OK
    if rule == NOTICE:
        limit = months_before(today, NOTICE_MONTHS)
        if newest <= limit:
            return RED
        return AMBER if newest <= limit + timedelta(days=NOTICE_MARGIN_DAYS) else OK
    return OK  # FIXED: only emptiness counts


def annual_report_due(year: int) -> date:
    """Art. 49: the report for `year` is published by 31 January of the next year."""
    return date(year + 1, 1, 31)


def annual_report_level(years: set[int], today: date) -> tuple[str, int, date]:
    """The level of the annual-report column and the report year it is about, with that
    report's due date: red when a report is past its due date and not published, amber
    from 14 days before the due date while it is still missing."""
    last = today.year - 1
    due = annual_report_due(last)
    if last in years:
        return OK, last, due
    if today > due:
        return RED, last, due
    previous = last - 1
    if previous not in years:
        return RED, previous, annual_report_due(previous)
    if today >= due - timedelta(days=REPORT_MARGIN_DAYS):
        return AMBER, last, due
    return OK, previous, annual_report_due(previous)


def art26_deadline(formed_on: date) -> date:
    """Art. 26: within 20 working days of the day the information was formed or changed."""
    return add_workdays(formed_on, ART26_WORKDAYS)


def art26_level(deadline: date, today: date) -> str:
    """Red once the deadline has passed, amber from 5 working days before it."""
    if today > deadline:
        return RED
    if today >= add_workdays(deadline, -ART26_MARGIN_WORKDAYS):
        return AMBER
    return OK


# --- freshness ----------------------------------------------------------------------------


def _column_exists(url: str) -> bool:
    try:
        resolve(url)
    except Resolver404:
        return False
    return True


def public_columns() -> list[Column]:
    """Every column of the public site whose content is items: the fixed ones that exist
    and one per topic of the catalogue."""
    columns = [c for c in FIXED_COLUMNS if not c.optional or _column_exists(c.url)]
    for topic in Topic.objects.order_by("order", "code").only("pk", "code", "name"):
        columns.append(
            Column(
                f"column:topic:{topic.code}",
                f"{topic.name}（主题分类）",
                f"/catalogue/?topic={topic.code}",
                NEWS if topic.code in NEWS_TOPICS else NOTICE,
                topic_id=topic.pk,
            )
        )
    return columns


def _newest_per_kind() -> dict:
    """For each kind, the newest published item's (local date, publisher): one index probe
    per kind (item_public_listing), however many items there are."""
    published = DisclosureItem.objects.filter(state=State.PUBLISHED).order_by("-published_at")
    newest = {}
    for kind in ItemKind.values:
        row = published.filter(kind=kind).values_list("published_at", "publisher_id").first()
        if row is not None:
            newest[kind] = (timezone.localdate(row[0]), row[1])
    return newest


def _newest_per_topic() -> dict:
    """For each topic, the same, in one query (two probes of item_published_topic a topic)."""
    latest = DisclosureItem.objects.filter(state=State.PUBLISHED, topic=OuterRef("pk")).order_by("-published_at")
    rows = Topic.objects.annotate(
        newest_at=Subquery(latest.values("published_at")[:1]),
        newest_by=Subquery(latest.values("publisher_id")[:1]),
    ).values_list("pk", "newest_at", "newest_by")
    return {pk: (timezone.localdate(at), by) for pk, at, by in rows if at is not None}


def _newest(rows: list[tuple[date, int]]) -> tuple[date | None, int | None]:
    return max(rows, default=(None, None), key=lambda r: r[0])


def _age(newest: date, today: date) -> str:
    days = (today - newest).days
    return "今天" if days <= 0 else f"{days}天前"


def site_owner() -> int | None:
    """The disclosure office (政府信息公开工作机构) answers for the site as a whole: the home
    page, empty columns, the annual report, the veto count. None: the administrators."""
    from portal.models import Department

    return (
        Department.objects.filter(is_disclosure_office=True, is_active=True)
        .order_by("order", "pk")
        .values_list("pk", flat=True)
        .first()
    )


def check_freshness(today: date) -> list[Finding]:
    by_kind = _newest_per_kind()
    by_topic = _newest_per_topic()
    owner = site_owner()
    findings = []

    newest, _ = _newest(list(by_kind.values()))
    level = column_level(newest, today, NEWS)
    findings.append(
        Finding(
            check="freshness",
            key="home",
            level=level,
            subject="首页",
            detail=(
                f"最新信息发布于{newest:%Y-%m-%d}（{_age(newest, today)}）；首页连续2周无新内容即为单项否决"
                if newest
                else "首页没有任何已发布的信息"
            ),
            url="/",
            department_id=owner,
            since=newest,
        )
    )

    stale: list[Finding] = []
    for column in public_columns():
        if column.topic_id is not None:
            newest, department = by_topic.get(column.topic_id, (None, None))
        else:
            newest, department = _newest([by_kind[k] for k in column.kinds if k in by_kind])
        if column.rule == ANNUAL:
            finding = _annual_report_finding(column, newest, department, today, owner)
        else:
            # A column's owner is who last published in it; an empty one is the office's.
            finding = _column_finding(column, newest, department if newest else owner, today)
        findings.append(finding)
        if newest is not None and column.rule in (NEWS, NOTICE) and finding.level != OK:
            stale.append(finding)
    veto = _veto_finding(stale, owner)
    if veto is not None:
        findings.append(veto)
    return findings


def _column_finding(column: Column, newest: date | None, department: int | None, today: date) -> Finding:
    level = column_level(newest, today, column.rule)
    if newest is None:
        detail = "空白栏目：没有任何已发布的信息（空白栏目属于单项否决项）"
    elif column.rule in RULE_LIMITS:
        limit = RULE_LIMITS[column.rule]
        kind = "动态类栏目" if column.rule == NEWS else "通知公告、政策文件类栏目"
        detail = f"最新信息发布于{newest:%Y-%m-%d}（{_age(newest, today)}）；{kind}超过{limit}未更新即为不更新栏目"
    else:
        detail = f"最新信息发布于{newest:%Y-%m-%d}；该栏目不按更新周期检查，只要求不为空"
    return Finding(
        check="freshness",
        key=column.key,
        level=level,
        subject=f"栏目“{column.name}”",
        detail=detail,
        url=column.url,
        department_id=department,
        since=newest,
    )


def _annual_report_finding(
    column: Column, newest: date | None, department: int | None, today: date, owner: int | None
) -> Finding:
    years = set(
        DisclosureItem.objects.filter(state=State.PUBLISHED, kind=ItemKind.ANNUAL_REPORT, report_year__isnull=False)
        .values_list("report_year", flat=True)
        .distinct()
    )
    level, year, due = annual_report_level(years, today)
    if level == OK:
        detail = f"{year}年度报告已发布（最新信息发布于{newest:%Y-%m-%d}）" if newest else f"{year}年度报告已发布"
    elif level == AMBER:
        detail = f"{year}年度报告应于{due:%Y-%m-%d}前发布（条例第四十九条），尚未发布"
    else:
        detail = f"{year}年度报告应于{due:%Y-%m-%d}前发布（条例第四十九条），已逾期未发布"
    return Finding(
        check="freshness",
        key=column.key,
        level=level,
        subject=f"栏目“{column.name}”",
        detail=detail,
        url=column.url,
        department_id=department if level == OK else owner,
        # The episode of a missing report is its due date (one reminder per year and level).
        since=newest if level == OK else due,
    )


def _veto_finding(stale: list[Finding], owner: int | None) -> Finding | None:
    """Five or more stale columns fail the national check (单项否决): red when five are past
    their limit, amber when five are past it or close to it."""
    red = [f for f in stale if f.level == RED]
    if len(red) >= VETO_STALE_COLUMNS:
        level, counted = RED, red
    elif len(stale) >= VETO_STALE_COLUMNS:
        level, counted = AMBER, stale
    else:
        return None
    names = "、".join(f.subject.removeprefix("栏目") for f in counted)
    return Finding(
        check="freshness",
        key="columns:stale",
        level=level,
        subject="不更新栏目数",
        detail=(
            f"{len(red)}个栏目已超过更新期限、{len(stale) - len(red)}个即将超限（{names}）；"
            f"不更新栏目达到{VETO_STALE_COLUMNS}个即为单项否决"
        ),
        url="/staff/site-check/",
        department_id=owner,
        since=min(f.since for f in counted),
    )


# --- Art. 26 ------------------------------------------------------------------------------


def check_art26(today: date) -> list[Finding]:
    """Proactive items (determined 主动公开, or proposed so and still in review) not yet
    published: amber 5 working days before the 20th working day after formation, red after it.
    Items without a formation date are left out (the workflow asks for it)."""
    # 15 working days are at least 15 calendar days: a superset, narrowed below.
    earliest_amber = today - timedelta(days=ART26_WORKDAYS - ART26_MARGIN_WORKDAYS)
    items = (
        DisclosureItem.objects.filter(state__in=IN_FLOW, formed_on__lte=earliest_amber)
        .filter(Q(attribute=Attribute.PROACTIVE) | Q(attribute="", proposed_attribute=Attribute.PROACTIVE))
        .order_by("formed_on", "pk")
        .only("pk", "title", "formed_on", "state", "scheduled_for", "publisher_id")
    )
    findings = []
    for item in items.iterator(chunk_size=500):
        deadline = art26_deadline(item.formed_on)
        level = art26_level(deadline, today)
        if level == OK:
            continue
        if item.scheduled_for is not None and timezone.localdate(item.scheduled_for) <= deadline and level == AMBER:
            continue  # scheduled to go out in time
        if level == RED:
            late = f"已逾期{workdays_between(deadline, today)}个工作日"
        else:
            late = f"还剩{workdays_between(today, deadline)}个工作日"
        link = workflow_link(item)
        findings.append(
            Finding(
                check="art26",
                key=f"item:{item.pk}:art26",
                level=level,
                subject=f"《{item.title}》",
                detail=(
                    f"生成于{item.formed_on:%Y-%m-%d}，应于{deadline:%Y-%m-%d}前主动公开"
                    f"（条例第二十六条：20个工作日），{late}；当前状态：{item.get_state_display()}"
                ),
                url=link.url if link else "",
                department_id=item.publisher_id,
                since=item.formed_on,
            )
        )
    return findings


# --- broken internal links ---------------------------------------------------------------

# The URLs the links lead to change with a deployment only; content changes start a new generation.
LINKS_CACHE_SECONDS = 6 * 3600
_HREF = re.compile(r'href="([^"]*)"')


def site_hosts() -> set[str]:
    """The hosts that name this site: SITE_URL's and the profile's 网站域名."""
    from portal.models import SiteProfile

    hosts = set()
    for value in (getattr(settings, "SITE_URL", ""), SiteProfile.current().site_domain):
        value = (value or "").strip().lower()
        if not value:
            continue
        host = urlsplit(value if "//" in value else f"//{value}").hostname
        if host:
            hosts.add(host)
    return hosts


def internal_path(href: str, hosts: set[str]) -> str | None:
    """The path on this site a link leads to, or None for another site or an anchor."""
    href = html.unescape(href).strip()
    if not href or href.startswith("#"):
        return None
    if href.startswith("/") and not href.startswith("//"):
        return unquote(urlsplit(href).path) or "/"
    try:
        parts = urlsplit(href)
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and (parts.hostname or "") in hosts:
        return unquote(parts.path) or "/"
    return None


def _static_exists(path: str) -> bool:
    from django.contrib.staticfiles import finders
    from django.contrib.staticfiles.storage import staticfiles_storage

    name = path[len(settings.STATIC_URL) :]
    try:
        return bool(finders.find(name)) or staticfiles_storage.exists(name)
    except Exception:  # noqa: BLE001 - a missing manifest entry or a bad name: not found
        return False


def classify_path(path: str) -> tuple[str, tuple[int, ...]] | str | None:
    """What a path on this site is: None when it is a page that exists, "missing" when
    nothing answers it, or ("item", (pk,)) / ("attachment", (item_pk, pk)) for content
    whose publication is checked afterwards (in one query for all links)."""
    if settings.STATIC_URL and path.startswith(settings.STATIC_URL):
        return None if _static_exists(path) else "missing"
    try:
        match = resolve(path)
    except Resolver404:
        if settings.APPEND_SLASH and not path.endswith("/"):
            return classify_path(path + "/")
        return "missing"
    numbers = [v for v in match.kwargs.values() if isinstance(v, int)]
    if any(n > MAX_PK for n in numbers):
        return "missing"  # no row can have such a number (the view answers 404)
    if match.view_name == "disclosure:item":
        return "item", (match.kwargs["pk"],)
    if match.view_name == "disclosure:attachment":
        return "attachment", (match.kwargs["item_pk"], match.kwargs["pk"])
    return None


def check_links(today: date) -> list[Finding]:
    """Cached until public content changes (the links and what they lead to only change then)."""
    return cached_for_generation("site-check:links", find_broken_links, timeout=LINKS_CACHE_SECONDS)


def find_broken_links() -> list[Finding]:
    """Links in published bodies to this site (a path, or SITE_URL / the profile's domain)
    that lead to no page, or to an item or attachment that is not published. Only bodies
    holding such a link are read (filtered in the database), only the columns needed."""
    hosts = site_hosts()
    has_internal = Q(body__contains='href="/')
    for host in sorted(hosts):
        has_internal |= Q(body__contains=f'href="http://{host}') | Q(body__contains=f'href="https://{host}')
    rows = (
        DisclosureItem.objects.filter(state=State.PUBLISHED)
        .filter(has_internal)
        .order_by("pk")
        .values_list("pk", "title", "body", "publisher_id")
    )
    broken: list[tuple[int, str, int, str, str]] = []  # item pk, title, publisher, href, reason
    pending: list[tuple[int, str, int, str, str, tuple]] = []
    for pk, title, body, publisher in rows.iterator(chunk_size=200):
        for href in dict.fromkeys(_HREF.findall(body)):
            path = internal_path(href, hosts)
            if path is None:
                continue
            verdict = classify_path(path)
            if verdict == "missing":
                broken.append((pk, title, publisher, html.unescape(href), "指向的页面不存在（404）"))
            elif verdict is not None:
                pending.append((pk, title, publisher, html.unescape(href), *verdict))
    item_pks = {args[0] for *_, kind, args in pending if kind == "item"}
    attachment_pks = {args[1] for *_, kind, args in pending if kind == "attachment"}
    live_items = set(DisclosureItem.objects.filter(state=State.PUBLISHED, pk__in=item_pks).values_list("pk", flat=True))
    live_attachments = set(
        Attachment.objects.filter(pk__in=attachment_pks, item__state=State.PUBLISHED).values_list("item_id", "pk")
    )
    for pk, title, publisher, href, kind, args in pending:
        if kind == "item" and args[0] not in live_items:
            broken.append((pk, title, publisher, href, "指向的信息不存在、未发布或已撤回"))
        elif kind == "attachment" and tuple(args) not in live_attachments:
            broken.append((pk, title, publisher, href, "指向的附件不存在或其所属信息未发布"))
    findings = []
    for pk, title, publisher, href, reason in broken:
        link = workflow_link(DisclosureItem(pk=pk, title=title, publisher_id=publisher))
        digest = hashlib.sha256(href.encode("utf-8")).hexdigest()[:16]
        findings.append(
            Finding(
                check="links",
                key=f"link:{pk}:{digest}",
                level=RED,
                subject=f"《{title}》中的链接",
                detail=f"链接 {href} {reason}",
                url=link.url if link else f"/items/{pk}/",
                department_id=publisher,
            )
        )
    return findings
