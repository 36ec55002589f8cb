"""One HTML allowlist for every stored and rendered rich-text fragment (nh3)."""

import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "ul", "ol", "li", "blockquote", "a", "img", "figure", "figcaption",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col",
    "span", "div", "pre", "code",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start"},
    "figure": {"class"},
    "table": {"class"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitize(html: str | None) -> str:
    """Return `html` reduced to the allowlist; scripts, handlers and styles are dropped."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def render_safe(html: str | None) -> SafeString:
    """Sanitise again at render time: stored HTML is never trusted on its own."""
    return mark_safe(sanitize(html))  # noqa: S308 - sanitised by nh3 just above


def to_text(html: str | None) -> str:
    """Plain text of a fragment (for search tokens and summaries)."""
    if not html:
        return ""
    return nh3.clean(html, tags=set(), attributes={}).replace("&nbsp;", " ").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
