"""Security audit: every /staff/ page refuses a signed-in user who holds no role, on GET
and on POST (only the staff home page, which lists the user's own notifications, opens)."""

from datetime import date

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from requests_app import services as request_services
from review import services as review_services
from review.models import ReviewStep
from tests.portal.factories import UserFactory
from tests.requests_app.factories import APPLICANT, head
from tests.review.factories import World, draft

pytestmark = pytest.mark.django_db


def staff_patterns(resolver=None, prefix=""):
    for p in (resolver or get_resolver()).url_patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            yield from staff_patterns(p, route)
        elif isinstance(p, URLPattern) and route.startswith("staff/"):
            yield route


def fill(route: str, ids: dict) -> str:
    import re

    def value(m):
        kind, name = m.group(1), m.group(2)
        if kind == "str":
            return {"action": "confirm", "name": "x"}.get(name, "x")
        return str(ids.get(name, ids["pk"]))

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: value(m) if m.group(1) else m.group(0), route)


def test_no_role_user_is_refused_everywhere_under_staff(client):
    world = World()
    item = draft(world)
    review_services.submit_for_review(item=item, actor=world.drafter)
    step = ReviewStep.objects.filter(item=item).first()
    boss = head()
    req, _ = request_services.register_request(
        actor=boss, channel="in_person", submitted_on=date(2026, 11, 2), received_on=date(2026, 11, 2), data=APPLICANT
    )
    ev = req.events.first()
    routes = sorted(set(staff_patterns()))
    assert len(routes) > 30
    client.force_login(UserFactory(username="no_role"))
    opened = []
    for route in routes:
        if route in ("staff/", "staff/login/", "staff/logout/"):
            continue
        if route.startswith("staff/requests/"):
            ids = {"pk": req.pk, "event_pk": ev.pk, "doc_pk": 1}
        elif route.startswith("staff/review/steps/"):
            ids = {"pk": step.pk}
        elif route.startswith("staff/reports/"):
            ids = {"pk": 1, "year": 2026}
        else:
            ids = {"pk": item.pk, "att": 1}
        url = fill(route, ids)
        for method in ("get", "post"):
            status = getattr(client, method)(url).status_code
            if status not in (403, 404, 405):
                opened.append((method, url, status))
    assert opened == []
    req.refresh_from_db()
    assert req.handler_id is None
