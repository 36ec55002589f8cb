"""Demo data for the publication workflow: the role groups, and one item in every state,
each taken there through the services (so its history is real). Idempotent: an item whose
title exists is left as it is."""

from datetime import timedelta

from django.utils import timezone

from disclosure.choices import Attribute, DisclosureForm, ItemKind, WithholdGround
from disclosure.consultations import demo as consultation_demo
from disclosure.demo import PUBLISH_THROUGH_REVIEW, summary_for
from disclosure.models import DisclosureItem, Topic
from portal.demo import demo_pdf, demo_user

from . import services
from .permissions import (
    DRAFTERS,
    LEGAL_REVIEWERS,
    OFFICE_REVIEWERS,
    can_edit,
    ensure_department_membership,
    ensure_role_groups,
    grant_department_access,
)
from .selectors import pending_step

ROLES = {
    "bgs_reviewer": OFFICE_REVIEWERS,
    "fzc_reviewer": LEGAL_REVIEWERS,
    "zzb_drafter": DRAFTERS,
    "xfzx_drafter": DRAFTERS,
    # The disclosure office drafts the annual report and its own guide and rules.
    "gk_handler": DRAFTERS,
}

TABLE = (
    '<table><thead><tr><th scope="col">事项</th><th scope="col">责任处室</th><th scope="col">完成时限</th></tr></thead>'
    "<tbody><tr><td>制定实施方案</td><td>{dept}</td><td>当月底前</td></tr>"
    "<tr><td>组织实施并报送情况</td><td>{dept}</td><td>次月10日前</td></tr></tbody></table>"
)

# title, drafter, topic, kind, days since formed, target state, extra
ITEMS = [
    ("2027年度监狱人民警察招录工作方案（草稿）", "zzb_drafter", "recruitment", ItemKind.DOCUMENT, 2, "draft", {}),
    ("关于调整罪犯亲属会见时间的通知", "xfzx_drafter", "execution", ItemKind.DOCUMENT, 6, "confidentiality_review", {}),
    ("监狱安全防范设施建设规划（2026—2030年）", "xfzx_drafter", "plans", ItemKind.DOCUMENT, 12, "referred", {}),
    (
        "关于规范罪犯减刑假释案件办理工作的实施细则",
        "xfzx_drafter",
        "regulations",
        ItemKind.DOCUMENT,
        15,
        "attribute_review",
        {},
    ),
    ("2026年度队伍教育培训工作要点", "zzb_drafter", "plans", ItemKind.DOCUMENT, 9, "returned", {}),
    ("监狱警戒设施布防情况说明", "xfzx_drafter", "other", ItemKind.DOCUMENT, 30, "secret", {}),
    (
        "罪犯生活卫生经费使用明细（2026年第三季度）",
        "zzb_drafter",
        "final-accounts",
        ItemKind.DOCUMENT,
        25,
        "on_request",
        {},
    ),
    (
        "2026年第三次局务会议纪要",
        "zzb_drafter",
        "decisions",
        ItemKind.DOCUMENT,
        40,
        "withheld",
        {"proposed_attribute": Attribute.WITHHELD, "proposed_ground": WithholdGround.PROCESS_INFO},
    ),
    ("关于2027年元旦春节期间开展监狱开放日活动的公告", "xfzx_drafter", "news", ItemKind.NEWS, 3, "scheduled", {}),
    ("示例省监狱减刑假释案件公示办法", "xfzx_drafter", "regulations", ItemKind.DOCUMENT, 20, "published", {}),
    ("政治部开展“警营开放日”活动", "zzb_drafter", "news", ItemKind.NEWS, 5, "published", {}),
    ("关于2026年招录监狱人民警察体检安排的通知", "zzb_drafter", "recruitment", ItemKind.DOCUMENT, 60, "withdrawn", {}),
    (
        "示例省监狱罪犯通信会见管理规定（2019年）",
        "xfzx_drafter",
        "regulations",
        ItemKind.DOCUMENT,
        400,
        "repealed",
        {"doc_type": "normative"},
    ),
]


def _grant_roles(ctx: dict) -> None:
    groups = ensure_role_groups()
    for username, group in ROLES.items():
        user = demo_user(username)
        user.groups.add(groups[group])
        ensure_department_membership(user)


