"""Notices: the landing page shows what needs me now; a notice whose work is done shows as
done; one or all can be marked read."""

from datetime import date

import pytest

from portal.models import Notification
from portal.notifications import done_topics
from requests_app import services as request_services
from requests_app.models import Reminder
from review import services
from review.selectors import pending_step
from tests.requests_app.factories import APPLICANT, handler
from tests.review.factories import World, draft

pytestmark = pytest.mark.django_db
HOME = "/staff/"


@pytest.fixture
def world(db):
    return World()


def _submit(world, capture, title):
    item = draft(world, title=title)
    with capture(execute=True):
        services.submit_for_review(item=item, actor=world.drafter)
    return item


def test_arrival_notice_is_done_once_the_step_is_decided(client, world, django_capture_on_commit_callbacks):
    first = _submit(world, django_capture_on_commit_callbacks, "第一份待审文件")
    second = _submit(world, django_capture_on_commit_callbacks, "第二份待审文件")
    notes = Notification.objects.filter(recipient=world.office1)
    assert notes.count() == 2 and all(n.topic.startswith("review.step:") for n in notes)
    with django_capture_on_commit_callbacks(execute=True):
        services.clear_confidentiality(step=pending_step(first), actor=world.office2)
    client.force_login(world.office1)
    r = client.get(HOME)
    inbox = r.context["inbox"]
    assert [n.note.message for n in inbox["waiting"]] == ["《第二份待审文件》已送达，等待保密审查。"]
    assert inbox["done_count"] == 1
    html = r.content.decode()
    assert "第一份待审文件" not in html and "另有 1 条未读通知所说的事项已办完" in html
    # The full list shows it, marked as done.
    html = client.get(HOME + "?show=all").content.decode()
    assert "第一份待审文件" in html and "已办完" in html
    assert second.pk  # still waiting


def test_mark_one_and_mark_all_read(client, world, django_capture_on_commit_callbacks):
    first = _submit(world, django_capture_on_commit_callbacks, "甲文件")
    _submit(world, django_capture_on_commit_callbacks, "乙文件")
    _submit(world, django_capture_on_commit_callbacks, "丙文件")
    with django_capture_on_commit_callbacks(execute=True):
        services.clear_confidentiality(step=pending_step(first), actor=world.office2)
    client.force_login(world.office1)
    mine = Notification.objects.filter(recipient=world.office1)
    one = mine.get(message__contains="乙文件")
    r = client.post(f"/staff/notifications/{one.pk}/dismiss/", {"next": "/staff/"})
    assert r.status_code == 302 and r["Location"] == "/staff/"
    one.refresh_from_db()
    assert one.read_at is not None
    assert [n.note.message for n in client.get(HOME).context["inbox"]["waiting"]] == [
        "《丙文件》已送达，等待保密审查。"
    ]
    # Someone else's notice: 404, nothing changes.
    other = Notification.objects.filter(recipient=world.office2).first()
    assert client.post(f"/staff/notifications/{other.pk}/dismiss/").status_code == 404
    # Only the done ones.
    client.post(HOME, {"only": "done"})
    assert set(mine.filter(read_at__isnull=True).values_list("message", flat=True)) == {
        "《丙文件》已送达，等待保密审查。"
    }
    # Everything.
    r = client.post(HOME, {"next": "https://evil.example/"})
    assert r["Location"] == "/staff/"
    assert not mine.filter(read_at__isnull=True).exists()
    assert other.read_at is None and Notification.objects.get(pk=other.pk).read_at is None


def test_request_reminder_is_done_once_receipt_is_confirmed():
    clerk = handler()
    req, _ = request_services.submit_request(data=APPLICANT, today=date(2026, 11, 2))
    reminder = Reminder.objects.create(request=req, kind="receipt_unconfirmed", due_on=date(2026, 11, 3))
    Notification.objects.create(recipient=clerk, message="x", topic=reminder.topic())
    assert reminder.topic() == f"requests_app.reminder:{reminder.pk}"
    assert done_topics([reminder.topic()]) == set()
    request_services.confirm_receipt(request=req, actor=clerk, on=date(2026, 11, 3))
    assert done_topics([reminder.topic()]) == {reminder.topic()}


