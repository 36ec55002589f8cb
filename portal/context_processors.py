from django.core.cache import cache

from .models import SiteProfile

PROFILE_CACHE_KEY = "portal:site-profile"


def site(request) -> dict:
    """The site profile for the header and footer, cached (cleared when it is saved).
    A cache that is down only costs a query."""
    try:
        profile = cache.get(PROFILE_CACHE_KEY)
    except Exception:  # noqa: BLE001
        return {"site_profile": SiteProfile.current()}
    if profile is None:
        profile = SiteProfile.current()
        try:
            cache.set(PROFILE_CACHE_KEY, profile, 300)
        except Exception:  # noqa: BLE001
            pass
    return {"site_profile": profile}
