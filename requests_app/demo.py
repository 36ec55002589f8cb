"""Demo requests: a full year 2025 (every outcome code and applicant type, carried over
from 2024 and into 2026), plus open 2026 requests relative to today. Built through the
ledger importer and the services; safe to run twice (keyed on reference)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.contrib.auth.models import Permission
from django.utils import timezone

from portal import workdays
from portal.dates import iso

from . import services
from .choices import ApplicantType, Channel, Outcome
from .ledger import import_requests
from .models import InformationRequest

PERSONS = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄强", "周丽", "吴军", "徐婷", "孙浩"]
ORGS = {
    ApplicantType.COMMERCIAL: ["示例市恒达商贸有限公司", "示例省安泰建筑工程有限公司", "示例市康源食品有限公司"],
    ApplicantType.RESEARCH: ["示例大学法学院刑事法研究中心", "示例省社会科学院"],
    ApplicantType.PUBLIC_INTEREST: ["示例市阳光助残公益服务中心", "示例省青少年帮教协会"],
    ApplicantType.LEGAL_SERVICES: ["示例市正平律师事务所", "示例省天衡律师事务所"],
    ApplicantType.OTHER_ORG: ["示例市某社区居民委员会", "示例县新闻中心"],
}
TOPICS = [
    "2025年度监狱系统部门预算及“三公”经费预算说明",
    "示例省第一监狱罪犯减刑、假释案件提请情况的统计数据",
    "监狱罪犯伙食实物量标准及执行情况",
    "2024年度监狱劳动改造项目的政府采购合同",
    "监狱系统警察招录的职位表和录用名单",
    "示例省监狱管理局关于罪犯会见管理的规范性文件",
    "本人亲属在示例省第三监狱服刑期间的医疗救治记录",
    "监狱新建监舍楼项目的环境影响评价文件",
    "2024年罪犯暂予监外执行的审批数量",
    "监狱管理局机关内设机构及职能配置",
    "关于监狱企业安全生产检查的通报",
    "罪犯教育改造经费的使用情况",
]


def _grant(username: str, *codenames: str) -> None:
    from portal.demo import demo_user

    user = demo_user(username)
    perms = Permission.objects.filter(content_type__app_label="requests_app", codename__in=codenames)
    user.user_permissions.add(*perms)


def _applicant(rng: random.Random, kind: str, i: int) -> dict:
    if kind == ApplicantType.NATURAL_PERSON:
        name = PERSONS[i % len(PERSONS)]
        return {
            "type": kind,
            "name": name,
            "id_type": "居民身份证",
            "id_number": f"220102198{i % 10}0101{i:04d}"[:17] + "X",
            "phone": f"1380000{i:04d}",
            "email": f"applicant{i}@example.invalid",
            "address": f"示例市示例区和平路{i + 1}号",
        }
    name = ORGS[kind][i % len(ORGS[kind])]
    return {
        "type": kind,
        "name": name,
        "id_type": "统一社会信用代码",
        "id_number": f"91990000MA{i:08d}",
        "legal_representative": PERSONS[(i + 3) % len(PERSONS)],
        "phone": f"0431-8{i:07d}",
        "email": f"org{i}@example.invalid",
        "address": f"示例市示例区建设街{i + 10}号",
    }


def _with_iso_dates(event: dict) -> dict:
    return {k: iso(v) if isinstance(v, date) else v for k, v in event.items()}


def year_2025_records(cal) -> list[dict]:
    """About sixty closed and carried-over requests of 2025 (deterministic)."""
    rng = random.Random(2025)
    add = cal.add_workdays
    outcomes = [o.value for o in Outcome if o not in (Outcome.NO_SUPPLEMENT, Outcome.UNPAID_FEE, Outcome.STILL_UNCLEAR)]
    types = [t.value for t in ApplicantType]
    records: list[dict] = []

    def rec(i, ref, received, channel, events, kind=None, submitted=None):
        kind = kind or types[i % len(types)]
        records.append(
            {
                "reference": ref,
                "applicant": _applicant(rng, kind, i),
                "channel": channel,
                "submitted_on": (submitted or received).isoformat(),
                "received_on": received.isoformat() if received else None,
                "description": f"申请公开{TOPICS[i % len(TOPICS)]}。",
                "events": [_with_iso_dates(e) for e in events],
            }
        )

    def reply(d, outcome):
        return {"type": "replied", "on": d, "outcome": outcome}

    n = 0
    # Carried over from 2024: received in December 2024, closed in 2025.
    for k, rec_day in enumerate([date(2024, 12, 16), date(2024, 12, 23), date(2024, 12, 30)]):
        events = [reply(add(rec_day, 15 + k), outcomes[k])]
        if k == 1:
            events = [{"type": "extended", "on": add(rec_day, 18), "days": 10}, reply(add(rec_day, 26), "partial")]
        rec(n, f"2024-{90 + k:05d}", rec_day, Channel.ONLINE, events, submitted=rec_day - timedelta(days=1))
        n += 1

    # The year 2025: one request roughly every fourth working day.
    day = date(2025, 1, 6)
    seq = 1
    scenario = 0
    while day < date(2025, 12, 10):
        ref = f"2025-{seq:05d}"
        channel = [
            Channel.ONLINE,
            Channel.ONLINE,
            Channel.IN_PERSON,
            Channel.REGISTERED_MAIL,
            Channel.LETTER,
            Channel.FAX,
        ][seq % 6]
        received = day
        submitted = day if channel in (Channel.IN_PERSON, Channel.REGISTERED_MAIL) else add(day, -1)
        outcome = outcomes[seq % len(outcomes)]
        kind = scenario % 9
        if kind == 0:
            channel, submitted = Channel.IN_PERSON, received
            events = [
                {
                    "type": "answered_on_spot",
                    "on": received,
                    "outcome": "not_processed.publication" if seq % 2 else "disclosed",
                }
            ]
        elif kind == 1:
            events = [
                {"type": "supplement_requested", "on": add(received, 3), "supplement_by": add(received, 13)},
                {"type": "abandoned", "on": add(received, 14)},
            ]
        elif kind == 2:
            back = add(received, 8)
            events = [
                {"type": "supplement_requested", "on": add(received, 4), "supplement_by": add(received, 14)},
                {"type": "supplement_received", "on": back},
                reply(add(back, 12), "unavailable.still_unclear" if seq % 2 else outcome),
            ]
        elif kind == 3:
            sent = add(received, 5)
            events = [
                {"type": "consultation_sent", "on": sent, "party": "示例市恒达商贸有限公司"},
                {"type": "consultation_answered", "on": add(sent, 6)},
                reply(add(received, 24), "withheld.third_party"),
            ]
        elif kind == 4:
            events = [{"type": "extended", "on": add(received, 18), "days": 15}, reply(add(received, 30), outcome)]
        elif kind == 5:
            sent = add(received, 4)
            events = [
                {"type": "consultation_sent", "on": sent, "party": "示例省某监狱"},
                {"type": "extended", "on": add(received, 17), "days": 20},
                reply(add(received, 45), "partial"),
            ]  # unanswered: paused for 15 days
        elif kind == 6 and seq % 2:
            events = [
                {
                    "type": "fee_notified",
                    "on": add(received, 5),
                    "amount_yuan": 100,
                    "method": "per_request",
                    "count": 11,
                },
                {"type": "fee_paid", "on": add(received, 9)},
                reply(add(received, 18), "disclosed"),
            ]
        elif kind == 6:
            events = [
                {
                    "type": "fee_notified",
                    "on": add(received, 5),
                    "amount_yuan": 1700,
                    "method": "per_volume",
                    "count": 150,
                },
                reply(add(received, 27), "other.unpaid_fee"),
            ]
        elif kind == 7 and seq % 3 == 0:
            events = [reply(add(received, 22), outcome)]  # replied late: overdue
        else:
            events = [reply(add(received, 6 + seq % 12), outcome)]
        # Reconsideration and lawsuits over some replies, with varied results.
        if events[-1]["type"] == "replied" and seq % 7 == 3:
            closed = events[-1]["on"]
            events.append(
                {
                    "type": "reconsideration",
                    "on": closed + timedelta(days=20),
                    "result": ["upheld", "corrected", "other", "pending"][seq % 4],
                }
            )
            if seq % 2:
                events.append(
                    {
                        "type": "litigation",
                        "on": closed + timedelta(days=60),
                        "after_reconsideration": True,
                        "result": ["upheld", "pending"][seq % 2],
                    }
                )
        elif events[-1]["type"] == "replied" and seq % 11 == 5:
            events.append(
                {
                    "type": "litigation",
                    "on": events[-1]["on"] + timedelta(days=30),
                    "after_reconsideration": False,
                    "result": ["upheld", "corrected", "other"][seq % 3],
                }
            )
        rec(n, ref, received, channel, events, submitted=submitted)
        n += 1
        seq += 1
        scenario += 1
        day = add(day, 4)

    # Received in December 2025, some on the 31st, closed in January 2026 (carried forward).
    for k, rec_day in enumerate([date(2025, 12, 15), date(2025, 12, 22), date(2025, 12, 31), date(2025, 12, 31)]):
        events = [reply(add(rec_day, 12 + 2 * k), outcomes[(k * 5) % len(outcomes)])]
        if k == 3:
            events = [
                {"type": "supplement_requested", "on": date(2026, 1, 5), "supplement_by": date(2026, 1, 16)},
                {"type": "supplement_received", "on": date(2026, 1, 12)},
                reply(date(2026, 1, 30), "disclosed"),
            ]
        rec(
            n,
            f"2025-{seq:05d}",
            rec_day,
            Channel.ONLINE if k % 2 else Channel.IN_PERSON,
            events,
            kind=types[(k + 2) % len(types)],
        )
        n += 1
        seq += 1
    # Every outcome code at least once: fill in any not yet used.
    used = {e.get("outcome") for r in records for e in r["events"]}
    for code in [o.value for o in Outcome]:
        if code in used or code in (Outcome.NO_SUPPLEMENT, Outcome.UNPAID_FEE):
            continue
        rec_day = add(date(2025, 11, 3), seq % 15)
        rec(n, f"2025-{seq:05d}", rec_day, Channel.REGISTERED_MAIL, [reply(add(rec_day, 10), code)])
        n += 1
        seq += 1
    return records


def open_2026_records(cal, today: date) -> list[dict]:
    """Open requests relative to today: due soon, overdue, in consultation, awaiting a
    supplement, and one whose extension runs into a year whose holidays are unknown."""
    add = cal.add_workdays
    start = today if cal.is_workday(today) else add(today, -1)
    year = start.year
    plans = [
        ("due2", add(start, -18), []),
        ("due5", add(start, -16), []),
        ("overdue", add(start, -22), []),
        (
            "consult",
            add(start, -8),
            [{"type": "consultation_sent", "on": add(start, -3), "party": "示例市康源食品有限公司"}],
        ),
        (
            "supplement",
            add(start, -4),
            [{"type": "supplement_requested", "on": add(start, -2), "supplement_by": add(start, 8)}],
        ),
        ("extended", add(start, -5), [{"type": "extended", "on": start, "days": 20}]),
        ("fresh", start, []),
    ]
    records = []
    for k, (label, received, events) in enumerate(plans):
        records.append(
            {
                "reference": f"{year}-{90001 + k:05d}",
                "applicant": _applicant(random.Random(k), [t.value for t in ApplicantType][k % 6], 40 + k),
                "channel": Channel.IN_PERSON if label == "fresh" else Channel.ONLINE,
                "submitted_on": (received if label == "fresh" else add(received, -1)).isoformat(),
                "received_on": received.isoformat(),
                "description": f"申请公开{TOPICS[(k + 5) % len(TOPICS)]}。",
                "events": [_with_iso_dates(e) for e in events],
            }
        )
    return records


def load(ctx: dict) -> None:
    _grant("gk_handler", "handle_request")
    _grant("gk_head", "handle_request", "approve_extension", "view_applicant_identity")
    cal = workdays.current()
    today = timezone.localdate()
    records = year_2025_records(cal) + open_2026_records(cal, today)
    existing = set(InformationRequest.objects.values_list("reference", flat=True))
    new = [r for r in records if r["reference"] not in existing]
    if new:
        import json

        import_requests(json.dumps(new, ensure_ascii=False))
    from portal.demo import demo_user

    handler, head = demo_user("gk_handler"), demo_user("gk_head")
    new_open = InformationRequest.objects.filter(
        handler__isnull=True, reference__in=[r["reference"] for r in new]
    ).exclude(status="closed")
    for req in new_open:
        services.assign_handler(request=req, actor=head, handler=handler if req.pk % 3 else head)
    # Two online requests still waiting for the office to confirm them (no receipt date yet).
    out = ctx.get("stdout")
    if not InformationRequest.objects.filter(description__contains="（演示：待确认）").exists():
        for name in ("钱多多", "示例市正平律师事务所"):
            org = name.endswith("所")
            data = {
                "applicant_type": ApplicantType.LEGAL_SERVICES if org else ApplicantType.NATURAL_PERSON,
                "applicant_name": name,
                "id_type": "统一社会信用代码" if org else "居民身份证",
                "id_number": "91990000MA00000099" if org else "22010219900101123X",
                "legal_representative": "李正平" if org else "",
                "phone": "13900000000",
                "email": "demo-applicant@example.invalid",
                "address": "示例市示例区示范大街1号",
                "description": "申请公开示例省监狱管理局2026年度政府信息公开工作要点。（演示：待确认）",
                "medium": "电子数据",
                "delivery": "电子邮件",
            }
            req, code = services.submit_request(data=data, today=today)
            if out:
                out.write(f"  演示申请 {req.reference}（待确认收到）查询码：{code}")
    if out:
        out.write(f"  依申请公开演示数据：共 {InformationRequest.objects.count()} 件申请（本次新增 {len(new)} 件）")
    load_letters(ctx)
    from .interaction.demo import load as load_messages

    load_messages(ctx)
    from .concerns.demo import load as load_concerns

    load_concerns(ctx)


# --- letters issued through the services (issue 8) ------------------------------------------

LETTER_APPLICANT = {
    "applicant_type": ApplicantType.NATURAL_PERSON,
    "applicant_name": "孙晓明",
    "id_type": "居民身份证",
    "id_number": "11990019800101001X",
    "phone": "13900000001",
    "email": "demo-letters@example.invalid",
    "address": "示例市示例区示范大街8号",
    "medium": "电子数据",
    "delivery": "电子邮件",
}
# (reply type, what was asked, the parts the letter states)
LETTER_PLAN = [
    ("disclosed", "2025年度示例省第一监狱罪犯伙食费标准", {"provision": "以电子邮件方式于答复之日发送电子文档"}),
    (
        "partial",
        "2025年度监狱劳动改造项目政府采购合同",
        {
            "provision": "以电子邮件方式发送经区分处理的合同文本",
            "parts": [
                {
                    "part": "合同中供应商的银行账号和联系人手机号码",
                    "ground": "third_party",
                    "reasons": "系供应商的商业秘密和个人信息，供应商书面表示不同意公开",
                },
                {
                    "part": "合同审批单中的内部签批意见",
                    "ground": "process_info",
                    "reasons": "系内部审批过程中形成的意见，不是正式决定",
                },
            ],
        },
    ),
    ("withheld.state_secret", "监狱警戒设施布防图", {"reasons": "该图纸已依法定为秘密级国家秘密，保密期限未满"}),
    ("withheld.law_prohibited", "某罪犯狱内考核的原始记录", {"reasons": "相关法律规定罪犯个人改造档案不得对外提供"}),
    (
        "withheld.three_safety",
        "监狱应急处置预案全文",
        {"reasons": "预案涉及警力部署和处置流程，公开后可能危及监管安全"},
    ),
    (
        "withheld.third_party",
        "某企业与监狱签订的加工合同单价",
        {"reasons": "第三方书面说明单价属于其商业秘密，且不公开不会对公共利益造成重大影响"},
    ),
    (
        "withheld.internal_affairs",
        "局机关2025年度干部考核内部评分表",
        {"reasons": "属于机关内部人事管理信息，对外部不产生直接约束力"},
    ),
    (
        "withheld.process_info",
        "关于调整罪犯伙食标准的请示（未定稿）",
        {"reasons": "系向上级机关请示的过程稿，尚未形成正式决定"},
    ),
    (
        "withheld.enforcement_file",
        "某监狱行政处罚案件的案卷材料",
        {"reasons": "系行政执法案卷材料，法律、法规未规定可以公开"},
    ),
    (
        "special_regime",
        "本人已故亲属1995年在监狱服刑的档案",
        {"law": "《中华人民共和国档案法》", "channel": "向示例省档案馆依法申请查阅"},
    ),
    (
        "not_exist",
        "2010年以前监狱新建项目的环境影响评价文件",
        {"search": "检索了本机关文书档案目录、计划财务处项目档案和电子公文系统，关键词为环境影响评价、新建监舍"},
    ),
    (
        "not_ours",
        "罪犯所在地社区矫正对象名单",
        {
            "reason": "社区矫正工作由司法行政机关的社区矫正机构负责",
            "responsible_body": "示例市司法局",
            "responsible_contact": "000-00000002（演示号码）",
        },
    ),
    (
        "needs_creation",
        "近十年各监狱罪犯再犯罪率的对比分析",
        {"reason": "本机关没有该项统计，需要调取十年案卷重新汇总分析才能形成"},
    ),
    ("petition", "反映某监狱民警违规问题并要求查处", {"channel": "向示例省监狱管理局纪检监察室或示例省信访局提出"}),
    (
        "repeat",
        "2025年度示例省第一监狱罪犯伙食费标准（再次申请）",
        {"earlier_number": "示狱公开〔2026〕1号", "earlier_date": None},
    ),
    (
        "publication",
        "《示例省监狱志》全文",
        {"where": "《示例省监狱志》可在示例省图书馆地方文献阅览室查阅，或向示例人民出版社购买"},
    ),
    (
        "excessive",
        "连续申请的各监狱每日伙食明细",
        {"reason": "申请人一个月内就同类内容提出四十余件申请，说明的理由与申请内容无关"},
    ),
    (
        "confirm_existing",
        "要求对已取得的减刑裁定书复印件加盖公章",
        {"reason": "要求本机关对您已经取得的减刑裁定书复印件加盖公章予以确认"},
    ),
    (
        "not_government_information",
        "某罪犯的减刑、假释案卷",
        {"reason": "罪犯减刑、假释案卷系刑罚执行活动中形成的刑事司法信息，按照狱务公开的规定办理"},
    ),
]


PARTY = "示例市康源食品有限公司"


def _letter_profile() -> None:
    from portal.models import SiteProfile

    SiteProfile.objects.filter(pk=1).update(
        letter_number_pattern="示狱公开〔{year}〕{n}号",
        letter_date_style="chinese",
        reconsideration_body="示例省人民政府（演示）",
        reconsideration_address="示例省示例市人民大街1号（演示地址）",
        court_venue="示例市中级人民法院（演示）",
        fee_payment_instructions="通过示例省非税收入统一缴款系统缴纳，缴款码随本通知送达（演示）",
    )


def load_letters(ctx: dict) -> None:
    """Real letters through the services: every reply type but 已主动公开 (the demo's
    published items are loaded after this app), and every other kind of letter."""
    from portal.demo import demo_user

    from .letters import services as letters
    from .models import Letter

    if Letter.objects.exists():
        return
    _letter_profile()
    _grant("bgs_reviewer", "review_reply_release")
    handler, head, office = demo_user("gk_handler"), demo_user("gk_head"), demo_user("bgs_reviewer")
    cal = workdays.current()
    today = timezone.localdate()
    received = cal.add_workdays(today if cal.is_workday(today) else cal.add_workdays(today, -1), -30)
    add = cal.add_workdays

    def register(description: str, **extra):
        data = {**LETTER_APPLICANT, **extra, "description": f"申请公开{description}。"}
        req, _ = services.register_request(
            actor=handler, channel=Channel.IN_PERSON, submitted_on=received, received_on=received, data=data
        )
        services.assign_handler(request=req, actor=head, handler=handler)
        return req

    def reply(req, reply_type, fields, on, on_spot=False):
        draft = letters.draft_reply(
            request=req, actor=handler, reply_type=reply_type, fields=fields, on=on, on_spot=on_spot
        )
        from .letters.kinds import REPLY_TYPES

        if REPLY_TYPES[reply_type].withholds:
            letters.approve_reply(draft=draft, actor=head, role="head", comment="同意")
        if REPLY_TYPES[reply_type].needs_office_review:
            letters.approve_reply(draft=draft, actor=office, role="office", comment="予以公开的部分不涉密")
        return letters.issue_reply(draft=draft, actor=handler, on=on)

    # Every step is scheduled on its day and run in date order, so that the letters' numbers
    # follow their dates as they would when issued day by day.
    steps: list[tuple] = []
    issued: dict[str, object] = {}

    def at(offset: int, func, *args, **kwargs) -> None:
        steps.append((add(received, offset) if offset else received, len(steps), func, args, kwargs))

    def reply_step(req, reply_type, fields, on_spot=False):
        def run(on):
            fields_now = dict(fields)
            if reply_type == "repeat":
                fields_now.update(earlier_number=issued["first"].number, earlier_date=issued["first"].issued_on)
            letter = reply(req, reply_type, fields_now, on, on_spot=on_spot)
            if reply_type == "disclosed":
                issued["first"] = letter

        return run

    for i, (reply_type, what, fields) in enumerate(LETTER_PLAN):
        # One frequent applicant files these in one month; the 11th request is charged.
        req = register(what)
        if i == 10:
            at(1, lambda on, r=req: services.notify_fee(request=r, actor=handler, on=on))
            at(25, reply_step(req, "unpaid_fee", {}))
            req = register(
                "2025年度监狱罪犯医疗费用支出情况",
                applicant_name="示例市恒达商贸有限公司",
                applicant_type=ApplicantType.COMMERCIAL,
                id_type="统一社会信用代码",
                id_number="91990000MA00000011",
            )
        fields = dict(fields)
        if reply_type == "excessive":
            at(
                2,
                lambda on, r=req: services.request_reasons(
                    request=r, actor=handler, on=on, text="请说明一个月内就同类内容提出四十余件申请的理由"
                ),
            )
        if reply_type == "partial":
            at(
                2,
                lambda on, r=req, party=PARTY: services.send_consultation(
                    request=r,
                    actor=handler,
                    on=on,
                    party=party,
                    text="贵公司与示例省第一监狱签订的2025年度劳务加工合同的单价、账号和联系人信息",
                ),
            )
            at(
                6,
                lambda on, r=req: services.record_consultation_answer(
                    request=r, actor=handler, on=on, note="不同意公开单价、账号和联系人信息，理由是商业秘密"
                ),
            )
            # The third party objected to all of it; the office discloses the contract's
            # substance anyway and the reply brings the Art. 32 notice with it.
            fields.update(
                objection_party=PARTY,
                objection_content="合同的标的、数量、总金额和履行期限",
                objection_reasons="合同使用财政资金，总金额等信息涉及公共资金使用，不公开可能对公共利益造成重大影响",
            )
        if reply_type == "needs_creation":
            # Art. 34: the statistics were compiled with another agency; its silence would be consent.
            at(
                2,
                lambda on, r=req: services.send_consultation(
                    request=r,
                    actor=handler,
                    on=on,
                    party="示例省司法厅",
                    kind="agency",
                    text="本机关与贵厅联合编制的2016—2025年度监狱系统统计年报",
                ),
            )
            at(
                5,
                lambda on, r=req: services.record_consultation_answer(
                    request=r, actor=handler, on=on, note="同意公开已形成的统计年报"
                ),
            )
        if reply_type == "disclosed":
            at(
                18,
                lambda on, r=req: services.extend_deadline(
                    request=r, actor=head, on=on, days=10, reason="所需信息分散在三个监狱，需要调取和汇总"
                ),
            )
        on_spot = reply_type == "publication"
        at(0 if on_spot else 20, reply_step(req, reply_type, fields, on_spot=on_spot))
    # A request that stayed unclear after the supplement, and one never supplemented.
    req = register("有关文件")
    at(
        2,
        lambda on, r=req: services.request_supplement(
            request=r,
            actor=handler,
            on=on,
            supplement_by=add(received, 9),
            text="请写明所需文件的名称、文号或者形成时间等特征性描述",
        ),
    )
    at(5, lambda on, r=req: services.record_supplement(request=r, actor=handler, on=on))
    at(15, reply_step(req, "still_unclear", {"reason": "补正后仍只写明“有关文件”，未说明文件名称、文号或者形成时间"}))
    req = register("监狱工作的相关材料")
    at(
        2,
        lambda on, r=req: services.request_supplement(
            request=r, actor=handler, on=on, supplement_by=add(received, 9), text="请写明所需材料的名称和所属年份"
        ),
    )
    at(12, reply_step(req, "no_supplement", {}))
    # A correction: the first reply reissued naming the head as the contact person.
    at(
        21,
        lambda on: letters.correct_letter(
            letter=issued["first"],
            actor=head,
            on=on,
            reason="原答复书所列联系人已调整工作，联系人变更为公开工作机构负责人",
        ),
    )
    for on, _, func, args, kwargs in sorted(steps, key=lambda s: (s[0], s[1])):
        func(on, *args, **kwargs)
    out = ctx.get("stdout")
    if out:
        out.write(f"  文书演示数据：已出具 {Letter.objects.count()} 份文书")
