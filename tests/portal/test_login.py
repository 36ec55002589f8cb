import pytest

from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db


def login(client, username, password):
    return client.post("/staff/login/", {"username": username, "password": password})


def test_wrong_password_gets_a_chinese_message_and_keeps_the_user_name(client):
    UserFactory(username="clerk")
    response = login(client, "clerk", "wrong")
    html = response.content.decode()
    assert response.status_code == 200
    assert "用户名或密码不正确" in html and 'value="clerk"' in html


def test_repeated_failures_lock_the_account_for_a_while(client):
    UserFactory(username="clerk")
    for _ in range(5):
        login(client, "clerk", "wrong")
    response = login(client, "clerk", "pass-12345")  # the right password, too late
    assert response.status_code == 200
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_success_signs_in(client):
    UserFactory(username="clerk")
    login(client, "clerk", "wrong")
    response = login(client, "clerk", "pass-12345")
    assert response.status_code == 302
    assert client.session["_auth_user_id"]
