"""Demo content of the seed plan's bureau: published documents across every topic,
news, interpretations, responses, guide sections, disclosure rules, the 2019
implementation plan itself, attachments, and a few unpublished drafts.

Everything goes through the services (two different reviewers, then publication).
Idempotent: an item whose title exists is left alone."""

import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.utils.html import escape

from portal.demo import demo_pdf, demo_user
from portal.models import Department

from .annual_report import demo as report_demo
from .choices import DisclosureForm, DocType, ItemKind, State, Validity
from .models import DisclosureItem, Topic
from .services import add_attachment, save_content

PLAN_FILE = Path(__file__).resolve().parent / "demo_data" / "implementation-plan-2019.txt"
PLAN_TITLE = "2019年政务公开工作实施方案"
CHINA = ZoneInfo("Asia/Shanghai")
# ctx key: (item pk, disclosure forms) of the demo items that the publication workflow's
# demo loader takes through both reviews to publication.
PUBLISH_THROUGH_REVIEW = "publish_through_review"
D = datetime.date

# (kind, title, topic, department, formed_on, document number, extra) — extra may hold
# doc_type, validity, repealed_on, summary, paragraphs, attachments [(name, kind)].
ITEMS = [
    # Documents: 规范性文件 formed in 2025 (table 二 of the annual report).
    (
        ItemKind.DOCUMENT,
        "示例省监狱管理局罪犯计分考核实施细则",
        "regulations",
        "XFZX",
        D(2025, 3, 12),
        "示狱规〔2025〕1号",
        {"doc_type": DocType.NORMATIVE, "attachments": [("罪犯计分考核实施细则.pdf", "pdf")]},
    ),
    (
        ItemKind.DOCUMENT,
        "示例省监狱管理局减刑假释案件办理规定",
        "regulations",
        "XFZX",
        D(2025, 4, 8),
        "示狱规〔2025〕2号",
        {"doc_type": DocType.NORMATIVE},
    ),
    (
        ItemKind.DOCUMENT,
        "示例省监狱会见管理办法",
        "regulations",
        "YZGL",
        D(2025, 5, 20),
        "示狱规〔2025〕3号",
        {"doc_type": DocType.NORMATIVE, "attachments": [("会见预约须知.txt", "txt")]},
    ),
    # A provincial bureau makes no 规章 (立法法 Art. 93): its rules are normative documents.
    (
        ItemKind.DOCUMENT,
        "示例省监狱执法公开实施办法",
        "regulations",
        "FZC",
        D(2025, 6, 3),
        "示狱规〔2025〕4号",
        {"doc_type": DocType.NORMATIVE},
    ),
    (
        ItemKind.DOCUMENT,
        "示例省监狱暂予监外执行工作程序规定",
        "regulations",
        "XFZX",
        D(2025, 7, 15),
        "示狱规〔2025〕5号",
        {"doc_type": DocType.NORMATIVE},
    ),
    # Repealed documents.
    (
        ItemKind.DOCUMENT,
        "示例省监狱会见管理暂行办法",
        "regulations",
        "YZGL",
        D(2016, 3, 1),
        "示狱规〔2016〕2号",
        {
            "doc_type": DocType.NORMATIVE,
            "validity": Validity.REPEALED,
            "repealed_on": D(2025, 5, 20),
            "summary": "已被《示例省监狱会见管理办法》（示狱规〔2025〕3号）废止。",
        },
    ),
    (
        ItemKind.DOCUMENT,
        "示例省监狱罪犯考核奖惩办法（试行）",
        "regulations",
        "XFZX",
        D(2014, 9, 10),
        "示狱规〔2014〕5号",
        {"doc_type": DocType.NORMATIVE, "validity": Validity.REPEALED, "repealed_on": D(2025, 3, 12)},
    ),
    (
        ItemKind.DOCUMENT,
        "关于开展2018年度监狱安全生产专项检查的通知",
        "supervision",
        "YZGL",
        D(2018, 4, 2),
        "示狱发〔2018〕21号",
        {"validity": Validity.EXPIRED},
    ),
    # The seed plan itself (text from the demo data file).
    (
        ItemKind.DOCUMENT,
        PLAN_TITLE,
        "plans",
        "BGS",
        D(2019, 5, 30),
        "吉狱发〔2019〕12号",
        {
            "plan": True,
            "summary": "推进决策、执行、管理、服务、结果公开和重点领域政府信息公开的年度实施方案。",
            "attachments": [("2019年政务公开工作实施方案.txt", "plan")],
        },
    ),
    # 决策公开 / 执行和结果公开.
    (
        ItemKind.DOCUMENT,
        "示例省监狱管理局重大行政决策程序规定",
        "decisions",
        "FZC",
        D(2024, 11, 5),
        "示狱发〔2024〕45号",
        {},
    ),
    (
        ItemKind.DOCUMENT,
        "关于公开征求《示例省监狱罪犯生活卫生管理办法（征求意见稿）》意见的公告",
        "decisions",
        "SHWS",
        D(2025, 8, 1),
        "",
        {},
    ),
    (ItemKind.DOCUMENT, "2025年度重点工作任务分解落实情况", "execution", "BGS", D(2025, 7, 10), "", {}),
    (ItemKind.DOCUMENT, "2024年度法治政府建设情况报告", "execution", "FZC", D(2025, 2, 20), "", {}),
    (ItemKind.DOCUMENT, "示例省监狱管理局2025年工作要点", "plans", "BGS", D(2025, 1, 15), "示狱发〔2025〕3号", {}),
    (
        ItemKind.DOCUMENT,
        "示例省监狱信息化建设三年规划（2024—2026年）",
        "plans",
        "XXZX",
        D(2024, 3, 18),
        "示狱发〔2024〕9号",
        {},
    ),
    # 预决算 / 财政.
    (
        ItemKind.DOCUMENT,
        "示例省监狱管理局2025年部门预算公开",
        "final-accounts",
        "JHCW",
        D(2025, 2, 10),
        "",
        {"attachments": [("2025年部门预算公开表.csv", "budget")]},
    ),
    (
        ItemKind.DOCUMENT,
        "示例省监狱管理局2024年部门决算公开",
        "final-accounts",
        "JHCW",
        D(2025, 8, 15),
        "",
        {"attachments": [("2024年部门决算公开表.csv", "budget")]},
    ),
    (ItemKind.DOCUMENT, "示例省监狱管理局2024年度“三公”经费决算情况说明", "budget", "JHCW", D(2025, 8, 15), "", {}),
    (ItemKind.DOCUMENT, "示例省监狱系统2025年政府采购意向公开", "procurement", "JHCW", D(2025, 3, 5), "", {}),
    (ItemKind.DOCUMENT, "示例省第三监狱罪犯伙房改造项目中标结果公告", "procurement", "JHCW", D(2025, 6, 18), "", {}),
    (ItemKind.DOCUMENT, "示例省监狱罪犯医疗收费项目及标准", "fees", "SHWS", D(2024, 12, 1), "示狱发〔2024〕50号", {}),
    # 重点领域 and Art. 20 topics.
    (ItemKind.DOCUMENT, "示例省监狱管理局机构设置及主要职责", "org-functions", "ZZB", D(2025, 1, 6), "", {}),
    (ItemKind.DOCUMENT, "2025年上半年减刑假释案件公示情况统计", "statistics", "XFZX", D(2025, 7, 5), "", {}),
    (ItemKind.DOCUMENT, "示例省监狱罪犯亲属会见预约服务事项清单", "licensing", "YZGL", D(2025, 4, 1), "", {}),
    (
        ItemKind.DOCUMENT,
        "示例省监狱管理局行政处罚和行政强制权责清单",
        "penalties",
        "FZC",
        D(2025, 3, 20),
        "示狱发〔2025〕11号",
        {},
    ),
    (
        ItemKind.DOCUMENT,
        "示例省第一监狱监管设施改扩建工程项目批准信息",
        "major-projects",
        "JHCW",
        D(2024, 9, 9),
        "",
        {},
    ),
    (ItemKind.DOCUMENT, "示例省监狱系统驻村帮扶精准脱贫工作总结", "poverty", "ZZB", D(2020, 12, 20), "", {}),
    (
        ItemKind.DOCUMENT,
        "关于做好刑满释放人员就业帮扶工作的意见",
        "livelihood",
        "JYGZ",
        D(2025, 5, 8),
        "示狱发〔2025〕19号",
        {},
    ),
    (ItemKind.DOCUMENT, "示例省监狱突发事件应急预案", "emergency", "YZGL", D(2024, 6, 30), "示狱发〔2024〕28号", {}),
    (
        ItemKind.DOCUMENT,
        "2025年度监狱安全生产专项检查结果通报",
        "supervision",
        "YZGL",
        D(2025, 9, 2),
        "示狱发〔2025〕33号",
        {},
    ),
    (
        ItemKind.DOCUMENT,
        "示例省监狱系统2025年度公开招录人民警察拟录用人员名单公示",
        "recruitment",
        "ZZB",
        D(2025, 10, 9),
        "",
        {},
    ),
    (ItemKind.DOCUMENT, "示例省监狱管理局纪检监察工作举报受理方式", "other", "JJJC", D(2025, 1, 20), "", {}),
    # News, interpretations, responses.
    (ItemKind.NEWS, "全省监狱系统召开2025年政务公开工作推进会", "news", "BGS", D(2025, 4, 22), "", {}),
    (ItemKind.NEWS, "省监狱管理局开展“监狱开放日”活动", "news", "JYGZ", D(2025, 5, 28), "", {}),
    (ItemKind.NEWS, "第二监狱举办罪犯职业技能培训结业仪式", "news", "JYGZ", D(2025, 6, 12), "", {}),
    (ItemKind.NEWS, "省监狱管理局召开公职律师工作座谈会", "news", "FZC", D(2025, 9, 16), "", {}),
    (ItemKind.NEWS, "全省监狱系统开展安全生产月活动", "news", "YZGL", D(2025, 6, 3), "", {}),
    (
        ItemKind.INTERPRETATION,
        "《示例省监狱罪犯计分考核实施细则》政策解读",
        "interpretation",
        "XFZX",
        D(2025, 3, 14),
        "",
        {"summary": "解读计分考核细则的制定背景、主要内容和新旧衔接。"},
    ),
    (ItemKind.INTERPRETATION, "图解：《示例省监狱会见管理办法》", "interpretation", "YZGL", D(2025, 5, 22), "", {}),
    (ItemKind.INTERPRETATION, "《示例省监狱执法公开实施办法》答记者问", "interpretation", "FZC", D(2025, 6, 5), "", {}),
    (ItemKind.RESPONSE, "关于罪犯亲属反映会见预约难问题的回应", "interpretation", "YZGL", D(2025, 7, 2), "", {}),
    (ItemKind.RESPONSE, "关于网民关注监狱罪犯劳动报酬问题的回应", "interpretation", "JHCW", D(2025, 8, 20), "", {}),
    # Guide sections and disclosure rules.
    (
        ItemKind.GUIDE,
        "政府信息公开指南补充说明：依申请公开的收费",
        "other",
        "BGS",
        D(2025, 1, 2),
        "",
        {
            "paragraphs": [
                "本机关依申请提供政府信息，不收取费用。但是，申请人申请公开政府信息的数量、频次明显超过合理范围的，"
                "本机关可以按照《政府信息公开信息处理费管理办法》收取信息处理费。"
            ]
        },
    ),
    (
        ItemKind.GUIDE,
        "政府信息公开指南补充说明：不予公开的范围",
        "other",
        "BGS",
        D(2025, 1, 2),
        "",
        {
            "paragraphs": [
                "依法确定为国家秘密的政府信息，法律、行政法规禁止公开的政府信息，以及公开后可能危及国家安全、"
                "公共安全、经济安全、社会稳定的政府信息，不予公开。",
                "监狱安全防范、狱内侦查等涉及监管安全的信息，依法不予公开。",
            ]
        },
    ),
    (
        ItemKind.POLICY,
        "示例省监狱管理局依申请公开政府信息工作制度",
        "other",
        "BGS",
        D(2024, 5, 10),
        "示狱办发〔2024〕7号",
        {},
    ),
    (
        ItemKind.POLICY,
        "示例省监狱管理局政府信息公开保密审查制度",
        "other",
        "BGS",
        D(2024, 5, 10),
        "示狱办发〔2024〕8号",
        {},
    ),
]

