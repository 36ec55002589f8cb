"""Production from nothing: on a database that has only been migrated (no demo loader),
the README's production steps — first administrator, site profile, departments with their
flags, staff with their roles, all through the admin — are enough to publish an item
through both reviews and to answer a request."""

import datetime
import os

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from disclosure.choices import State
from disclosure.models import DisclosureItem, Topic
from portal.models import Department, SiteProfile
from portal.roles import ROLE_GROUPS
from requests_app.models import InformationRequest
from review import services as review_services
from review.models import ReviewStep
from review.permissions import ROLE_GROUPS as REVIEW_ROLE_GROUPS
from tests.requests_app.factories import form_data

pytestmark = pytest.mark.django_db
User = get_user_model()


def admin_add(client, model: str, data: dict) -> None:
    r = client.post(f"/admin/portal/{model}/add/", data)
    assert r.status_code == 302, r.content.decode()[:3000]


def test_role_groups_exist_after_migrate_alone():
    for name, perms in ROLE_GROUPS.items():
        group = Group.objects.get(name=name)
        held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
        assert held == set(perms), name
    # The workflow's own names for its groups are the same groups.
    for name, codenames in REVIEW_ROLE_GROUPS.items():
        assert {f"review.{c}" for c in codenames} == set(ROLE_GROUPS[name])


def test_init_site_lists_what_is_left(capsys):
    call_command("init_site")
    out = capsys.readouterr().out
    assert "createsuperuser" in out and "网站信息" in out and "法制处" in out


def test_unset_profile_neutral_for_the_public_notice_for_staff(client):
    body = client.get("/").content.decode()
    assert "未设置" not in body and "<title>首页</title>" in body  # no dangling " - " and no placeholder
    assert "主办单位" not in body and "brand-org" not in body
    User.objects.create_superuser("root", "root@example.gov.cn", "Root-pass-2026!")
    client.force_login(User.objects.get(username="root"))
    assert "网站信息尚未设置" in client.get("/staff/").content.decode()


