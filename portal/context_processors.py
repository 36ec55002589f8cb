from django.core.cache import cache

from .models import SiteProfile

PROFILE_CACHE_KEY = "portal:site-profile"


def site(request) -> dict:
    """The site profile for the header and footer, cached (cleared when it is saved)."""
    profile = cache.get(PROFILE_CACHE_KEY)
    if profile is None:
        profile = SiteProfile.current()
        cache.set(PROFILE_CACHE_KEY, profile, 300)
    return {"site_profile": profile}
