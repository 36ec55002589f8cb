"""Demo entries of the register, relative to now: a major emergency with its clocks running,
an ordinary concern past its 48 hours, and (once the published items exist) one closed with
its 回应关切 item. Built through the services; safe to run twice (keyed on the summary)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone

from portal.lookups import search_published
from portal.models import Department

from . import services
from .choices import ConcernCategory, ConcernLevel, Milestone
from .models import ConcernEntry

KEEPER = "gk_head"  # 办公室主任 keeps the register
DEPARTMENT_HANDLER = "xfzx_drafter"

MAJOR = "网传某监狱暂予监外执行罪犯脱管伤人，多个自媒体账号转发并配发不实图片（演示）"
OVERDUE = "网民质疑监狱罪犯伙食标准偏低，相关帖子评论量较大（演示）"
CLOSED = "罪犯亲属在网上集中反映会见预约电话难以接通（演示）"
CLOSED_RESPONSE_TITLE = "关于罪犯亲属反映会见预约难问题的回应"


def _grant(username: str, *codenames: str):
    from portal.demo import demo_user

    user = demo_user(username)
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="requests_app", codename__in=codenames)
    )
    return demo_user(username)  # fresh: no stale permission cache


def _register(keeper, summary: str, noticed_at: datetime, **kwargs) -> ConcernEntry | None:
    if ConcernEntry.objects.filter(summary=summary).exists():
        return None
    return services.register_entry(actor=keeper, noticed_at=noticed_at, summary=summary, **kwargs)


def load(ctx: dict) -> None:
    keeper = _grant(KEEPER, "keep_concern_register", "view_concernentry")
    handler = _grant(DEPARTMENT_HANDLER, "view_concernentry")
    for username, note in ((KEEPER, "舆情台账维护"), (DEPARTMENT_HANDLER, "本处室舆情处置")):
        if username in ctx.get("passwords", {}):
            password, role = ctx["passwords"][username]
            ctx["passwords"][username] = (password, f"{role}；{note}")
    depts = {d.code: d for d in Department.objects.filter(code__in=["XFZX", "SHWS", "YZGL"])}
    now = timezone.now().replace(second=0, microsecond=0)
    made = 0
    major = _register(
        keeper,
        MAJOR,
        now - timedelta(hours=3, minutes=10),
        source="微博",
        source_url="https://weibo.example.invalid/demo/1",
        category=ConcernCategory.EMERGENCY,
        level=ConcernLevel.MAJOR,
        department=depts["XFZX"],
    )
    if major is not None:
        made += 1
        services.record_milestone(
            entry=major, actor=handler, milestone=Milestone.AUTHORITATIVE_INFO, at=now - timedelta(hours=2)
        )
        services.add_follow_up(
            entry=major, actor=handler, note="已通过官方微博发布情况说明：经核查，该监狱监管秩序正常，未发生罪犯脱逃。"
        )
    overdue = _register(
        keeper,
        OVERDUE,
        now - timedelta(hours=50),
        source="本网站留言及地方论坛",
        category=ConcernCategory.HOT_TOPIC,
        level=ConcernLevel.GENERAL,
        department=depts["SHWS"],
    )
    if overdue is not None:
        made += 1
        services.add_follow_up(
            entry=overdue, actor=keeper, note="已请生活卫生处提供罪犯伙食实物量标准执行情况，待其起草回应。"
        )
    out = ctx.get("stdout")
    if out:
        out.write(f"  舆情台账演示数据：共 {ConcernEntry.objects.count()} 条（本次新增 {made} 条）")
    # The closed entry answers with a published 回应关切 item, which the disclosure demo
    # loads after this app: finish it when the demo's transaction commits.
    transaction.on_commit(lambda: _closed_entry(keeper, depts.get("YZGL"), out))


def _closed_entry(keeper, department, out=None) -> None:
    if department is None or ConcernEntry.objects.filter(summary=CLOSED).exists():
        return
    refs = search_published(CLOSED_RESPONSE_TITLE, limit=1, kind=services.RESPONSE_KIND)
    if not refs:
        return
    tz = timezone.get_current_timezone()
    with transaction.atomic():
        entry = services.register_entry(
            actor=keeper,
            noticed_at=datetime(2025, 6, 30, 9, 0, tzinfo=tz),
            summary=CLOSED,
            source="12345热线转办、本网站留言",
            category=ConcernCategory.PUBLIC_INTEREST,
            level=ConcernLevel.GENERAL,
            department=department,
        )
        services.add_follow_up(entry=entry, actor=keeper, note="狱政管理处已增开会见预约线路，并上线网上预约。")
        services.link_response(
            entry=entry, actor=keeper, item_pk=refs[0].pk, published_at=datetime(2025, 7, 2, 8, 30, tzinfo=tz)
        )
        services.close_entry(entry=entry, actor=keeper, note="已发布回应，预约渠道已增加。")
    if out:
        out.write(f"  舆情台账演示数据：{entry.reference} 已关联回应关切信息并办结")
