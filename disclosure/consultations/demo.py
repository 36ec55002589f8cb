"""Demo consultations: one open (comments still coming in) and one closed, its comments
answered and its feedback report published, the consultation finished. Run by the
publication workflow's demo loader, which supplies `publish(item)` (both reviews): the
drafts and the report go public the only way anything does. Idempotent by title."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta

from django.utils import timezone

from portal.demo import demo_user

from ..choices import ItemKind
from ..models import DisclosureItem, Topic
from . import services
from .models import CommentDecision, ConsultationComment

OPEN_TITLE = "示例省监狱罪犯离监探亲管理办法（征求意见稿）"
CLOSED_TITLE = "示例省监狱人民警察执法执勤行为规范（征求意见稿）"

OPEN_COMMENTS = [
    ("建议明确探亲期间的请假、销假程序，并规定家属接送的具体要求。", "李明", "13900000001", True),
    ("第八条“表现良好”的标准不够具体，建议与计分考核结果挂钩。", "", "", False),
]
# text, name, contact, consent, decision, reason
CLOSED_COMMENTS = [
    (
        "建议在第五条增加执法记录仪全程使用的要求。",
        "周华",
        "zhouhua@example.com",
        True,
        CommentDecision.ADOPTED,
        "已在第五条增加执法记录仪全程使用和存储期限的规定。",
    ),
    (
        "建议删除第十二条关于着装的规定，由各监狱自行决定。",
        "",
        "",
        True,
        CommentDecision.NOT_ADOPTED,
        "着装规范由《监狱人民警察着装管理规定》统一规定，本规范予以衔接，不宜由各监狱自行决定。",
    ),
    (
        "我家人在监狱服刑，希望执法更公开一些，能通过网站查询计分考核结果。",
        "王女士",
        "13800000002",
        False,
        CommentDecision.ADOPTED,
        "已增加狱务公开的相关条款，计分考核结果按规定向罪犯近亲属公开。",
    ),
]


def _draft(*, title: str, username: str, opens_on, closes_on, create: Callable) -> DisclosureItem:
    drafter = demo_user(username)
    return create(
        actor=drafter,
        data={
            "kind": ItemKind.CONSULTATION,
            "title": title,
            "summary": "就规范性文件草案公开征求社会公众意见。",
            "body": (
                "<p>为进一步规范有关工作，我局起草了本办法（征求意见稿），现向社会公开征求意见。"
                "公众可在征集期间通过本页面提出意见和建议。</p>"
                "<p>第一条　为规范相关工作，根据《中华人民共和国监狱法》等法律法规，制定本办法。</p>"
                "<p>第二条　本办法适用于本省各监狱。</p>"
            ),
            "formed_on": opens_on,
            "topic": Topic.objects.get(code="regulations"),
            "consultation_opens_on": opens_on,
            "consultation_closes_on": closes_on,
        },
    )


def load(ctx: dict, *, create: Callable, publish: Callable[[DisclosureItem], DisclosureItem]) -> None:
    """`create(actor=, data=)` drafts an item as the workbench does; `publish(item)` takes it
    through both reviews to publication."""
    today = timezone.localdate()
    created = 0
    if not DisclosureItem.objects.filter(title=OPEN_TITLE).exists():
        item = _draft(
            title=OPEN_TITLE,
            username="xfzx_drafter",
            opens_on=today - timedelta(days=10),
            closes_on=today + timedelta(days=25),
            create=create,
        )
        publish(item)
        for text, name, contact, consent in OPEN_COMMENTS:
            services.submit_comment(
                consultation=item.consultation, text=text, name=name, contact=contact, consent=consent
            )
        created += 1
    if not DisclosureItem.objects.filter(title=CLOSED_TITLE).exists():
        opens_on, closes_on = today - timedelta(days=80), today - timedelta(days=45)
        drafter = demo_user("zzb_drafter")
        item = _draft(title=CLOSED_TITLE, username="zzb_drafter", opens_on=opens_on, closes_on=closes_on, create=create)
        publish(item)
        consultation = item.consultation
        # Demo set-up only: the comments this consultation received while it was open, each
        # dated inside its period (the public form takes comments only while open).
        for number, (text, name, contact, consent, decision, reason) in enumerate(CLOSED_COMMENTS, start=1):
            comment = ConsultationComment.objects.create(
                consultation=consultation,
                number=number,
                text=text,
                name=name,
                contact=contact,
                consent_to_publish=consent,
                received_at=timezone.make_aware(datetime.combine(opens_on + timedelta(days=3 * number), time(10))),
            )
            services.decide_comment(comment=comment, actor=drafter, decision=decision, reason=reason)
        feedback = services.create_feedback_report(consultation=consultation, actor=drafter)
        publish(feedback)
        services.finish_consultation(consultation=consultation, actor=drafter)
        created += 1
    if "stdout" in ctx:
        ctx["stdout"].write(f"意见征集：新增 {created} 项（一项正在征集，一项已公布采纳情况并办结）。")