DRAFTS = [
    (ItemKind.DOCUMENT, "示例省监狱罪犯生活卫生管理办法（送审稿）", "regulations", "SHWS", D(2025, 10, 20), ""),
    (ItemKind.NEWS, "省监狱管理局开展政务公开专题培训（待审）", "news", "BGS", D(2025, 11, 3), ""),
    (ItemKind.DOCUMENT, "示例省监狱管理局2026年部门预算（编制中）", "final-accounts", "JHCW", D(2025, 11, 10), ""),
]


def summary_for(kind: str, topic: Topic, dept_name: str, paragraphs: list[str] = ()) -> str:
    """A 内容概述 that says what kind of information this is without restating the title
    (a generated "关于《标题》的有关事项" tells a reader nothing)."""
    if kind == ItemKind.NEWS:
        return f"报道{dept_name}相关工作的开展情况。"
    if kind == ItemKind.INTERPRETATION:
        return "介绍文件的制定背景、主要内容和新旧衔接。"
    if kind == ItemKind.RESPONSE:
        return "说明社会关注问题的核查情况和下一步改进措施。"
    if kind == ItemKind.GUIDE and paragraphs:
        text = paragraphs[0]
        return text if len(text) <= 60 else text[:59] + "……"
    if kind == ItemKind.POLICY:
        return "规定本机关政府信息公开工作的职责分工、办理程序和监督要求。"
    return f"“{topic.name}”类信息，由{dept_name}发布并负责解释。"


