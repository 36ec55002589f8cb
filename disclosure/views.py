"""The public disclosure site (Art. 12, 20, 24). Every item queryset here starts from
`selectors.published_items()`; views only read."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from portal.files import file_response
from portal.models import Department, SiteProfile

from .choices import ItemKind
from .forms import CatalogueFilterForm
from .models import Attachment, DisclosureItem, Topic
from .pagination import get_page
from .search import normalise_query, run_search
from .selectors import (
    catalogue_choices,
    catalogue_rows,
    catalogue_years,
    latest_items,
    listed_items,
    published_attachment,
    published_item_detail,
    published_items,
)

PAGE_SIZE = 20
MAX_PK = 2**63 - 1  # larger path numbers cannot name a row (and overflow SQLite)
NEWS_KINDS = [ItemKind.NEWS, ItemKind.INTERPRETATION, ItemKind.RESPONSE]
# The four fixed parts of the disclosure column (国办公开办函〔2019〕61号 practice).
FIXED_PARTS = [
    ("政府信息公开指南", "/guide/", "公开的范围、方式、途径和工作机构联系方式"),
    ("政府信息公开制度", "/policy/", "本机关政府信息公开工作的规章制度"),
    ("法定主动公开内容", "/catalogue/", "政府信息公开目录：按主题、机构、年份检索"),
    ("政府信息公开工作年度报告", "/reports/", "历年政府信息公开工作年度报告"),
]


def _listing_page(request: HttpRequest, queryset, *, fetch=listed_items):
    """A page of a long public list: counted once per content change, keys first."""
    return get_page(queryset, request.GET.get("page", "1"), per_page=PAGE_SIZE, fetch=fetch)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "disclosure/home.html",
        {
            "latest": latest_items(exclude_kinds=NEWS_KINDS, limit=10),
            "news": latest_items(kinds=NEWS_KINDS, limit=8),
            "topics": list(Topic.objects.all()),
            "fixed_parts": FIXED_PARTS,
        },
    )


@require_safe
def guide(request: HttpRequest) -> HttpResponse:
    """政府信息公开指南 (Art. 12): arrangement, how to obtain, the office's contacts."""
    return render(
        request,
        "disclosure/guide.html",
        {
            "profile": SiteProfile.current(),
            "topics": list(Topic.objects.all()),
            "sections": list(published_items().filter(kind=ItemKind.GUIDE).order_by("published_at", "id")),
        },
    )


def _application_form(kind: str) -> bytes:
    """The blank form, cached per profile (rendering a PDF is too costly per anonymous hit)."""
    import hashlib

    from django.core.cache import cache

    from . import application_form

    profile = SiteProfile.current()
    key_src = "|".join(
        str(getattr(profile, f))
        for f in (
            "org_name",
            "office_name",
            "office_address",
            "office_postcode",
            "office_phone",
            "office_fax",
            "office_hours",
        )
    )
    key = f"disclosure:application_form:{kind}:{hashlib.sha256(key_src.encode()).hexdigest()[:16]}"
    data = cache.get(key)
    if data is None:
        data = application_form.render_pdf(profile) if kind == "pdf" else application_form.render_docx(profile)
        cache.set(key, data, 24 * 3600)
    return data


@require_safe
def application_form_pdf(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(_application_form("pdf"), content_type="application/pdf")
    response["Content-Disposition"] = (
        "attachment; filename*=UTF-8''%E6%94%BF%E5%BA%9C%E4%BF%A1%E6%81%AF%E5%85%AC%E5%BC%80%E7%94%B3%E8%AF%B7%E8%A1%A8.pdf"
    )
    return response


@require_safe
def application_form_docx(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        _application_form("docx"),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = (
        "attachment; filename*=UTF-8''%E6%94%BF%E5%BA%9C%E4%BF%A1%E6%81%AF%E5%85%AC%E5%BC%80%E7%94%B3%E8%AF%B7%E8%A1%A8.docx"
    )
    return response


@require_safe
def policy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "disclosure/policy.html",
        {
            "items": list(published_items().filter(kind=ItemKind.POLICY)),
        },
    )


@require_safe
def catalogue(request: HttpRequest) -> HttpResponse:
    """政府信息公开目录 with filters by topic, department, year formed and validity."""
    form = CatalogueFilterForm(request.GET or None, years=catalogue_years(), **catalogue_choices())
    page = _listing_page(request, form.filter(published_items()), fetch=catalogue_rows)
    return render(
        request,
        "disclosure/catalogue.html",
        {
            "form": form,
            "page": page,
            "ignored": form.ignored_fields(),
        },
    )


@require_safe
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if pk > MAX_PK:
        raise Http404("信息不存在或未公开")
    try:
        item = published_item_detail(pk)
    except DisclosureItem.DoesNotExist:
        raise Http404("信息不存在或未公开")
    return render(request, "disclosure/item.html", {"item": item})


@require_safe
def attachment(request: HttpRequest, item_pk: int, pk: int) -> HttpResponse:
    """Art. 24 下载: only attachments of published items, under their original name."""
    if max(item_pk, pk) > MAX_PK:
        raise Http404("附件不存在或未公开")
    try:
        att = published_attachment(item_pk, pk)
    except Attachment.DoesNotExist:
        raise Http404("附件不存在或未公开")
    return file_response(att.file, filename=att.name, content_type=att.content_type)


@require_safe
def news(request: HttpRequest) -> HttpResponse:
    page = _listing_page(request, published_items().filter(kind__in=NEWS_KINDS))
    return render(request, "disclosure/news.html", {"page": page})


@require_safe
def qa(request: HttpRequest) -> HttpResponse:
    """问答选登: answered public messages published with the sender's consent (each passed
    both reviews as an item of kind "qa")."""
    page = _listing_page(request, published_items().filter(kind=ItemKind.QA))
    return render(request, "disclosure/qa.html", {"page": page})


@require_safe
def reports(request: HttpRequest) -> HttpResponse:
    items = (
        published_items()
        .filter(kind=ItemKind.ANNUAL_REPORT)
        .select_related("annual_report")
        .order_by("-report_year", "-published_at", "-id")
    )
    return render(request, "disclosure/reports.html", {"items": list(items)})


@require_safe
def departments(request: HttpRequest) -> HttpResponse:
    """机构职能 (Art. 20 (一))."""
    return render(
        request,
        "disclosure/departments.html",
        {
            "departments": list(Department.objects.filter(is_active=True)),
        },
    )


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    query = normalise_query(request.GET.get("q", ""))
    results = run_search(query) if query else None
    page = results.page(request.GET.get("page", "1"), per_page=PAGE_SIZE) if results else None
    return render(request, "disclosure/search.html", {"query": query, "page": page, "results": results})


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /staff/",
        "Disallow: /admin/",
        "Allow: /requests/new/",
        "Disallow: /requests/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