def _walk(item: DisclosureItem, target: str, *, office, legal) -> None:
    drafter = item.created_by
    if target == "draft":
        return
    services.submit_for_review(item=item, actor=drafter)
    step = pending_step(item)
    if target == "confidentiality_review":
        return
    if target == "referred":
        services.refer_to_authority(
            step=step,
            actor=office,
            authority="示例省国家保密局",
            question="规划中的设施分布是否属于国家秘密，请予确定。",
        )
        return
    if target == "returned":
        services.return_for_changes(
            step=step, actor=office, comment="第二部分列出了培训人员名单，请删去个人信息后重新提交。"
        )
        return
    if target == "secret":
        services.withhold_as_secret(
            step=step, actor=office, comment="属于监狱工作国家秘密目录规定的事项，定密依据见密级标注。"
        )
        return
    services.clear_confidentiality(step=step, actor=office, comment="未发现涉密内容。")
    step = pending_step(item)
    if target == "attribute_review":
        return
    if target == "on_request":
        services.determine_attribute(
            step=step, actor=legal, attribute=Attribute.ON_REQUEST, comment="涉及特定群体的明细数据，依申请提供。"
        )
        return
    if target == "withheld":
        services.determine_attribute(
            step=step,
            actor=legal,
            attribute=Attribute.WITHHELD,
            ground=WithholdGround.PROCESS_INFO,
            comment="会议纪要属于过程性信息（条例第十六条）。",
        )
        return
    if target == "scheduled":
        services.determine_attribute(
            step=step,
            actor=legal,
            attribute=Attribute.PROACTIVE,
            forms=[DisclosureForm.WEBSITE, DisclosureForm.NEW_MEDIA],
            publish_at=timezone.now() + timedelta(days=14),
            comment="定于活动前两周发布。",
        )
        return
    item = services.determine_attribute(
        step=step,
        actor=legal,
        attribute=Attribute.PROACTIVE,
        forms=[DisclosureForm.WEBSITE],
        comment="依照条例第二十条主动公开。",
    )
    if target == "withdrawn":
        services.withdraw_item(item=item, actor=legal, reason="体检时间调整，原通知撤回，另行发布。")
    elif target == "repealed":
        services.repeal_item(item=item, actor=legal, comment="已被新规定替代。")


def _publish_one(item: DisclosureItem, *, office, legal, forms=None) -> DisclosureItem:
    """Submitted by its department, cleared by the Office, determined by Legal Affairs."""
    admin = demo_user("admin")
    grant_department_access(item)
    submitter = item.created_by if item.created_by and can_edit(item.created_by, item) else admin
    services.submit_for_review(item=item, actor=submitter)
    services.clear_confidentiality(step=pending_step(item), actor=office, comment="未发现涉密内容。")
    return services.determine_attribute(
        step=pending_step(item),
        actor=legal,
        attribute=Attribute.PROACTIVE,
        forms=forms or [DisclosureForm.WEBSITE],
        comment="属于主动公开范围。",
    )


def _publish_catalogue(ctx: dict, *, office, legal) -> int:
    """The disclosure demo's catalogue and annual report go public the only way anything
    does: submitted by their department, cleared by the Office, determined by Legal Affairs."""
    admin = demo_user("admin")
    published = 0
    for pk, forms in ctx.pop(PUBLISH_THROUGH_REVIEW, []):
        item = DisclosureItem.objects.get(pk=pk)
        grant_department_access(item)
        submitter = item.created_by if item.created_by and can_edit(item.created_by, item) else admin
        services.submit_for_review(item=item, actor=submitter)
        services.clear_confidentiality(step=pending_step(item), actor=office, comment="未发现涉密内容。")
        services.determine_attribute(
            step=pending_step(item),
            actor=legal,
            attribute=Attribute.PROACTIVE,
            forms=forms or [DisclosureForm.WEBSITE],
            comment="属于主动公开范围。",
        )
        published += 1
    return published


def load(ctx: dict) -> None:
    _grant_roles(ctx)
    office, legal = demo_user("bgs_reviewer"), demo_user("fzc_reviewer")
    published = _publish_catalogue(ctx, office=office, legal=legal)
    if published and "stdout" in ctx:
        ctx["stdout"].write(f"发布审查：演示目录 {published} 条经保密审查和公开属性认定后发布。")
    today = timezone.localdate()
    created = 0
    for title, username, topic_code, kind, age, target, extra in ITEMS:
        if DisclosureItem.objects.filter(title=title).exists():
            continue
        drafter = demo_user(username)
        dept = drafter.department.name
        data = {
            "kind": kind,
            "title": title,
            "summary": summary_for(kind, Topic.objects.get(code=topic_code), dept),
            "body": f"<p>各监狱、局属各单位：</p><p>现将{title}的有关事项通知如下。</p>{TABLE.format(dept=dept)}",
            "formed_on": today - timedelta(days=age),
            "document_number": f"示狱{drafter.department.code.lower()}〔{(today - timedelta(days=age)).year}〕{created + 1}号"
            if kind == ItemKind.DOCUMENT
            else "",
            "topic": Topic.objects.get(code=topic_code),
            **extra,
        }
        item = services.create_item(actor=drafter, data=data)
        if target != "draft":
            services.add_item_attachment(
                item=item,
                actor=drafter,
                name=f"{title[:40]}（附件）.pdf",
                content=demo_pdf("Demo attachment", distinct_by=title),
            )
        _walk(item, target, office=office, legal=legal)
        created += 1
    if "stdout" in ctx:
        ctx["stdout"].write(f"发布审查：演示事项 {created} 条新建（每种状态至少一条）。")
    consultation_demo.load(
        ctx, create=services.create_item, publish=lambda item: _publish_one(item, office=office, legal=legal)
    )
