"""Formatting filters shared by every app's templates."""

from django import template
from django.core.exceptions import DisallowedHost

register = template.Library()


@register.filter
def file_size(size) -> str:
    """A file size as people read it on a government site: KB or MB with one decimal
    (never "615 字节"); an empty file reads "0 KB", anything else under 0.1 KB "0.1 KB"."""
    try:
        size = int(size)
    except (TypeError, ValueError):
        return ""
    if size < 0:
        return ""
    if size == 0:
        return "0 KB"
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(size / 1024, 0.1):.1f} KB"


@register.simple_tag(takes_context=True)
def page_url(context) -> str:
    """This page's absolute address; "" when the request's host is not an allowed one (an
    error page for a bad Host header must still render)."""
    request = context.get("request")
    if request is None:
        return ""
    try:
        return request.build_absolute_uri()
    except DisallowedHost:
        return ""


@register.simple_tag(takes_context=True)
def site_domain(context) -> str:
    """The site's domain for the SiteDomain metadata: the profile's, else the request's
    (when it is an allowed host)."""
    profile = context.get("site_profile")
    if profile is not None and getattr(profile, "site_domain", ""):
        return profile.site_domain
    request = context.get("request")
    try:
        return request.get_host() if request is not None else ""
    except DisallowedHost:
        return ""
