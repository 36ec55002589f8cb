from django import template

from portal.dashboard import nav_for

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_nav_links(context) -> list:
    """The staff sections the signed-in user may open (see portal.dashboard.register_nav)."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return []
    return nav_for(request.user)
