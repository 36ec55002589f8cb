"""Security audit: kernel views."""

import pytest

from portal.models import Notification
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url,expected",
    [
        ("https://evil.example/phish", "/staff/"),
        ("//evil.example/phish", "/staff/"),
        ("/staff/requests/", "/staff/requests/"),
        ("", "/staff/"),
    ],
)
def test_notification_read_never_redirects_off_site(client, url, expected):
    user = UserFactory()
    note = Notification.objects.create(recipient=user, message="通知", url=url)
    client.force_login(user)
    r = client.post(f"/staff/notifications/{note.pk}/read/")
    assert r.status_code == 302 and r["Location"] == expected


def test_notification_read_needs_post(client):
    user = UserFactory()
    note = Notification.objects.create(recipient=user, message="通知", url="/staff/")
    client.force_login(user)
    assert client.get(f"/staff/notifications/{note.pk}/read/").status_code == 405


def test_email_subject_with_line_breaks_is_sent_on_one_line(mailoutbox):
    from portal.notifications import send_email_now

    send_email_now(subject="《标题\r\nBcc: victim@example.com》已送达", body="正文", to=["a@example.com"])
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "《标题 Bcc: victim@example.com》已送达"
    assert mailoutbox[0].bcc == []
