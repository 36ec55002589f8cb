"""Response headers every page carries: Content-Security-Policy, Permissions-Policy and,
on staff pages, Cache-Control: no-store.

The public site has no inline script, no inline event handler and no style attribute,
so its policy allows only this site's own files. CKEditor 5 writes style attributes and
<style> elements from its script, so staff pages (where the editor lives) also allow
inline styles; scripts stay 'self' everywhere."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

# Paths that only signed-in staff use (the editor, the workflow, the admin). Editor uploads
# (/editor-files/) are not among them: published bodies show those images to everyone.
STAFF_PREFIXES = ("/staff/", "/admin/", "/ckeditor5/")
# Pages that show one applicant's personal data: never kept by a shared cache or the
# browser's back-forward history on a public computer.
PRIVATE_PREFIXES = STAFF_PREFIXES + ("/requests/status/", "/messages/status/")

PUBLIC_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "media-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
STAFF_POLICY = {
    **PUBLIC_POLICY,
    # CKEditor 5: inline styles for its UI and table/image sizing, blob: images while an
    # upload is in progress.
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
}
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), usb=(), xr-spatial-tracking=()"
)


def render_policy(policy: dict[str, list[str]]) -> str:
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in policy.items())


PUBLIC_CSP = render_policy(PUBLIC_POLICY)
STAFF_CSP = render_policy(STAFF_POLICY)


def is_staff_path(path: str) -> bool:
    return path.startswith(STAFF_PREFIXES)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        path = request.path
        response.headers.setdefault("Content-Security-Policy", STAFF_CSP if is_staff_path(path) else PUBLIC_CSP)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if path.startswith(PRIVATE_PREFIXES):
            add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private
        return response