def _paragraphs_for(kind: str, title: str, dept: Department) -> list[str]:
    if kind == ItemKind.NEWS:
        return [
            f"近日，{title.removesuffix('活动')}。{dept.name}有关负责同志参加并讲话。",
            "会议要求，各单位要坚持以公开为常态、不公开为例外，进一步提升监狱工作透明度和公信力。",
        ]
    if kind == ItemKind.INTERPRETATION:
        return [
            "一、制定背景：为贯彻落实《中华人民共和国监狱法》和《中华人民共和国政府信息公开条例》，进一步规范执法工作。",
            "二、主要内容：明确了适用范围、工作程序、监督措施和责任追究。",
            "三、新旧衔接：本文件施行前已经开始办理的事项，按照原规定办理。",
        ]
    if kind == ItemKind.RESPONSE:
        return [
            "近期，有网民反映相关问题。我局高度重视，立即组织核查。",
            "经核查，相关工作均依法依规开展。下一步，我局将进一步优化服务流程，及时公开办理结果，接受社会监督。",
        ]
    return [
        f"各监狱、局机关各处室：现将《{title}》印发给你们，请结合实际认真贯彻执行。",
        "执行中遇到的问题，请及时报告。本文件由" + dept.name + "负责解释。",
    ]


def _body(paragraphs: list[str]) -> str:
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs if p.strip())


