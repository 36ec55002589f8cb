"""What a user sees when something is refused: Chinese pages, and no links that lead there."""

import re

import pytest
from django.test import Client

from requests_app.forms import RequestForm
from tests.portal.factories import UserFactory
from tests.requests_app.factories import handler

pytestmark = pytest.mark.django_db


def test_forbidden_page_is_chinese_and_gives_the_reason(client):
    client.force_login(UserFactory())
    response = client.get("/staff/requests/")
    assert response.status_code == 403
    text = response.content.decode()
    assert "无权访问" in text
    assert "您没有办理政府信息公开申请的权限" in text
    assert "Forbidden" not in text


def test_csrf_failure_page_is_chinese():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/requests/new/", {"applicant_name": "张三"})
    assert response.status_code == 403
    text = response.content.decode()
    assert "页面已过期" in text
    assert "CSRF" not in text and "Forbidden" not in text


def test_staff_nav_offers_only_sections_the_user_may_open(client):
    client.force_login(UserFactory())
    text = client.get("/staff/").content.decode()
    assert 'href="/staff/requests/"' not in text
    assert 'href="/staff/reports/"' not in text
    client.force_login(handler())
    text = client.get("/staff/").content.decode()
    assert 'href="/staff/requests/"' in text


def test_request_form_messages_are_chinese():
    form = RequestForm(data={"email": "not-an-email", "delivery": "email", "applicant_type": "natural_person"})
    assert not form.is_valid()
    messages = [m for errors in form.errors.values() for m in errors]
    assert messages
    for message in messages:
        # Only the example address may contain Latin letters.
        assert not re.search(r"[A-Za-z]", message.replace("name@example.com", "")), message
    assert form.errors["email"] == ["请输入有效的电子邮箱地址，例如 name@example.com。"]
    assert "：</label>" in str(form["applicant_name"].label_tag())


def test_bad_report_cell_gets_a_chinese_page_in_the_layout(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.get("/staff/reports/2025/records/", {"cell": "bogus"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "<title>" in text and "请求有误" in text and "统计单元格" in text
