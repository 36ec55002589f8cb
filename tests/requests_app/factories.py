import time
from datetime import date

from django.contrib.auth.models import Permission
from django.core import signing
from guardian.shortcuts import assign_perm

from portal import abuse
from requests_app import services
from tests.portal.factories import OfficeFactory, UserFactory

APPLICANT = {
    "applicant_type": "natural_person",
    "applicant_name": "张三",
    "id_type": "居民身份证",
    "id_number": "220102199001011234",
    "phone": "13800000000",
    "email": "zhang@example.com",
    "address": "长春市某路1号",
    "description": "申请公开2025年度监狱罪犯生活卫生经费预算执行情况",
    "medium": "电子数据",
    "delivery": "电子邮件",
}


def form_data(**extra):
    """What the public request form posts: the applicant, the anti-bot fields (an empty
    honeypot, a form signed a minute ago) and `extra`."""
    data = {k: v for k, v in APPLICANT.items() if k not in ("medium", "delivery")}
    data.update(
        {
            "medium": "electronic",
            "delivery": "email",
            "homepage": "",
            "ts": signing.dumps(time.time() - 60, salt=abuse.FORM_SALT),
        }
    )
    data.update(extra)
    return data


def grant(user, *codenames):
    for code in codenames:
        user.user_permissions.add(Permission.objects.get(codename=code, content_type__app_label="requests_app"))
    # Drop the permission cache.
    for attr in ("_perm_cache", "_user_perm_cache"):
        if hasattr(user, attr):
            delattr(user, attr)
    return user.__class__.objects.get(pk=user.pk)


def handler(username="handler"):
    return grant(UserFactory(username=username, department=OfficeFactory()), "handle_request")


def head(username="head"):
    return grant(
        UserFactory(username=username, department=OfficeFactory()),
        "handle_request",
        "approve_extension",
        "view_applicant_identity",
    )


def in_person(actor, on: date, **extra):
    req, code = services.register_request(
        actor=actor, channel="in_person", submitted_on=on, received_on=on, data={**APPLICANT, **extra}
    )
    return req


def assign(req, user):
    assign_perm("handle_request", user, req)


def receipt(client, name: str = "requests_done") -> dict | None:
    """What a public form handed back in its receipt cookie (portal.receipts), as the
    "submitted" page reads it."""
    from django.test import RequestFactory

    from portal import receipts

    request = RequestFactory().get("/")
    if name in client.cookies:
        request.COOKIES[name] = client.cookies[name].value
    return receipts.read_receipt(request, name=name)
