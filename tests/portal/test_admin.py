import datetime

import pytest
from django.contrib import admin
from django.urls import reverse

from portal.models import AuditEvent, CalendarDay, Counter, ScanRun
from tests.disclosure.factories import ItemFactory, published
from tests.portal.factories import SiteProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(user)
    client.user = user
    return client


def _instances():
    SiteProfileFactory()
    item = published(attachments=[("a.txt", b"a")])
    ItemFactory()
    CalendarDay.objects.get_or_create(date=datetime.date(2031, 1, 1), defaults={"is_workday": False, "note": "元旦"})
    AuditEvent.objects.create(action="test.event")
    Counter.objects.get_or_create(key="test", defaults={"value": 1})
    ScanRun.objects.get_or_create(on=datetime.date(2031, 1, 2))
    return item


def test_every_registered_model_has_working_admin_pages(admin_client):
    _instances()
    from portal.models import Notification, SystemReminder

    Notification.objects.create(recipient=admin_client.user, message="测试通知")
    SystemReminder.objects.create(kind="calendar", due_on=datetime.date(2031, 12, 1), text="请录入节假日")
    models = {m._meta.label for m in admin.site._registry}
    for label in [
        "portal.Department",
        "portal.User",
        "portal.SiteProfile",
        "portal.AuditEvent",
        "portal.CalendarDay",
        "portal.CalendarYear",
        "portal.Notification",
        "portal.SystemReminder",
        "portal.ScanRun",
        "disclosure.Topic",
        "disclosure.DisclosureItem",
        "disclosure.Attachment",
    ]:
        assert label in models
    for model in admin.site._registry:
        if model._meta.app_label not in {"portal", "disclosure"}:
            continue
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        assert admin_client.get(reverse(f"{prefix}_changelist")).status_code == 200, model
        obj = model._default_manager.first()
        if obj is not None:
            assert admin_client.get(reverse(f"{prefix}_change", args=[obj.pk])).status_code == 200, model
        add = admin_client.get(reverse(f"{prefix}_add"))
        assert add.status_code in (200, 403), model


def test_labels_are_chinese(admin_client):
    _instances()
    html = admin_client.get("/admin/").content.decode()
    for label in [
        "机构",
        "用户",
        "网站信息",
        "审计日志",
        "节假日安排",
        "站内通知",
        "系统提醒",
        "每日扫描",
        "主题分类",
        "公开信息",
        "附件",
    ]:
        assert label in html


def test_audit_log_and_scan_runs_are_read_only(admin_client):
    _instances()
    event = AuditEvent.objects.first()
    assert admin_client.get(reverse("admin:portal_auditevent_add")).status_code == 403
    response = admin_client.post(reverse("admin:portal_auditevent_change", args=[event.pk]), {"action": "changed"})
    assert response.status_code == 403
    assert (
        admin_client.post(reverse("admin:portal_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert AuditEvent.objects.get(pk=event.pk).action == "test.event"
    run = ScanRun.objects.first()
    assert admin_client.post(reverse("admin:portal_scanrun_delete", args=[run.pk]), {"post": "yes"}).status_code == 403


def test_calendar_day_is_editable_and_filtered_by_year(admin_client):
    _instances()
    day = CalendarDay.objects.get(date=datetime.date(2031, 1, 1))
    response = admin_client.post(
        reverse("admin:portal_calendarday_change", args=[day.pk]),
        {"date": "2031-01-01", "is_workday": "", "note": "元旦（修改）"},
    )
    assert response.status_code == 302
    assert CalendarDay.objects.get(pk=day.pk).note == "元旦（修改）"
    html = admin_client.get(reverse("admin:portal_calendarday_changelist"), {"year": "2031"}).content.decode()
    assert "元旦（修改）" in html and "2031年" in html
