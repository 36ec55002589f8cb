"""Formatting filters shared by every app's templates."""

from django import template

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
