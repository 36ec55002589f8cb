import re
from html import unescape

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeData, mark_safe

from portal.html import render_safe

from ..choices import Validity
from ..highlight import highlight, highlight_terms, result_snippets
from ..summaries import readable_summary

register = template.Library()


@register.simple_tag(takes_context=True)
def page_query(context, page_number) -> str:
    """The current query string with `page` replaced (filters survive paging)."""
    query = context["request"].GET.copy()
    query["page"] = page_number
    return "?" + query.urlencode()


@register.filter
def safe_html(value: str):
    """Stored rich text, sanitised again at render time."""
    return render_safe(value)


@register.filter
def validity_badge(item):
    """有效性 with 已废止/已失效 marked prominently."""
    label = item.get_validity_display()
    if item.validity == Validity.IN_FORCE:
        return format_html('<span class="badge badge-valid">{}</span>', label)
    return format_html('<span class="badge badge-void"><strong>{}</strong></span>', label)


_TABLE_OPEN = re.compile(r"<table\b", re.IGNORECASE)
_TABLE_CLOSE = re.compile(r"</table\s*>", re.IGNORECASE)
_CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")


@register.filter
def scroll_tables(html):
    """Put every table of (already sanitised) rich text in its own labelled, keyboard-
    scrollable box, so a wide table scrolls inside the page instead of the page.
    Text not already marked safe (sanitised) is escaped, never trusted."""
    html = str(html) if isinstance(html, SafeData) else str(escape(html))
    out, pos = [], 0
    for match in _TABLE_OPEN.finditer(html):
        caption = _CAPTION.search(html, match.start())
        end = _TABLE_CLOSE.search(html, match.start())
        label = "表格"
        if caption and (end is None or caption.start() < end.start()):
            label = unescape(_TAGS.sub("", caption.group(1))).strip() or label
        out.append(html[pos : match.start()])
        out.append(
            format_html('<div class="table-scroll" role="region" aria-label="{}（可左右滑动）" tabindex="0">', label)
        )
        pos = match.start()
    out.append(html[pos:])
    return mark_safe(_TABLE_CLOSE.sub("</table></div>", "".join(out)))  # noqa: S308 - only our own markup is added


@register.simple_tag
def search_terms(query: str) -> list[str]:
    """The words to mark in the results of `query` (see disclosure.highlight)."""
    return highlight_terms(query or "")


@register.filter
def mark_terms(text: str, terms: list[str]):
    return highlight(text or "", terms or [])


@register.simple_tag
def search_results(items, terms: list[str]) -> list:
    """(item, marked snippet) for each result on the page (one query for the bodies)."""
    return [(item, highlight(text, terms or [])) for item, text in result_snippets(items, terms or [])]


@register.filter
def display_summary(item) -> str:
    return readable_summary(item)
