"""Calendar changes go through portal.calendar_changes: each is audited with its actor and
what changed, and the deadline recomputation that follows is audited with the same actor."""

import json
from datetime import date
from unittest import mock

import pytest
from django.urls import reverse

from portal.models import AuditEvent, CalendarDay, CalendarYear
from tests.requests_app.cli import run_cli
from tests.requests_app.factories import handler, in_person

pytestmark = pytest.mark.django_db
D = date.fromisoformat


@pytest.fixture
def open_request_into_2027():
    """Received 2026-12-10: its 20th working day falls in 2027, a year not yet held."""
    with mock.patch("django.utils.timezone.localdate", return_value=D("2026-12-10")):
        req = in_person(handler(), D("2026-12-10"))
    assert (req.due_on, req.provisional) == (D("2027-01-07"), True)
    return req


def test_admin_edit_of_a_day_is_audited_with_the_administrator_and_what_changed(admin_client, admin_user):
    day = CalendarDay.objects.create(date=D("2031-01-01"), is_workday=False, note="元旦")
    response = admin_client.post(
        reverse("admin:portal_calendarday_change", args=[day.pk]), {"date": "2031-01-01", "note": "元旦（更正）"}
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="calendar.day.saved")
    assert event.actor == admin_user and event.target_id == str(day.pk)
    assert event.data["before"] == {"date": "2031-01-01", "is_workday": False, "note": "元旦"}
    assert event.data["after"] == {"date": "2031-01-01", "is_workday": False, "note": "元旦（更正）"}
    assert event.data["changed"] == ["note"]


def test_a_holiday_entered_in_the_admin_moves_deadlines_in_the_administrators_name(
    admin_client, admin_user, open_request_into_2027, django_capture_on_commit_callbacks
):
    req = open_request_into_2027
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("admin:portal_calendarday_add"), {"date": "2027-01-01", "note": "元旦"})
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:portal_calendaryear_add"),
            {"year": "2027", "source": "国办发明电", "loaded_at_0": "2026-12-01", "loaded_at_1": "10:00:00"},
        )
    req.refresh_from_db()
    assert (req.due_on, req.provisional) == (D("2027-01-08"), False)
    recomputed = AuditEvent.objects.filter(action="requests.due_on.recomputed", target_id=str(req.pk)).order_by("pk")
    assert [e.actor for e in recomputed] == [admin_user, admin_user]
    assert (recomputed[0].data["old"], recomputed[0].data["new"]) == ("2027-01-07", "2027-01-08")
    assert AuditEvent.objects.get(action="calendar.year.saved").actor == admin_user


def test_deleting_days_in_the_admin_is_audited_and_recomputes(
    admin_client, admin_user, open_request_into_2027, django_capture_on_commit_callbacks
):
    req = open_request_into_2027
    with django_capture_on_commit_callbacks(execute=True):
        day = CalendarDay.objects.create(date=D("2027-01-01"), is_workday=False, note="元旦")
    req.refresh_from_db()
    assert req.due_on == D("2027-01-08")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:portal_calendarday_changelist"),
            {
                "action": "delete_selected",
                "_selected_action": [day.pk],
                "post": "yes",
            },
        )
    assert response.status_code == 302 and not CalendarDay.objects.filter(pk=day.pk).exists()
    event = AuditEvent.objects.get(action="calendar.day.deleted")
    assert event.actor == admin_user
    assert event.data["before"] == {"date": "2027-01-01", "is_workday": False, "note": "元旦"}
    req.refresh_from_db()
    assert req.due_on == D("2027-01-07")
    last = AuditEvent.objects.filter(action="requests.due_on.recomputed", target_id=str(req.pk)).latest("pk")
    assert last.actor == admin_user and last.data["new"] == "2027-01-07"


def _holidays(tmp_path) -> str:
    path = tmp_path / "2027.json"
    path.write_text(
        json.dumps(
            {
                "year": 2027,
                "days": [
                    {"name": "元旦", "date": "2027-01-01", "isOffDay": True},
                    {"name": "春节", "date": "2027-02-07", "isOffDay": False},
                ],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    return str(path)


def test_import_holidays_audits_each_changed_date_and_the_recomputation_with_the_user(
    capsys, tmp_path, admin_user, open_request_into_2027, django_capture_on_commit_callbacks
):
    req = open_request_into_2027
    CalendarDay.objects.create(date=D("2027-05-03"), is_workday=False, note="旧")
    with django_capture_on_commit_callbacks(execute=True):
        code, _, err = run_cli(capsys, "import_holidays", _holidays(tmp_path), "--user", admin_user.username)
    assert code == 0, err
    event = AuditEvent.objects.get(action="calendar.year.imported")
    assert event.actor == admin_user and event.data["year"] == 2027 and event.data["rows"] == 2
    assert event.data["changes"] == [
        {"date": "2027-01-01", "before": None, "after": {"date": "2027-01-01", "is_workday": False, "note": "元旦"}},
        {
            "date": "2027-02-07",
            "before": None,
            "after": {"date": "2027-02-07", "is_workday": True, "note": "春节调休上班"},
        },
        {"date": "2027-05-03", "before": {"date": "2027-05-03", "is_workday": False, "note": "旧"}, "after": None},
    ]
    req.refresh_from_db()
    assert (req.due_on, req.provisional) == (D("2027-01-08"), False)
    recomputed = AuditEvent.objects.filter(action="requests.due_on.recomputed", target_id=str(req.pk)).latest("pk")
    assert recomputed.actor == admin_user


def test_import_holidays_refuses_an_unknown_user_and_changes_nothing(capsys, tmp_path):
    code, _, err = run_cli(capsys, "import_holidays", _holidays(tmp_path), "--user", "nobody")
    assert code != 0 and "nobody" in err
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not CalendarDay.objects.filter(date__year=2027).exists()