def _attachment_bytes(kind: str, title: str) -> bytes:
    if kind == "pdf":
        return demo_pdf("Demo attachment of the disclosure portal")
    if kind == "budget":
        rows = [
            "科目,金额（万元）",
            "一般公共服务支出,1260.50",
            "公共安全支出,38452.30",
            "社会保障和就业支出,2210.00",
            "住房保障支出,1530.80",
            "合计,43453.60",
        ]
        return ("\ufeff" + "\n".join(rows) + "\n").encode("utf-8")
    if kind == "plan":
        return PLAN_FILE.read_bytes()
    return f"{title}\n\n（演示附件）本文件为演示数据。\n".encode()


def load(ctx: dict) -> None:
    drafters = {"ZZB": demo_user("zzb_drafter"), "XFZX": demo_user("xfzx_drafter")}
    departments = {d.code: d for d in Department.objects.all()}
    topics = {t.code: t for t in Topic.objects.all()}
    existing = set(DisclosureItem.objects.values_list("title", flat=True))
    created = 0
    for kind, title, topic, dept_code, formed_on, number, extra in ITEMS:
        if title in existing:
            continue
        dept = departments[dept_code]
        if extra.get("plan"):
            paragraphs = [line.strip() for line in PLAN_FILE.read_text(encoding="utf-8").splitlines() if line.strip()]
        else:
            paragraphs = extra.get("paragraphs") or _paragraphs_for(kind, title, dept)
        item = save_content(
            item=DisclosureItem(
                kind=kind,
                title=title,
                topic=topics[topic],
                publisher=dept,
                formed_on=formed_on,
                document_number=number,
                doc_type=extra.get("doc_type", DocType.OTHER),
                validity=extra.get("validity", Validity.IN_FORCE),
                repealed_on=extra.get("repealed_on"),
                summary=extra.get("summary") or summary_for(kind, topics[topic], dept.name, paragraphs),
                body=_body(paragraphs),
                created_by=drafters.get(dept_code),
            )
        )
        for name, att_kind in extra.get("attachments", []):
            add_attachment(item=item, name=name, content=_attachment_bytes(att_kind, title))
        forms = [DisclosureForm.WEBSITE] + ([DisclosureForm.NEW_MEDIA] if kind == ItemKind.NEWS else [])
        # Published by the publication workflow's demo loader through both reviews
        # (disclosure never records a clearance itself).
        ctx.setdefault(PUBLISH_THROUGH_REVIEW, []).append((item.pk, forms))
        created += 1
    for kind, title, topic, dept_code, formed_on, number in DRAFTS:
        if title in existing:
            continue
        save_content(
            item=DisclosureItem(
                kind=kind,
                title=title,
                topic=topics[topic],
                publisher=departments[dept_code],
                formed_on=formed_on,
                document_number=number,
                summary="（草稿，尚未审查）",
                body=_body(["草稿正文。"]),
                created_by=drafters.get(dept_code),
                state=State.DRAFT,
            )
        )
        created += 1
    ctx["stdout"].write(f"公开信息：新增 {created} 条（已存在的按名称跳过）。")
    # The annual report is computed from the requests (loaded before this app's demo)
    # and the catalogue above.
    report_demo.load(ctx)
