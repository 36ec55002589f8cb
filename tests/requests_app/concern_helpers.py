"""Set-up for the concern register's tests: the Office's keeper, a department's handler,
entries made through the service, and a published 回应关切 item."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Permission

from requests_app.concerns import services
from requests_app.concerns.choices import ConcernCategory, ConcernLevel
from tests.portal.factories import DepartmentFactory, OfficeFactory, UserFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(*args) -> datetime:
    """A time in China (the site's zone)."""
    return datetime(*args, tzinfo=SHANGHAI)


def _with(user, *codenames: str):
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="requests_app", codename__in=codenames)
    )
    return type(user).objects.get(pk=user.pk)  # fresh permission cache


def keeper(username: str = "yq_keeper"):
    return _with(
        UserFactory(username=username, department=OfficeFactory()), "keep_concern_register", "view_concernentry"
    )


def department_handler(department=None, username: str | None = None):
    kwargs = {"department": department or DepartmentFactory()}
    if username:
        kwargs["username"] = username
    return _with(UserFactory(**kwargs), "view_concernentry")


def entry(
    *, actor=None, department=None, level=ConcernLevel.GENERAL, noticed_at=None, summary="网民关注某监狱会见安排调整"
):
    from django.utils import timezone

    return services.register_entry(
        actor=actor or keeper(),
        noticed_at=noticed_at or timezone.now().replace(microsecond=0),
        source="微博",
        summary=summary,
        category=ConcernCategory.HOT_TOPIC,
        level=level,
        department=department or DepartmentFactory(),
    )


def response_item(title: str = "关于网民关注会见安排调整问题的回应", **kwargs):
    from disclosure.choices import ItemKind
    from tests.disclosure.factories import published, topic

    return published(kind=ItemKind.RESPONSE, title=title, document_number="", topic=topic("interpretation"), **kwargs)