def test_unknown_topics_are_never_done():
    assert done_topics(["nobody.knows:1", "", "review.step:999999"]) == {"review.step:999999"}


@pytest.mark.django_db(transaction=True)
def test_demo_office_reviewer_sees_only_the_items_that_wait(client):
    """The demo commits every submission at once; the landing page still lists only what waits."""
    import io

    from django.core.management import call_command

    from portal.demo import demo_user
    from review.models import ReviewStep

    call_command("load_demo", stdout=io.StringIO())
    office = demo_user("bgs_reviewer")
    waiting = ReviewStep.objects.filter(kind="confidentiality", status="pending", run__status="active").count()
    client.force_login(office)
    inbox = client.get(HOME).context["inbox"]
    arrivals = [n for n in inbox["waiting"] if "等待保密审查" in n.note.message]
    assert len(arrivals) == waiting
    assert inbox["done_count"] > 0


def test_assignment_notice_is_done_once_the_request_is_closed(django_capture_on_commit_callbacks):
    from tests.requests_app.factories import head, in_person

    boss, clerk = head(), handler()
    req = in_person(boss, date(2026, 11, 2))
    with django_capture_on_commit_callbacks(execute=True):
        request_services.assign_handler(request=req, actor=boss, handler=clerk)
    note = Notification.objects.get(recipient=clerk)
    assert note.topic == f"requests_app.informationrequest:{req.pk}" and not done_topics([note.topic])
    request_services.reply_request(
        request=req, actor=clerk, on=date(2026, 11, 10), outcome="disclosed", letter="经审查，予以公开。"
    )
    assert done_topics([note.topic]) == {note.topic}


def test_repeated_notices_show_once_and_are_read_together(client):
    from tests.portal.factories import UserFactory

    user = UserFactory(username="clerk2")
    for _ in range(3):
        Notification.objects.create(recipient=user, message="2027年节假日安排尚未录入", url="/admin/")
    Notification.objects.create(recipient=user, message="另一条", url="")
    client.force_login(user)
    waiting = client.get(HOME).context["inbox"]["waiting"]
    assert [(n.note.message, n.repeats) for n in waiting] == [("另一条", 1), ("2027年节假日安排尚未录入", 3)]
    assert "同样的通知共 3 条" in client.get(HOME).content.decode()
    client.post(f"/staff/notifications/{waiting[1].note.pk}/dismiss/")
    assert list(
        Notification.objects.filter(recipient=user, read_at__isnull=True).values_list("message", flat=True)
    ) == ["另一条"]


def test_missing_holidays_reminder_is_done_once_the_year_is_entered():
    from portal import workdays
    from portal.models import CalendarYear, SystemReminder

    CalendarYear.objects.filter(year=2031).delete()
    workdays.invalidate()
    reminder = SystemReminder.objects.create(kind="calendar_missing", due_on=date(2030, 11, 1), text="x")
    assert done_topics([reminder.topic()]) == set()
    CalendarYear.objects.create(year=2031)
    workdays.invalidate()
    assert done_topics([reminder.topic()]) == {reminder.topic()}


def test_annual_report_reminder_is_done_once_the_report_is_published():
    from disclosure.annual_report.models import ReportReminder
    from disclosure.annual_report.services import generate_report_draft
    from tests.disclosure.factories import publish
    from tests.portal.factories import OfficeFactory, SiteProfileFactory, UserFactory

    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    reminder = ReportReminder.objects.create(year=2025, kind="annual_report_due", due_on=date(2026, 1, 2))
    assert done_topics([reminder.topic()]) == set()
    SiteProfileFactory()
    OfficeFactory()
    report, _ = generate_report_draft(year=2025, actor=admin)
    publish(report.item)
    assert done_topics([reminder.topic()]) == {reminder.topic()}