def test_production_walk(client, monkeypatch):
    assert not User.objects.exists() and not Department.objects.exists() and not SiteProfile.objects.exists()

    # 1. The first administrator (README: createsuperuser), signed in through /staff/login/.
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Root-pass-2026!")
    call_command("createsuperuser", interactive=False, username="root", email="root@example.gov.cn", verbosity=0)
    r = client.post("/staff/login/", {"username": "root", "password": "Root-pass-2026!", "next": "/admin/"})
    assert r.status_code == 302 and r["Location"] == "/admin/"

    # 2. The site profile.
    admin_add(
        client,
        "siteprofile",
        {
            "org_name": "示例省监狱管理局",
            "org_code": "11990000MB0000000X",
            "portal_name": "政府信息公开",
            "office_name": "示例省监狱管理局办公室",
            "office_address": "示例市示范大街100号",
            "office_postcode": "100000",
            "office_hours": "工作日 8:30—11:30，13:30—17:00",
            "office_phone": "000-00000000",
            "office_fax": "",
            "office_email": "gongkai@example.gov.cn",
            "website_id": "",
            "icp_number": "",
            "police_number": "",
            # The written decisions: their numbering, date style and the relief they name.
            "letter_number_pattern": "示狱公开〔{year}〕{n}号",
            "letter_date_style": "chinese",
            "reconsideration_body": "示例省人民政府",
            "reconsideration_address": "示例市人民大街1号",
            "court_venue": "示例市中级人民法院",
        },
    )
    assert "示例省监狱管理局" in client.get("/").content.decode()

    # 3. Departments with their flags.
    for code, name, flags in [
        ("BGS", "办公室", ["is_office", "is_disclosure_office"]),
        ("FZC", "法制处", ["is_legal_affairs"]),
        ("ZZB", "政治部", []),
    ]:
        admin_add(
            client,
            "department",
            {"code": code, "name": name, "duties": "", "order": 100, "is_active": "on", **dict.fromkeys(flags, "on")},
        )
    dept = {d.code: d.pk for d in Department.objects.all()}

    # 4. Staff, each with a department and a role group.
    groups = {g.name: g.pk for g in Group.objects.all()}
    staff = {
        "drafter": ("ZZB", "起草人员"),
        "office": ("BGS", "保密审查人员（办公室）"),
        "legal": ("FZC", "公开属性认定人员（法制处）"),
        "clerk": ("BGS", "申请经办人员"),
    }
    now = timezone.localtime()
    for username, (code, group) in staff.items():
        admin_add(
            client,
            "user",
            {
                "username": username,
                "password1": "Staff-pass-2026!",
                "password2": "Staff-pass-2026!",
                "usable_password": "true",
                "department": dept[code],
                "title": "",
            },
        )
        user = User.objects.get(username=username)
        r = client.post(
            f"/admin/portal/user/{user.pk}/change/",
            {
                "username": username,
                "first_name": "",
                "last_name": username,
                "email": f"{username}@example.gov.cn",
                "is_active": "on",
                "groups": [groups[group]],
                "user_permissions": [],
                "last_login_0": "",
                "last_login_1": "",
                "date_joined_0": now.strftime("%Y-%m-%d"),
                "date_joined_1": now.strftime("%H:%M:%S"),
                "department": dept[code],
                "title": "",
            },
        )
        assert r.status_code == 302, r.content.decode()[:3000]
    client.logout()

    def sign_in(username):
        client.logout()
        r = client.post("/staff/login/", {"username": username, "password": "Staff-pass-2026!"})
        assert r.status_code == 302, username
        return User.objects.get(username=username)

    # 5. An item through both reviews.
    drafter = sign_in("drafter")
    assert client.get("/staff/review/new/").status_code == 200
    item = review_services.create_item(
        actor=drafter,
        data={
            "title": "关于印发《监狱执法公开工作规定》的通知",
            "summary": "印发监狱执法公开工作规定。",
            "body": "<p>各监狱：</p>",
            "formed_on": datetime.date.today(),
            "document_number": "示狱发〔2026〕1号",
            "topic": Topic.objects.get(code="regulations"),
        },
    )
    assert client.post(f"/staff/review/items/{item.pk}/submit/").status_code == 302
    sign_in("office")
    step = ReviewStep.objects.get(item=item, decided_at__isnull=True)
    assert client.post(f"/staff/review/steps/{step.pk}/clear/", {"clear-comment": ""}).status_code == 302
    sign_in("legal")
    step = ReviewStep.objects.get(item=item, decided_at__isnull=True)
    r = client.post(
        f"/staff/review/steps/{step.pk}/determine/",
        {"determine-attribute": "proactive", "determine-disclosure_forms": ["website"]},
    )
    assert r.status_code == 302
    item = DisclosureItem.objects.get(pk=item.pk)
    assert item.state == State.PUBLISHED and item.index_number.startswith("11990000MB0000000X/")
    client.logout()
    assert item.title in client.get(f"/items/{item.pk}/").content.decode()

    # 6. A citizen's request, confirmed and answered by the clerk.
    assert client.post("/requests/new/", form_data()).status_code == 302
    req = InformationRequest.objects.get()
    sign_in("clerk")
    today = timezone.localdate().isoformat()
    assert client.post(f"/staff/requests/{req.pk}/confirm/", {"on": today}).status_code == 302
    r = client.post(
        f"/staff/requests/{req.pk}/reply-letter/",
        {"reply_type": "disclosed", "on": today, "provision": "以电子邮件方式于答复之日发送电子文档", "save": "1"},
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    draft = req.reply_drafts.get()
    assert client.post(f"/staff/requests/{req.pk}/reply-letter/{draft.pk}/issue/", {"on": today}).status_code == 302
    req.refresh_from_db()
    assert req.status == "closed" and req.letters.get(kind="reply").number.startswith("示狱公开〔")
    assert os.environ.get("DJANGO_SUPERUSER_PASSWORD")  # the step used the documented variable
