"""Reads for the annual report: live figures from the stored data, the frozen snapshot of a
published report, and the records behind each number."""

from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from requests_app import statistics

from ..choices import DocType, ItemKind, State, Validity
from ..models import DisclosureItem
from ..selectors import published_items
from . import tables as ar
from .models import AnnualReport

CATALOGUE_DOC_TYPES = {"regulations": DocType.REGULATION, "normative_documents": DocType.NORMATIVE}


def catalogue_items() -> QuerySet[DisclosureItem]:
    """The catalogue table 二 counts from: published items only. A withdrawn item was taken
    off the site (usually published in error) and is not counted; a repealed document stays
    published with its validity and repeal date, and is counted by those dates."""
    return DisclosureItem.objects.filter(state=State.PUBLISHED).exclude(kind=ItemKind.ANNUAL_REPORT)


def _doc_filters(year: int, doc_type: str) -> dict[str, Q]:
    start, end = date(year, 1, 1), date(year, 12, 31)
    base = Q(doc_type=doc_type)
    # A document marked repealed or expired without a repeal date cannot be dated; it is
    # not counted as in force (it is not), nor as repealed in any particular year.
    undated_repeal = Q(repealed_on__isnull=True) & ~Q(validity=Validity.IN_FORCE)
    return {
        "issued": base & Q(formed_on__gte=start, formed_on__lte=end),
        "repealed": base & Q(repealed_on__gte=start, repealed_on__lte=end),
        "in_force": base & Q(formed_on__lte=end) & ~Q(repealed_on__lte=end) & ~undated_repeal,
    }


def catalogue_counts(year: int) -> dict[str, dict[str, int]]:
    """规章 and 行政规范性文件: issued, repealed in the year and in force at its end (one query)."""
    annotations = {}
    for key, doc_type in CATALOGUE_DOC_TYPES.items():
        for field, q in _doc_filters(year, doc_type).items():
            annotations[f"{key}__{field}"] = Count("pk", filter=q)
    agg = catalogue_items().aggregate(**annotations)
    return {key: {f: agg[f"{key}__{f}"] for f in ("issued", "repealed", "in_force")} for key in CATALOGUE_DOC_TYPES}


def catalogue_records(year: int, key: str, field: str) -> QuerySet[DisclosureItem]:
    q = _doc_filters(year, CATALOGUE_DOC_TYPES[key])[field]
    return catalogue_items().filter(q).select_related("publisher").order_by("formed_on", "pk")


def report_for_year(year: int) -> AnnualReport | None:
    return AnnualReport.objects.select_related("item").filter(year=year).first()


def case_events(year: int) -> list[ar.CaseEvent]:
    return [
        ar.CaseEvent(
            request_id=e["request_id"],
            type=e["type"],
            on=e["on"],
            order=e["id"],
            result=(e["data"] or {}).get("result", ""),
            after_reconsideration=bool((e["data"] or {}).get("after_reconsideration")),
        )
        for e in statistics.case_events(year)
    ]


def live_report(year: int, report: AnnualReport | None = None) -> dict:
    """The report computed now from the stored data and the staff's figures and texts.

    A fixed number of queries: two for table 三, one for table 四, one for the fees, one for
    the catalogue."""
    counts = statistics.table3_counts(year)
    known = {o: counts["outcomes"][o] for o in counts["outcomes"] if o in ar.OUTCOME_CODES}
    unclassified = {
        o or "": sum(by_type.values()) for o, by_type in counts["outcomes"].items() if o not in ar.OUTCOME_CODES
    }
    table3 = ar.build_table3(
        new=counts["new"],
        carried_over=counts["carried_over"],
        outcomes=known,
        carried_forward=counts["carried_forward"],
    )
    table4 = ar.build_table4(ar.table4_cases(year, case_events(year)))
    fees_yuan, fee_notices, fees_collected = statistics.processing_fee_figures(year)
    catalogue = catalogue_counts(year)
    table2 = ar.build_table2(
        regulations=catalogue["regulations"],
        normative_documents=catalogue["normative_documents"],
        licensing=report.licensing_decisions if report else 0,
        penalties=report.penalty_decisions if report else 0,
        enforcement=report.enforcement_decisions if report else 0,
        fees_10k_yuan=report.fees_amount_10k_yuan if report else Decimal("0"),
    )
    extra = {
        "overview": report.overview if report else "",
        "problems": report.problems if report else "",
        "other_matters": report.other_matters if report else "",
        "processing_fees_yuan": ar.amount_number(fees_yuan),
        "processing_fee_notices": fee_notices,
        "processing_fees_collected_yuan": ar.amount_number(fees_collected),
        "unclassified": unclassified,
    }
    return ar.build_report(year=year, table2=table2, table3=table3, table4=table4, extra=extra)


def is_published(report: AnnualReport | None) -> bool:
    return bool(report and report.item_id and published_items().filter(pk=report.item_id).exists())


def report_data(year: int) -> tuple[dict, bool]:
    """(data, frozen): the frozen snapshot of the year's published report, else live figures."""
    report = report_for_year(year)
    if report and report.frozen_at and report.snapshot and is_published(report):
        return report.snapshot, True
    return live_report(year, report), False


def published_report(year: int) -> AnnualReport:
    """The year's published report; raises AnnualReport.DoesNotExist otherwise."""
    return AnnualReport.objects.select_related("item", "item__publisher").get(
        year=year,
        item__in=published_items().filter(kind=ItemKind.ANNUAL_REPORT).values("pk"),
    )


def report_years() -> list[int]:
    """Years a clerk may open: those with a report or with requests, and last year."""
    from django.utils import timezone

    years = set(AnnualReport.objects.values_list("year", flat=True))
    years.update(statistics.years_with_requests())
    years.add(timezone.localdate().year - 1)
    return sorted(years, reverse=True)


def cell_records(year: int, cell: str) -> tuple[str, QuerySet | None, str]:
    """(label, records, kind) behind one cell key; kind is "requests", "items", "fees" or
    "staff" (entered by staff: no records). Raises ValueError for an unknown key."""
    if cell == "extra.processing_fees_yuan":
        return ar.cell_label(cell), statistics.fee_notices(year), "fees"
    try:
        part, rest = cell.split(".", 1)
        row, col = rest.rsplit(".", 1)
    except ValueError:
        raise ValueError(cell)
    if part == "t3":
        if row not in {"new", "carried_over", "carried_forward", "outcomes_total", "unclassified", *ar.OUTCOME_CODES}:
            raise ValueError(cell)
        if col not in ar.COLUMN_CODES:
            raise ValueError(cell)
        label = "表三 无有效办理结果的申请" if row == "unclassified" else ar.cell_label(cell)
        return label, statistics.table3_requests(year, row, None if col == "total" else col), "requests"
    if part == "t4":
        if row not in ar.TABLE4_GROUPS or col not in (*ar.RESULT_CODES, "total"):
            raise ValueError(cell)
        cases = ar.table4_cases(year, case_events(year))
        ids = [rid for (rid, group), result in cases.items() if group == row and (col == "total" or result == col)]
        return ar.cell_label(cell), statistics.requests_by_ids(ids), "requests"
    if part == "t2":
        if row in CATALOGUE_DOC_TYPES and col in ("issued", "repealed", "in_force"):
            return ar.cell_label(cell), catalogue_records(year, row, col), "items"
        if row in ("licensing", "penalties", "enforcement", "fees"):
            return ar.cell_label(cell), None, "staff"
        raise ValueError(cell)
    raise ValueError(cell)
