"""Demo public messages: one new, one routed, one answered with consent to publish, one
petition answered with the proper channel (Art. 39), and two left unanswered for 80 and 95
days, which the site check reports amber and red. Safe to run twice (keyed on subject)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import Permission
from django.utils import timezone

from portal.demo import demo_user
from portal.models import Department

from . import services
from .models import Message

MARK = "（演示）"


def _grant(username: str, *codenames: str) -> None:
    user = demo_user(username)
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="requests_app", codename__in=codenames)
    )


def _submit(subject: str, kind: str, text: str, *, days_ago: int = 0, consent: bool = False, name: str = "林晓"):
    message = Message.objects.filter(subject=subject + MARK).first()
    if message is not None:
        return message, False
    today = timezone.localdate() - timedelta(days=days_ago)
    message, _ = services.submit_message(
        data={
            "kind": kind,
            "subject": subject + MARK,
            "text": text,
            "name": name,
            "phone": "13900000000",
            "email": "",
            "publish_consent": consent,
        },
        today=today,
    )
    return message, True


def load(ctx: dict) -> None:
    _grant("gk_handler", "manage_messages")
    _grant("gk_head", "manage_messages", "view_message_identity")
    _grant("xfzx_drafter", "answer_messages")
    _grant("zzb_drafter", "answer_messages")
    clerk, answerer = demo_user("gk_handler"), demo_user("xfzx_drafter")
    xfzx = Department.objects.get(code="XFZX")

    _submit(
        "罪犯亲属会见需要预约吗", "consult", "请问到示例省第一监狱会见服刑亲属，需要提前多少天预约？可以网上预约吗？"
    )
    routed, new = _submit(
        "减刑裁定的公示在哪里查看",
        "consult",
        "我想了解示例省各监狱提请减刑、假释的公示在哪个网页可以查到。",
        days_ago=1,
    )
    if new:
        services.route_message(message=routed, actor=clerk, department=xfzx)
    answered, new = _submit(
        "建议公布会见室开放时间",
        "suggest",
        "建议在网站上公布各监狱会见室的开放时间和节假日安排，方便家属安排行程。我的电话13912345678。",
        days_ago=6,
        consent=True,
    )
    if new:
        services.route_message(message=answered, actor=clerk, department=xfzx)
        services.draft_answer(
            message=answered,
            actor=answerer,
            text="感谢您的建议。各监狱会见室开放时间已在“办事服务—会见指南”中公布，节假日安排将提前一周更新。",
        )
        services.approve_answer(message=answered, actor=clerk)
        answered.refresh_from_db()
        draft = services.propose_publication(
            message=answered,
            actor=clerk,
            title="关于公布会见室开放时间的建议",
            question=services.proposed_question(answered),
            answer=answered.answer,
        )
        # Published the only way anything is: through both reviews (the workflow's demo
        # submits, clears and determines every item listed under this key).
        ctx.setdefault("publish_through_review", []).append((draft.pk, None))
    petition, new = _submit(
        "反映某监区民警态度问题", "complaint", "反映示例省第二监狱某监区民警接待家属时态度生硬，要求处理。", days_ago=3
    )
    if new:
        services.answer_with_channel(
            message=petition,
            actor=clerk,
            channel="示例省监狱管理局纪检监察室（来信地址：示例市示范大街100号；电话 000-00000002）",
        )
    for days, subject in ((80, "监狱超市商品价格偏高"), (95, "询问罪犯劳动报酬标准")):
        old, new = _submit(subject, "consult", f"{subject}，请有关部门答复。", days_ago=days)
        if new:
            services.route_message(message=old, actor=clerk, department=xfzx)
    out = ctx.get("stdout")
    if out:
        out.write(f"  公众留言演示数据：{Message.objects.count()} 条（含未答复80天、95天各1条）")
