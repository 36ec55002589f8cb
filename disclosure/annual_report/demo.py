"""Demo: the 2025 annual report draft, with the figures and texts staff enter. Runs after
the requests demo (which creates 2025's requests); the lead's loader calls `load(ctx)`.
It creates no requests itself. Safe to run twice."""

from decimal import Decimal

from django.contrib.auth.models import Permission

from portal.demo import demo_user

from .models import AnnualReport
from .services import REGENERABLE_STATES, generate_report_draft, save_report_figures

YEAR = 2025

OVERVIEW = (
    "2025年，示例省监狱管理局以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》"
    "和国务院办公厅关于政务公开工作的部署要求，围绕刑罚执行、狱政管理、教育改造等重点领域，持续加大主动公开力度，"
    "依法规范办理政府信息公开申请，不断提升政务公开质量和实效。\n"
    "（一）主动公开。通过门户网站政府信息公开专栏及时发布机构职能、规范性文件、减刑假释公示、财政预决算等信息，"
    "做到应公开尽公开。\n"
    "（二）依申请公开。严格执行收到申请、登记、承办、审核、答复的工作流程，所有申请均在法定期限内答复。\n"
    "（三）政府信息管理。严格落实公开前保密审查和公开属性认定“两审”制度，动态更新政府信息公开目录和指南。\n"
    "（四）平台建设。推进网站适老化与无障碍改造，提供大字模式、高对比度和全键盘操作。\n"
    "（五）监督保障。将政务公开工作纳入年度绩效考核，组织全系统政务公开业务培训。"
)
PROBLEMS = (
    "一是部分处室对主动公开的范围把握不够精准，信息发布的及时性有待提高；二是政策解读形式较为单一。\n"
    "改进措施：进一步加强业务培训，完善信息发布审核流程；丰富政策解读形式，提高解读质量。"
)
OTHER = "本年度无其他需要报告的事项。"


def load(ctx: dict) -> None:
    handler = demo_user("gk_handler")
    perm = Permission.objects.get(codename="manage_annual_report", content_type__app_label="disclosure")
    for username in ("gk_handler", "gk_head"):
        demo_user(username).user_permissions.add(perm)
    report = AnnualReport.objects.select_related("item").filter(year=YEAR).first()
    if report and report.item_id and report.item.state not in REGENERABLE_STATES:
        return  # under review or published: leave it as it is
    save_report_figures(
        year=YEAR,
        actor=handler,
        licensing_decisions=3,
        penalty_decisions=0,
        enforcement_decisions=0,
        fees_amount_10k_yuan=Decimal("0"),
        overview=OVERVIEW,
        problems=PROBLEMS,
        other_matters=OTHER,
    )
    report, _ = generate_report_draft(year=YEAR, actor=handler)
    stdout = ctx.get("stdout")
    if stdout is not None:
        state = "平衡" if report.snapshot["balanced"] else "不平衡"
        stdout.write(f"年度报告：已生成{YEAR}年度报告草稿（表三勾稽关系{state}）。")
    if report.snapshot["balanced"]:
        # The demo publishes last year's report so the public annual-report part has one;
        # a real report passes the two reviews in the publication workflow like any item, and
        # so does this one: the workflow's demo loader submits, clears and determines it.
        from ..demo import PUBLISH_THROUGH_REVIEW  # disclosure.demo imports this module

        ctx.setdefault(PUBLISH_THROUGH_REVIEW, []).append((report.item_id, None))
