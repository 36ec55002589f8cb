"""One HTML allowlist for every stored and rendered rich-text fragment (nh3).

Beyond tags and attributes: images only from this site (the editor's uploads), links only
to this site or to public http(s) addresses (no `//host`, no other schemes, no internal or
private hosts), and `class` only with the values the editor itself writes."""

import ipaddress
import re
from urllib.parse import urlsplit

import nh3
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "ul",
    "ol",
    "li",
    "blockquote",
    "a",
    "img",
    "figure",
    "figcaption",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "caption",
    "colgroup",
    "col",
    "span",
    "div",
    "pre",
    "code",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start"},
}
# The classes CKEditor 5 writes for tables and images, and those of the annual report's
# tables (templates/reports/_report.html, styled by the print and screen CSS); any other
# value is dropped.
ALLOWED_CLASSES = {
    "figure": {
        "table",
        "image",
        "image_resized",
        "image-style-side",
        "image-style-align-left",
        "image-style-align-center",
        "image-style-align-right",
        "image-style-block-align-left",
        "image-style-block-align-right",
    },
    "table": {"table", "report-table", "report-table-2", "report-table-3", "report-table-4"},
}
URL_SCHEMES = {"http", "https"}
INTERNAL_SUFFIXES = (".localhost", ".local", ".internal", ".intranet", ".lan", ".home.arpa", ".corp", ".localdomain")
_IMG_WITHOUT_SRC = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")


def _site_hosts() -> set[str]:
    return {h.lower().lstrip(".") for h in getattr(settings, "ALLOWED_HOSTS", []) if h and h != "*"}


def _is_public_host(host: str) -> bool:
    host = host.lower().rstrip(".")
    if not host:
        return False
    try:
        ip = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        ip = None
    if ip is not None:
        return ip.is_global and not ip.is_multicast
    if host == "localhost" or host.endswith(INTERNAL_SUFFIXES) or "." not in host:
        return False
    # A numeric or hex last label is an IP address in disguise (e.g. 0x7f.1), never a TLD.
    last = host.rsplit(".", 1)[-1]
    return not (last.isdigit() or last.startswith("0x"))


def _same_site_path(value: str) -> bool:
    return value.startswith("/") and not value.startswith("//") or value.startswith("#")


def safe_link(value: str) -> bool:
    """This site (a path, an anchor, or one of ALLOWED_HOSTS) or a public http(s) address."""
    if not value or "\\" in value or any(ord(c) < 33 for c in value):
        return False
    if _same_site_path(value):
        return True
    try:
        parts = urlsplit(value)
        host = parts.hostname or ""
    except ValueError:
        return False
    if parts.scheme.lower() not in URL_SCHEMES:
        return False
    return host in _site_hosts() or _is_public_host(host)


def safe_image(value: str) -> bool:
    """Images only from this site (the editor's uploads): a path, or one of ALLOWED_HOSTS."""
    if not value or "\\" in value or any(ord(c) < 33 for c in value):
        return False
    if _same_site_path(value) and not value.startswith("#"):
        return True
    try:
        parts = urlsplit(value)
        return parts.scheme.lower() in URL_SCHEMES and (parts.hostname or "") in _site_hosts()
    except ValueError:
        return False


def _filter(element: str, attribute: str, value: str) -> str | None:
    if element == "a" and attribute == "href":
        return value if safe_link(value.strip()) else None
    if element == "img" and attribute == "src":
        return value if safe_image(value.strip()) else None
    return value


def sanitize(html: str | None) -> str:
    """Return `html` reduced to the allowlist; scripts, handlers and styles are dropped."""
    if not html:
        return ""
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_filter,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return _IMG_WITHOUT_SRC.sub("", cleaned)


def render_safe(html: str | None) -> SafeString:
    """Sanitise again at render time: stored HTML is never trusted on its own."""
    return mark_safe(sanitize(html))  # noqa: S308 - sanitised by nh3 just above


def to_text(html: str | None) -> str:
    """Plain text of a fragment (for search tokens and summaries)."""
    if not html:
        return ""
    return (
        nh3.clean(html, tags=set(), attributes={})
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
    )
