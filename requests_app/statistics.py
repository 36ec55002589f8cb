"""Figures of the annual report's tables 三 and 四 (docs/domain.md §5), read from the requests
in a fixed number of aggregate queries whatever their number.

The rules of each table-三 row are Q objects (`row_filter`), used both for the counts
and for the list of requests behind one cell, so a clerk sees exactly what was counted.
This module returns plain dicts; `disclosure.annual_report.tables` builds the tables from them.
"""

from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from .models import EventType, InformationRequest, Outcome, RequestEvent

ROWS = ("new", "carried_over", "carried_forward")


def row_filter(year: int, row: str) -> Q:
    """Which requests a row of table 三 counts. Requests awaiting confirmation (no receipt
    date, Art. 31) are in no row. `row` is new, carried_over, carried_forward or closed."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    received = Q(received_on__isnull=False)
    if row == "new":
        return received & Q(received_on__gte=start, received_on__lte=end)
    if row == "carried_over":
        # Received before the year and still open on 31 December of the previous year.
        return received & Q(received_on__lt=start) & (Q(closed_on__isnull=True) | Q(closed_on__gte=start))
    if row == "carried_forward":
        return received & Q(received_on__lte=end) & (Q(closed_on__isnull=True) | Q(closed_on__gt=end))
    if row == "closed":
        return received & Q(closed_on__gte=start, closed_on__lte=end)
    raise ValueError(f"unknown row {row!r}")


def table3_counts(year: int) -> dict:
    """{"new"|"carried_over"|"carried_forward": {applicant: n}, "outcomes": {outcome: {applicant: n}}}.

    Two queries. Outcome codes are returned as stored (an empty or unknown code is the
    caller's to report). The first reads only the rows some row of the table counts
    (received in the year, or still open or closed from its start on), each arm of that
    filter an index range: at 1,000,000 requests a bitmap scan of about a seventh of the
    table instead of a scan of all of it."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    counted = (
        Q(received_on__gte=start, received_on__lte=end)
        | Q(closed_on__gte=start, received_on__lte=end)
        | Q(closed_on__isnull=True, received_on__lte=end)
    )
    per_type = (
        InformationRequest.objects.filter(received_on__isnull=False)
        .filter(counted)
        .values("applicant_type")
        .order_by("applicant_type")
        .annotate(**{row: Count("pk", filter=row_filter(year, row)) for row in ROWS})
    )
    counts: dict = {row: {} for row in ROWS}
    for entry in per_type:
        for row in ROWS:
            counts[row][entry["applicant_type"]] = entry[row]
    closed = (
        InformationRequest.objects.filter(row_filter(year, "closed"))
        .values("outcome", "applicant_type")
        .order_by("outcome", "applicant_type")
        .annotate(n=Count("pk"))
    )
    outcomes: dict[str, dict[str, int]] = {}
    for entry in closed:
        outcomes.setdefault(entry["outcome"], {})[entry["applicant_type"]] = entry["n"]
    counts["outcomes"] = outcomes
    return counts


def table3_requests(year: int, row: str, applicant_type: str | None = None) -> QuerySet[InformationRequest]:
    """The requests behind one cell of table 三. `row` is new, carried_over,
    carried_forward, an outcome code, outcomes_total, or unclassified."""
    if row in ROWS:
        qs = InformationRequest.objects.filter(row_filter(year, row))
    elif row == "outcomes_total":
        qs = InformationRequest.objects.filter(row_filter(year, "closed"))
    elif row == "unclassified":
        qs = InformationRequest.objects.filter(row_filter(year, "closed")).exclude(outcome__in=Outcome.values)
    else:
        qs = InformationRequest.objects.filter(row_filter(year, "closed"), outcome=row)
    if applicant_type:
        qs = qs.filter(applicant_type=applicant_type)
    return qs.order_by("received_on", "reference")


def case_events(year: int) -> list[dict]:
    """Every reconsideration and litigation entry up to 31 December of `year` of the
    requests that have one dated in the year (one query). The caller decides which case
    belongs to the year; earlier entries are needed to know when a case was brought."""
    end = date(year, 12, 31)
    kinds = [EventType.RECONSIDERATION, EventType.LITIGATION]
    in_year = RequestEvent.objects.filter(type__in=kinds, on__year=year).values("request_id")
    return list(
        RequestEvent.objects.filter(type__in=kinds, on__lte=end, request_id__in=in_year)
        .order_by("on", "id")
        .values("id", "request_id", "type", "on", "data")
    )


def processing_fee_figures(year: int) -> tuple[Decimal, int, Decimal]:
    """Section 六 in one query: (yuan notified, notices sent, yuan actually collected) in the
    year. A payment recorded in the year collects the amount of the fee notice it settles
    (the latest one before it on that request, whatever its year)."""
    paid_in_year = RequestEvent.objects.filter(type=EventType.FEE_PAID, on__year=year).values("request_id")
    rows = (
        RequestEvent.objects.filter(type__in=[EventType.FEE_NOTIFIED, EventType.FEE_PAID])
        .filter(Q(type=EventType.FEE_NOTIFIED, on__year=year) | Q(request_id__in=paid_in_year))
        .order_by("on", "id")
        .values_list("request_id", "type", "on", "data")
    )
    notified, count, collected = Decimal("0"), 0, Decimal("0")
    last_notice: dict[int, Decimal] = {}
    for request_id, type_, on, data in rows:
        if type_ == EventType.FEE_NOTIFIED:
            amount = Decimal(str((data or {}).get("amount_yuan", (data or {}).get("amount", 0)) or 0))
            last_notice[request_id] = amount
            if on.year == year:
                notified += amount
                count += 1
        elif on.year == year and request_id in last_notice:
            collected += last_notice.pop(request_id)
    return notified, count, collected


def fee_notices(year: int) -> QuerySet[RequestEvent]:
    return (
        RequestEvent.objects.filter(type=EventType.FEE_NOTIFIED, on__year=year)
        .select_related("request")
        .order_by("on", "id")
    )


def requests_by_ids(ids) -> QuerySet[InformationRequest]:
    return InformationRequest.objects.filter(pk__in=list(ids)).order_by("received_on", "reference")


def years_with_requests() -> list[int]:
    """Years in which any request was received, newest first (one query)."""
    return sorted(
        {d.year for d in InformationRequest.objects.filter(received_on__isnull=False).dates("received_on", "year")},
        reverse=True,
    )
