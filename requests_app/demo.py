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
        return {"type": kind, "name": name, "id_type": "居民身份证",
                "id_number": f"220102198{i % 10}0101{i:04d}"[:17] + "X",
                "phone": f"1380000{i:04d}", "email": f"applicant{i}@example.invalid",
                "address": f"示例市示例区和平路{i + 1}号"}
    name = ORGS[kind][i % len(ORGS[kind])]
    return {"type": kind, "name": name, "id_type": "统一社会信用代码", "id_number": f"91990000MA{i:08d}",
            "legal_representative": PERSONS[(i + 3) % len(PERSONS)], "phone": f"0431-8{i:07d}",
            "email": f"org{i}@example.invalid", "address": f"示例市示例区建设街{i + 10}号"}


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
        records.append({
            "reference": ref,
            "applicant": _applicant(rng, kind, i),
            "channel": channel,
            "submitted_on": (submitted or received).isoformat(),
            "received_on": received.isoformat() if received else None,
            "description": f"申请公开{TOPICS[i % len(TOPICS)]}。",
            "events": [_with_iso_dates(e) for e in events],
        })

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
        channel = [Channel.ONLINE, Channel.ONLINE, Channel.IN_PERSON, Channel.REGISTERED_MAIL, Channel.LETTER, Channel.FAX][seq % 6]
        received = day
        submitted = day if channel in (Channel.IN_PERSON, Channel.REGISTERED_MAIL) else add(day, -1)
        outcome = outcomes[seq % len(outcomes)]
        kind = scenario % 9
        if kind == 0:
            channel, submitted = Channel.IN_PERSON, received
            events = [{"type": "answered_on_spot", "on": received, "outcome": "not_processed.publication" if seq % 2 else "disclosed"}]
        elif kind == 1:
            events = [{"type": "supplement_requested", "on": add(received, 3), "supplement_by": add(received, 13)},
                      {"type": "abandoned", "on": add(received, 14)}]
        elif kind == 2:
            back = add(received, 8)
            events = [{"type": "supplement_requested", "on": add(received, 4), "supplement_by": add(received, 14)},
                      {"type": "supplement_received", "on": back},
                      reply(add(back, 12), "unavailable.still_unclear" if seq % 2 else outcome)]
        elif kind == 3:
            sent = add(received, 5)
            events = [{"type": "consultation_sent", "on": sent, "party": "示例市恒达商贸有限公司"},
                      {"type": "consultation_answered", "on": add(sent, 6)}, reply(add(received, 24), "withheld.third_party")]
        elif kind == 4:
            events = [{"type": "extended", "on": add(received, 18), "days": 15}, reply(add(received, 30), outcome)]
        elif kind == 5:
            sent = add(received, 4)
            events = [{"type": "consultation_sent", "on": sent, "party": "示例省某监狱"},
                      {"type": "extended", "on": add(received, 17), "days": 20},
                      reply(add(received, 45), "partial")]  # unanswered: paused for 15 days
        elif kind == 6 and seq % 2:
            events = [{"type": "fee_notified", "on": add(received, 5), "amount_yuan": 100, "method": "per_request",
                       "count": 11},
                      {"type": "fee_paid", "on": add(received, 9)}, reply(add(received, 18), "disclosed")]
        elif kind == 6:
            events = [{"type": "fee_notified", "on": add(received, 5), "amount_yuan": 1700, "method": "per_volume",
                       "count": 150},
                      reply(add(received, 27), "other.unpaid_fee")]
        elif kind == 7 and seq % 3 == 0:
            events = [reply(add(received, 22), outcome)]  # replied late: overdue
        else:
            events = [reply(add(received, 6 + seq % 12), outcome)]
        # Reconsideration and lawsuits over some replies, with varied results.
        if events[-1]["type"] == "replied" and seq % 7 == 3:
            closed = events[-1]["on"]
            events.append({"type": "reconsideration", "on": closed + timedelta(days=20), "result": ["upheld", "corrected", "other", "pending"][seq % 4]})
            if seq % 2:
                events.append({"type": "litigation", "on": closed + timedelta(days=60), "after_reconsideration": True,
                               "result": ["upheld", "pending"][seq % 2]})
        elif events[-1]["type"] == "replied" and seq % 11 == 5:
            events.append({"type": "litigation", "on": events[-1]["on"] + timedelta(days=30), "after_reconsideration": False,
                           "result": ["upheld", "corrected", "other"][seq % 3]})
        rec(n, ref, received, channel, events, submitted=submitted)
        n += 1
        seq += 1
        scenario += 1
        day = add(day, 4)

    # Received in December 2025, some on the 31st, closed in January 2026 (carried forward).
    for k, rec_day in enumerate([date(2025, 12, 15), date(2025, 12, 22), date(2025, 12, 31), date(2025, 12, 31)]):
        events = [reply(add(rec_day, 12 + 2 * k), outcomes[(k * 5) % len(outcomes)])]
        if k == 3:
            events = [{"type": "supplement_requested", "on": date(2026, 1, 5), "supplement_by": date(2026, 1, 16)},
                      {"type": "supplement_received", "on": date(2026, 1, 12)}, reply(date(2026, 1, 30), "disclosed")]
        rec(n, f"2025-{seq:05d}", rec_day, Channel.ONLINE if k % 2 else Channel.IN_PERSON, events,
            kind=types[(k + 2) % len(types)])
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
        ("consult", add(start, -8), [{"type": "consultation_sent", "on": add(start, -3), "party": "示例市康源食品有限公司"}]),
        ("supplement", add(start, -4), [{"type": "supplement_requested", "on": add(start, -2), "supplement_by": add(start, 8)}]),
        ("extended", add(start, -5), [{"type": "extended", "on": start, "days": 20}]),
        ("fresh", start, []),
    ]
    records = []
    for k, (label, received, events) in enumerate(plans):
        records.append({
            "reference": f"{year}-{90001 + k:05d}",
            "applicant": _applicant(random.Random(k), [t.value for t in ApplicantType][k % 6], 40 + k),
            "channel": Channel.IN_PERSON if label == "fresh" else Channel.ONLINE,
            "submitted_on": (received if label == "fresh" else add(received, -1)).isoformat(),
            "received_on": received.isoformat(),
            "description": f"申请公开{TOPICS[(k + 5) % len(TOPICS)]}。",
            "events": [_with_iso_dates(e) for e in events],
        })
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
    new_open = InformationRequest.objects.filter(handler__isnull=True, reference__in=[r["reference"] for r in new]).exclude(status="closed")
    for req in new_open:
        services.assign_handler(request=req, actor=head, handler=handler if req.pk % 3 else head)
    # Two online requests still waiting for the office to confirm them (no receipt date yet).
    out = ctx.get("stdout")
    if not InformationRequest.objects.filter(description__contains="（演示：待确认）").exists():
        for name in ("钱多多", "示例市正平律师事务所"):
            org = name.endswith("所")
            data = {"applicant_type": ApplicantType.LEGAL_SERVICES if org else ApplicantType.NATURAL_PERSON,
                    "applicant_name": name, "id_type": "统一社会信用代码" if org else "居民身份证",
                    "id_number": "91990000MA00000099" if org else "22010219900101123X",
                    "legal_representative": "李正平" if org else "", "phone": "13900000000",
                    "email": "demo-applicant@example.invalid", "address": "示例市示例区示范大街1号",
                    "description": "申请公开示例省监狱管理局2026年度政府信息公开工作要点。（演示：待确认）",
                    "medium": "电子数据", "delivery": "电子邮件"}
            req, code = services.submit_request(data=data, today=today)
            if out:
                out.write(f"  演示申请 {req.reference}（待确认收到）查询码：{code}")
    if out:
        out.write(f"  依申请公开演示数据：共 {InformationRequest.objects.count()} 件申请（本次新增 {len(new)} 件）")
