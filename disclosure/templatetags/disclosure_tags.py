from django import template
from django.utils.html import format_html

from portal.html import render_safe

from ..choices import Validity

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
