"""Annual report pages: the staff workbench (/staff/reports/…) and the public report
(/reports/<year>/ with its PDF)."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from portal.html import render_safe
from portal.models import SiteProfile

from ..item_links import workflow_link
from ..services import IllegalTransition
from . import render as report_render
from . import selectors as report_selectors
from . import tables as ar
from .forms import ReportFiguresForm
from .models import AnnualReport
from .services import REGENERABLE_STATES, generate_report_draft, save_report_figures

MIN_YEAR, MAX_YEAR = 2008, 2100  # the Regulation took effect on 1 May 2008

staff_required = permission_required("disclosure.manage_annual_report", raise_exception=True)


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404("年度超出范围")


@login_required
@staff_required
def staff_list(request: HttpRequest) -> HttpResponse:
    reports = {r.year: r for r in AnnualReport.objects.select_related("item")}
    rows = [{"year": y, "report": reports.get(y)} for y in report_selectors.report_years()]
    return render(request, "reports/staff_list.html", {"rows": rows})


@login_required
@staff_required
def staff_report(request: HttpRequest, year: int) -> HttpResponse:
    _check_year(year)
    report = report_selectors.report_for_year(year)
    editable = report is None or report.item_id is None or report.item.state in REGENERABLE_STATES
    if request.method == "POST":
        form = ReportFiguresForm(request.POST, instance=report or AnnualReport(year=year))
        if form.is_valid():
            try:
                save_report_figures(
                    year=year, actor=request.user, **{k: form.cleaned_data[k] for k in form.Meta.fields}
                )
            except (IllegalTransition, ValidationError) as exc:
                form.add_error(None, " ".join(exc.messages))
            else:
                messages.success(request, "已保存。请点击“生成/更新草稿”将修改写入报告草稿。")
                return redirect("reports:staff_report", year=year)
        report = report_selectors.report_for_year(year)
    else:
        form = ReportFiguresForm(instance=report or AnnualReport(year=year))
    data, frozen = report_selectors.report_data(year)
    problems = ar.check_report(data)
    changes = ar.changes(report.snapshot, data) if report and report.snapshot and not frozen else None
    snapshot_problems = ar.check_report(report.snapshot) if report and report.snapshot else []
    ctx = report_render.context(
        data,
        org_name=SiteProfile.current().org_name,
        links=True,
        records_url=reverse("reports:records", args=[year]),
        problem_cells=[p.cell for p in problems],
    )
    ctx.update(
        {
            "report": report,
            "form": form,
            "frozen": frozen,
            "problems": problems,
            "changes": changes,
            "snapshot_problems": snapshot_problems,
            "editable": editable,
            "workflow_link": workflow_link(report.item) if report and report.item_id else None,
        }
    )
    return render(request, "reports/staff_report.html", ctx)


@login_required
@staff_required
@require_POST
def generate_draft(request: HttpRequest, year: int) -> HttpResponse:
    _check_year(year)
    try:
        report, diff = generate_report_draft(year=year, actor=request.user)
    except (IllegalTransition, ValidationError) as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("reports:staff_report", year=year)
    if diff and report.snapshot_at:
        lines = [
            f"{label}：{'—' if old is None else old} → {new}"
            for label, old, new in diff[:30]
            if not isinstance(new, str)
        ]
        texts = [label for label, _, new in diff if isinstance(new, str)]
        summary = f"草稿已更新，与上次快照相比有{len(diff)}处变化"
        if lines:
            summary += "：" + "；".join(lines) + ("……" if len(diff) > 30 else "")
        if texts:
            summary += "。文字有修改：" + "、".join(texts)
        messages.success(request, summary)
    else:
        messages.success(request, "草稿已生成，数据与上次快照相同。")
    problems = ar.check_report(report.snapshot)
    if problems:
        messages.warning(request, f"草稿有{len(problems)}项校验未通过，修正前不能提交审查。")
    return redirect("reports:staff_report", year=year)


@login_required
@staff_required
def records(request: HttpRequest, year: int) -> HttpResponse:
    _check_year(year)
    cell = request.GET.get("cell", "")
    try:
        label, qs, kind = report_selectors.cell_records(year, cell)
    except ValueError:
        return render(
            request,
            "400.html",
            {
                "message": "无法识别要查看的统计单元格。请在年度报告的表格中点击数字查看对应记录。",
            },
            status=400,
        )
    page = Paginator(qs, 100).get_page(request.GET.get("page")) if qs is not None else None
    return render(
        request,
        "reports/records.html",
        {
            "year": year,
            "label": label,
            "page": page,
            "kind": kind,
            "cell": cell,
            "rules": RULES.get(cell.split(".")[1] if cell.startswith("t3.") else cell.split(".")[0], ""),
        },
    )


RULES = {
    "new": "收到申请之日（条例第三十一条）在本年度内的申请；尚未确认收到的网上、传真、平信申请不计入。",
    "carried_over": "上年度及以前收到、截至上年12月31日尚未办结的申请。",
    "carried_forward": "截至本年12月31日已收到但尚未办结的申请。",
    "outcomes_total": "本年度内办结的申请，每件只按办结年度计一次。",
    "t4": "本年度内提起的行政复议或行政诉讼，每案计一次；结果以本年12月31日前的最新记录为准。",
    "t2": "已发布的目录信息中，按文件类型（规章、行政规范性文件）、生成日期和废止日期统计。",
    "extra": "本年度内发出的信息处理费收费通知（国办函〔2020〕109号）。",
}


@login_required
@staff_required
def staff_preview_pdf(request: HttpRequest, year: int) -> HttpResponse:
    _check_year(year)
    data, _ = report_selectors.report_data(year)
    org_name = SiteProfile.current().org_name
    title = ar.report_title(org_name=org_name, year=year)
    pdf = report_render.render_pdf(report_render.render_body(data, org_name=org_name), title=title)
    return _pdf_response(pdf, f"{title}（预览）.pdf")


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def _published(year: int) -> AnnualReport:
    _check_year(year)
    try:
        return report_selectors.published_report(year)
    except AnnualReport.DoesNotExist:
        raise Http404("该年度报告尚未发布")


def public_report(request: HttpRequest, year: int) -> HttpResponse:
    report = _published(year)
    return render(
        request,
        "reports/public_report.html",
        {
            "report": report,
            "item": report.item,
            "body": render_safe(report.item.body),
        },
    )


def public_report_pdf(request: HttpRequest, year: int) -> HttpResponse:
    report = _published(year)
    item = report.item
    key = f"reports:pdf:{item.pk}:{item.content_hash}"
    pdf = cache.get(key)
    if pdf is None:
        pdf = report_render.render_pdf(item.body, title=item.title)
        cache.set(key, pdf, 24 * 3600)
    return _pdf_response(pdf, f"{item.title}.pdf")
