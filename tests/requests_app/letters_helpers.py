"""Shared set-up for the letter tests: a configured profile, a handler, a head and an
Office reviewer, and the parts each reply type needs."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from portal.models import SiteProfile
from tests.portal.factories import DepartmentFactory, OfficeFactory, SiteProfileFactory, UserFactory

from .factories import grant, handler, head

LABELS_FILE = Path(__file__).resolve().parents[2] / "disclosure" / "annual_report" / "data" / "labels_2021.json"
D = date.fromisoformat


def configured_profile(**overrides) -> SiteProfile:
    profile = SiteProfileFactory()
    values = {
        "org_name": "示例省监狱管理局",
        "letter_number_pattern": "示狱公开〔{year}〕{n}号",
        "letter_date_style": "chinese",
        "reconsideration_body": "示例省人民政府",
        "reconsideration_address": "示例市人民大街1号",
        "court_venue": "示例市中级人民法院",
        "fee_payment_instructions": "通过示例省非税收入缴款系统缴纳，缴款码随本通知送达",
        "office_phone": "0431-00000000",
    }
    values.update(overrides)
    for k, v in values.items():
        setattr(profile, k, v)
    profile.save()
    return profile


def office_reviewer(username: str = "office_clearer"):
    return grant(UserFactory(username=username, department=OfficeFactory()), "review_reply_release")


def people():
    return handler("clerk"), head("boss"), office_reviewer()


def outsider(username: str = "outsider"):
    return grant(UserFactory(username=username, department=DepartmentFactory()), "handle_request")


def annual_labels() -> list[str]:
    """Every row label of table 三 (with its numbering) and the outcome labels of the code."""
    from requests_app.choices import Outcome

    data = json.loads(LABELS_FILE.read_text(encoding="utf-8"))
    labels: set[str] = {label for _, label in Outcome.choices}

    def walk(node):
        if isinstance(node, str):
            labels.add(node)
        elif isinstance(node, list):
            for n in node:
                walk(n)
        elif isinstance(node, dict):
            for k, v in node.items():
                labels.add(k)
                walk(v)

    walk(data.get("table3", {}).get("rows", []))
    return sorted(labels)


# Parts for each reply type (the already-public item is added by the test, it needs a published item).
FIELDS = {
    "disclosed": {"provision": "以电子邮件方式于答复之日发送电子文档"},
    "partial": {
        "provision": "以电子邮件方式发送经区分处理的预算执行表",
        "parts": [
            {"part": "表中第三方供应商的银行账号", "ground": "third_party", "reasons": "系供应商的商业秘密"},
            {"part": "内部审批签批意见", "ground": "process_info", "reasons": "系内部讨论记录"},
        ],
    },
    "withheld.state_secret": {"reasons": "该文件已依法定密为秘密级"},
    "withheld.law_prohibited": {"reasons": "监狱法第十三条规定不得公开"},
    "withheld.three_safety": {"reasons": "涉及监狱安防布局"},
    "withheld.third_party": {"reasons": "涉及罪犯家属个人隐私且未获同意"},
    "withheld.internal_affairs": {"reasons": "系机关内部人事管理信息"},
    "withheld.process_info": {"reasons": "系尚未定稿的请示报告"},
    "withheld.enforcement_file": {"reasons": "系行政处罚案卷材料"},
    "special_regime": {"law": "《中华人民共和国档案法》", "channel": "向示例省档案馆申请查阅"},
    "not_exist": {"search": "检索了本机关2019年至2025年的收文、发文和档案目录"},
    "not_ours": {
        "reason": "该信息由罪犯所在地司法局制作",
        "responsible_body": "示例市司法局",
        "responsible_contact": "0431-11111111",
    },
    "needs_creation": {"reason": "需要对五年的统计报表重新汇总分析"},
    "still_unclear": {"reason": "仍未说明所需信息的年份和文件名称"},
    "petition": {"channel": "向示例省信访局或通过12345热线提出"},
    "repeat": {"earlier_number": "示狱公开〔2026〕3号", "earlier_date": "2026-03-02"},
    "publication": {"where": "《示例省年鉴》可在示例省图书馆查阅或向出版社购买"},
    "excessive": {"reason": "申请人未说明理由，一个月内提出同类申请四十件"},
    "confirm_existing": {"reason": "要求对已取得的减刑裁定书加盖印章"},
    "no_supplement": {},
    "unpaid_fee": {},
    "not_government_information": {
        "reason": "所申请的罪犯减刑案卷属于刑罚执行中形成的刑事司法信息，按狱务公开规定办理"
    },
}


def reply_on_screen(client, req, reply_type: str, on: str, **fields):
    """Write a reply on the reply screen and issue it (for types that need no sign-off):
    the one way a reply is recorded. Returns the response that refused it, or the issue's."""
    r = client.post(
        f"/staff/requests/{req.pk}/reply-letter/", {"reply_type": reply_type, "on": on, **fields, "save": "1"}
    )
    if r.status_code != 302:
        return r
    draft = req.reply_drafts.latest("pk")
    return client.post(f"/staff/requests/{req.pk}/reply-letter/{draft.pk}/issue/", {"on": on})
