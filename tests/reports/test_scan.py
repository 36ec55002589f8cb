import datetime

import pytest

from disclosure.annual_report.models import ReportReminder
from disclosure.annual_report.scan import scan_annual_report
from disclosure.annual_report.services import generate_report_draft
from portal import scans
from portal.models import Notification
from portal.reminders import deliver_pending
from tests.disclosure.factories import publish
from tests.portal.factories import OfficeFactory, SiteProfileFactory, UserFactory

D = datetime.date


@pytest.fixture
def admin(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def test_scan_is_registered():
    assert scans.registered()["annual_report"] is scan_annual_report


def test_reminds_from_2_january_then_daily_from_24_january(admin):
    assert scan_annual_report(D(2026, 1, 1)) == {}
    assert scan_annual_report(D(2026, 1, 2)) == {"annual_report_reminders": 1}
    assert scan_annual_report(D(2026, 1, 2)) == {"annual_report_reminders": 0}
    assert scan_annual_report(D(2026, 1, 15)) == {"annual_report_reminders": 0}
    assert scan_annual_report(D(2026, 1, 24)) == {"annual_report_reminders": 1}
    assert scan_annual_report(D(2026, 1, 25)) == {"annual_report_reminders": 1}
    assert scan_annual_report(D(2026, 2, 2)) == {"annual_report_reminders": 1}
    rows = list(ReportReminder.objects.order_by("due_on").values_list("year", "kind", "due_on"))
    assert rows == [
        (2025, "annual_report_due", D(2026, 1, 2)),
        (2025, "annual_report_due", D(2026, 1, 24)),
        (2025, "annual_report_due", D(2026, 1, 25)),
        (2025, "annual_report_overdue", D(2026, 2, 2)),
    ]
    assert deliver_pending() == 4  # delivery is queued on commit; the scan also catches up
    notes = Notification.objects.filter(recipient=admin).order_by("pk")
    assert notes.count() == 4
    assert "应于2026年1月31日前向社会公布" in notes[0].message
    assert notes[0].url == "/staff/reports/2025/"
    assert "已超过2026年1月31日的法定公布期限" in notes[3].message


def test_a_missed_2_january_is_caught_up(admin):
    assert scan_annual_report(D(2026, 1, 5)) == {"annual_report_reminders": 1}
    assert ReportReminder.objects.get().due_on == D(2026, 1, 2)


def test_no_reminder_once_published(admin):
    SiteProfileFactory()
    OfficeFactory()
    report, _ = generate_report_draft(year=2025, actor=admin)
    publish(report.item)
    assert scan_annual_report(D(2026, 1, 26)) == {}
    assert not ReportReminder.objects.exists()


def test_report_managers_are_reminded(admin):
    from django.contrib.auth.models import Permission

    clerk = UserFactory(username="clerk")
    clerk.user_permissions.add(Permission.objects.get(codename="manage_annual_report"))
    other = UserFactory(username="bystander")
    scan_annual_report(D(2026, 1, 2))
    deliver_pending()
    assert Notification.objects.filter(recipient=clerk).count() == 1
    assert not Notification.objects.filter(recipient=other).exists()
