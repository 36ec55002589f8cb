"""Quiet commands: the demo loader prints a summary and the accounts, not its e-mails; a
403 is logged once."""

import io
import logging
import logging.config

import pytest
from django.core import mail
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True)  # the notices are queued on commit
def test_load_demo_prints_a_summary_and_accounts_not_emails(tmp_path):
    mail.outbox = []
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    text = out.getvalue()
    lines = text.splitlines()
    assert len(lines) < 40, text
    assert "主题" not in text and "Subject:" not in text and "From:" not in text
    assert mail.outbox == []  # nothing was sent either
    counted = next(line for line in lines if line.startswith("通知邮件："))
    n = int(counted.removeprefix("通知邮件：").split(" ")[0])
    assert n > 0
    assert "演示账号" in text and "gk_handler / " in text
    # On request they go to a file instead; a second run adds nothing new to send.
    path = tmp_path / "mails.txt"
    call_command("load_demo", stdout=io.StringIO(), mail_file=str(path))
    assert path.exists()
    assert mail.outbox == []


def test_emails_outside_the_demo_are_still_sent(settings):
    from portal.notifications import queue_email

    mail.outbox = []
    queue_email(subject="s", body="b", to=["a@example.com"])
    assert len(mail.outbox) == 1


def test_a_403_is_logged_once(client, settings):
    from tests.portal.factories import UserFactory

    settings.DEBUG = True  # the development server's setting, where it printed twice
    logging.config.dictConfig(settings.LOGGING)
    # Count what reaches any handler of the root or of Django's loggers.
    handlers = (
        set(logging.getLogger().handlers)
        | set(logging.getLogger("django").handlers)
        | set(logging.getLogger("django.server").handlers)
    )
    emitted = []
    originals = {}
    for h in handlers:
        originals[h] = h.handle
        h.handle = (lambda orig: lambda record: emitted.append(record) or orig(record))(h.handle)
    try:
        client.force_login(UserFactory())
        assert client.get("/staff/requests/").status_code == 403
        # The development server's own request line for a 4xx is dropped: django.request has it.
        logging.getLogger("django.server").warning('"GET /staff/requests/ HTTP/1.1" 403 10', extra={"status_code": 403})
    finally:
        for h, orig in originals.items():
            h.handle = orig
        logging.config.dictConfig(settings.LOGGING)
    forbidden = [r for r in emitted if "403" in r.getMessage() or "Forbidden" in r.getMessage()]
    assert len(forbidden) == 1, [r.getMessage() for r in forbidden]
    assert forbidden[0].exc_info is None and "您没有办理政府信息公开申请的权限" in forbidden[0].getMessage()


def test_collect_email_keeps_both_queued_and_direct_mail():
    from portal.notifications import collect_email, queue_email, send_email_now

    mail.outbox = []
    with collect_email() as box:
        queue_email(subject="a", body="b", to=["x@example.com"])
        send_email_now(subject="c\nd", body="e", to=["y@example.com"])
    assert [m["subject"] for m in box] == ["a", "c d"] and mail.outbox == []
