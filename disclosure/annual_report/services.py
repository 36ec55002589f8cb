"""State changes of the annual report (Regulation Art. 49–50)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from portal.audit import record
from portal.models import Department, SiteProfile

from ..choices import ItemKind, State
from ..models import DisclosureItem, Topic
from ..services import IllegalTransition, save_content
from ..signals import item_drafted
from . import tables as ar
from .models import AnnualReport
from .render import render_body
from .selectors import live_report

STAFF_FIELDS = (
    "licensing_decisions",
    "penalty_decisions",
    "enforcement_decisions",
    "fees_amount_10k_yuan",
    "overview",
    "problems",
    "other_matters",
)
# A draft may be regenerated only while no reviewer holds it and it is not public.
REGENERABLE_STATES = {State.DRAFT, State.RETURNED, State.WITHDRAWN}


def _require_editable(report: AnnualReport) -> None:
    if report.item_id and report.item.state not in REGENERABLE_STATES:
        raise IllegalTransition(
            f"该年度报告当前状态为“{report.item.get_state_display()}”，不能修改；审查中的报告请先退回修改，已发布的报告数据已定稿"
        )


@transaction.atomic
def save_report_figures(*, year: int, actor, **fields) -> AnnualReport:
    """Record the figures staff enter for table 二 (Art. 20 (五)(六)(八)) and the texts of
    sections 一, 五 and 六 (Art. 50). Takes effect in the draft when it is regenerated."""
    unknown = set(fields) - set(STAFF_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    report, _ = AnnualReport.objects.select_for_update().get_or_create(year=year)
    _require_editable(report)
    if "fees_amount_10k_yuan" in fields and Decimal(fields["fees_amount_10k_yuan"]) < 0:
        raise ValidationError({"fees_amount_10k_yuan": "收费金额不能为负数"})
    changed = {k: v for k, v in fields.items() if getattr(report, k) != v}
    for key, value in changed.items():
        setattr(report, key, value)
    report.updated_by = actor
    report.save()
    record(
        action="annual_report.figures.saved",
        actor=actor,
        target=report,
        data={
            k: str(v) if isinstance(v, Decimal) else v
            for k, v in changed.items()
            if not isinstance(v, str) or len(v) < 200
        },
    )
    return report


def disclosure_office() -> Department:
    office = Department.objects.filter(is_disclosure_office=True, is_active=True).order_by("order", "code").first()
    if office is None:
        raise ValidationError("尚未设置政府信息公开工作机构（机构管理中勾选“政府信息公开工作机构”），无法生成年度报告")
    return office


def report_summary(data: dict) -> str:
    t3 = data["table3"]
    t4 = data["table4"]
    cases = sum(t4[g]["total"] for g in ar.TABLE4_GROUPS)
    return (
        f"{data['year']}年度，本机关新收政府信息公开申请{t3['new']['total']}件，上年结转{t3['carried_over']['total']}件，"
        f"办结{t3['outcomes_total']['total']}件，结转下年度继续办理{t3['carried_forward']['total']}件；"
        f"因政府信息公开引起行政复议、行政诉讼共{cases}件。"
    )


@transaction.atomic
def generate_report_draft(*, year: int, actor) -> tuple[AnnualReport, list[tuple[str, object, object]]]:
    """Compute the year's figures now, store them as the draft's snapshot and (re)write the
    report item: kind annual_report, published by the disclosure office, its body the
    report rendered from the snapshot, so the reviewers' revision hash covers every number
    (Art. 49–50). Returns the report and what changed since the previous snapshot."""
    report, _ = AnnualReport.objects.select_for_update().get_or_create(year=year)
    if report.item_id:
        report.item = DisclosureItem.objects.select_for_update().get(pk=report.item_id)
    _require_editable(report)
    data = live_report(year, report)
    diff = ar.changes(report.snapshot, data)
    org_name = SiteProfile.current().org_name
    item = report.item or DisclosureItem(kind=ItemKind.ANNUAL_REPORT, report_year=year, created_by=actor)
    item.kind = ItemKind.ANNUAL_REPORT
    item.report_year = year
    item.title = ar.report_title(org_name=org_name, year=year)
    item.summary = report_summary(data)
    item.body = render_body(data, org_name=org_name)
    item.formed_on = timezone.localdate()
    item.publisher = disclosure_office()
    item.topic = Topic.objects.filter(code="other").first()
    created = item.pk is None
    save_content(item=item)
    if created:
        item_drafted.send(sender=DisclosureItem, item=item, actor=actor)
    report.item = item
    report.snapshot = data
    report.snapshot_at = timezone.now()
    report.frozen_at = None
    report.updated_by = actor
    report.save()
    record(
        action="annual_report.draft.generated",
        actor=actor,
        target=report,
        data={"item": item.pk, "revision": item.content_hash, "balanced": data["balanced"], "changes": len(diff)},
    )
    return report, diff


@transaction.atomic
def freeze_report(*, item: DisclosureItem, actor=None) -> AnnualReport | None:
    """When the report item is published its snapshot is frozen: later edits to requests
    never change a published report (Art. 49)."""
    report = AnnualReport.objects.select_for_update().filter(item=item).first()
    if report is None:
        return None
    if report.snapshot is None:
        report.snapshot = live_report(report.year, report)
        report.snapshot_at = timezone.now()
    report.frozen_at = timezone.now()
    report.save(update_fields=["snapshot", "snapshot_at", "frozen_at", "updated_at"])
    record(action="annual_report.frozen", actor=actor, target=report, data={"item": item.pk})
    return report


def submission_problems(item: DisclosureItem) -> list[str]:
    """Registered with disclosure.validation for kind annual_report: a report whose tables
    fail a check (docs/domain.md §5: the table 三 balance, row and column sums) cannot be
    submitted for review."""
    report = AnnualReport.objects.filter(item=item).first()
    if report is None or not report.snapshot:
        return ["尚未生成年度报告草稿数据，请在“年度报告”中生成草稿"]
    if report.year != item.report_year:
        return [f"报告年度不一致：信息标注为{item.report_year}年，报告数据为{report.year}年"]
    return [str(p) for p in ar.check_report(report.snapshot)]


def on_item_published(sender, item: DisclosureItem, actor=None, **kwargs) -> None:
    if item.kind == ItemKind.ANNUAL_REPORT:
        freeze_report(item=item, actor=actor)
