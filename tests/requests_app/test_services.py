"""Services: each writes its event and an audit entry, recomputes, and refuses an
impossible history with the importer's rules."""

from datetime import date
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from portal.models import AuditEvent, CalendarDay, CalendarYear, Counter
from requests_app import services
from requests_app.models import InformationRequest, RequestEvent

from .factories import APPLICANT, handler, head, in_person

pytestmark = pytest.mark.django_db
D = date.fromisoformat


@pytest.fixture
def clerk():
    return handler()


@pytest.fixture
def boss():
    return head()


def test_online_submission_gets_reference_and_hashed_code(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        req, code = services.submit_request(data=APPLICANT, today=D("2026-11-20"))
    assert req.reference == "2026-00001" and len(code) == 10
    assert code not in req.query_code_hash and services.check_query_code(req, code)
    assert not services.check_query_code(req, "WRONGCODE1")
    assert (req.status, req.received_on, req.due_on) == ("awaiting_confirmation", None, None)
    assert code in mail.outbox[0].body and mail.outbox[0].to == ["zhang@example.com"]
    req2, _ = services.submit_request(data=APPLICANT, today=D("2026-11-21"))
    assert req2.reference == "2026-00002"


def test_confirm_receipt_sets_clock_audits_and_mails_due_date(clerk, django_capture_on_commit_callbacks):
    req, _ = services.submit_request(data=APPLICANT, today=D("2026-09-29"))
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_receipt(request=req, actor=clerk, on=D("2026-09-30"))
    req.refresh_from_db()
    assert (req.status, req.received_on, req.due_on) == ("in_progress", D("2026-09-30"), D("2026-11-03"))
    assert AuditEvent.objects.filter(action="requests.received", target_id=str(req.pk)).exists()
    assert "2026年11月03日" in mail.outbox[-1].body
    with pytest.raises(services.InvalidHistory):
        services.confirm_receipt(request=req, actor=clerk, on=D("2026-10-08"))


def test_confirm_before_submission_is_refused(clerk):
    req, _ = services.submit_request(data=APPLICANT, today=D("2026-11-20"))
    with pytest.raises(services.InvalidHistory) as exc:
        services.confirm_receipt(request=req, actor=clerk, on=D("2026-11-19"))
    assert "早于提交日期" in exc.value.message


@pytest.mark.usefixtures("site_profile")
def test_full_course_supplement_consultation_extension_reply(clerk, boss):
    req = in_person(clerk, D("2025-09-26"))
    services.request_supplement(
        request=req, actor=clerk, on=D("2025-09-29"), supplement_by=D("2025-10-20"), text="请明确年份"
    )
    req.refresh_from_db()
    assert (req.status, req.due_on, req.supplement_by) == ("awaiting_supplement", None, D("2025-10-20"))
    services.record_supplement(request=req, actor=clerk, on=D("2025-10-09"))
    services.send_consultation(request=req, actor=clerk, on=D("2025-10-10"), party="某公司")
    req.refresh_from_db()
    assert req.consultation_limit_on is not None
    services.record_consultation_answer(request=req, actor=clerk, on=D("2025-10-17"))
    with pytest.raises(PermissionDenied):
        services.extend_deadline(request=req, actor=clerk, on=D("2025-10-20"), days=10, reason="需要检索档案")
    services.extend_deadline(request=req, actor=boss, on=D("2025-10-20"), days=10, reason="需要检索档案")
    with pytest.raises(services.InvalidHistory, match="只能延期答复一次"):
        services.extend_deadline(request=req, actor=boss, on=D("2025-10-21"), days=5, reason="再延")
    services.reply_request(request=req, actor=clerk, on=D("2025-11-20"), outcome="disclosed", letter="予以公开")
    req.refresh_from_db()
    assert (req.status, req.outcome, req.closed_on) == ("closed", "disclosed", D("2025-11-20"))
    # 10-09 + 20 + pause(10-10 sent: 10-11 Sat worked, 10-13..10-17 = 6) + 10 = 36 working days.
    from portal import workdays

    assert req.due_on == workdays.add_workdays(D("2025-10-09"), 36)
    assert req.overdue is False
    with pytest.raises(services.InvalidHistory, match="不能再次答复"):
        services.reply_request(request=req, actor=clerk, on=D("2025-11-21"), outcome="partial", letter="x")
    services.record_reconsideration(request=req, actor=clerk, on=D("2025-12-01"), result="pending")
    services.record_litigation(
        request=req, actor=clerk, on=D("2025-12-05"), result="upheld", after_reconsideration=False
    )
    lit = RequestEvent.objects.get(request=req, type="litigation")
    assert lit.data == {"result": "upheld", "after_reconsideration": False}
    assert AuditEvent.objects.filter(target_id=str(req.pk), action__startswith="requests.event.").count() == 8


def test_answer_on_spot_closes(clerk):
    req = in_person(clerk, D("2026-11-20"))
    services.answer_on_spot(request=req, actor=clerk, outcome="not_processed.publication")
    req.refresh_from_db()
    assert (req.status, req.due_on, req.closed_on) == ("closed", None, D("2026-11-20"))


@pytest.mark.usefixtures("site_profile")
def test_abandoned_only_after_supplement_deadline(clerk):
    req = in_person(clerk, D("2025-03-03"))
    services.request_supplement(request=req, actor=clerk, on=D("2025-03-04"), supplement_by=D("2025-03-18"), text="x")
    with pytest.raises(services.InvalidHistory, match="尚未届满"):
        services.close_abandoned(request=req, actor=clerk, on=D("2025-03-18"))
    services.close_abandoned(request=req, actor=clerk, on=D("2025-03-19"))
    req.refresh_from_db()
    assert (req.outcome, req.due_on) == ("other.no_supplement", None)


def test_person_without_permission_cannot_act():
    from tests.portal.factories import UserFactory

    clerk = handler()
    req = in_person(clerk, D("2026-11-20"))
    with pytest.raises(PermissionDenied):
        services.answer_on_spot(request=req, actor=UserFactory(), outcome="disclosed")


@pytest.mark.parametrize(
    "position,fee", [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (55, 400)]
)
def test_fee_tiers(position, fee):
    assert services.fee_per_request(position) == fee


@pytest.mark.usefixtures("site_profile")
def test_fee_notice_uses_the_monthly_count(clerk):
    reqs = [in_person(clerk, D("2025-03-03")) for _ in range(11)]
    with pytest.raises(services.InvalidHistory, match="未超过10件"):
        services.notify_fee(request=reqs[9], actor=clerk, on=D("2025-03-04"))
    ev = services.notify_fee(request=reqs[10], actor=clerk, on=D("2025-03-04"))
    assert ev.data["amount"] == 100
    services.record_fee_paid(request=reqs[10], actor=clerk, on=D("2025-03-06"))


def test_assignment_grants_object_permissions(clerk, boss):
    from tests.portal.factories import UserFactory

    other = UserFactory(username="plain")
    req = in_person(clerk, D("2026-11-20"))
    services.assign_handler(request=req, actor=boss, handler=other)
    other = other.__class__.objects.get(pk=other.pk)
    assert other.has_perm("handle_request", req) and other.has_perm("view_applicant_identity", req)
    services.answer_on_spot(request=req, actor=other, outcome="disclosed")


def test_calendar_change_recomputes_open_requests_and_audits(clerk, django_capture_on_commit_callbacks):
    with mock.patch("django.utils.timezone.localdate", return_value=D("2026-12-10")):
        req = in_person(clerk, D("2026-12-10"))
        assert (req.due_on, req.provisional) == (D("2027-01-07"), True)
        with django_capture_on_commit_callbacks(execute=True):
            CalendarDay.objects.create(date=D("2027-01-01"), is_workday=False, note="元旦")
            CalendarYear.objects.create(year=2027, source="test")
    req.refresh_from_db()
    assert (req.due_on, req.provisional) == (D("2027-01-08"), False)
    audit = AuditEvent.objects.get(action="requests.due_on.recomputed", target_id=str(req.pk))
    assert (audit.data["old"], audit.data["new"]) == ("2027-01-07", "2027-01-08")


def test_references_unique_under_counter(clerk):
    Counter.objects.create(key="requests:reference:2026", value=0)
    in_person(clerk, D("2026-01-05"))
    InformationRequest.objects.filter(reference="2026-00001").update(reference="2026-00002")
    # A reference taken by other means is skipped, never duplicated.
    assert in_person(clerk, D("2026-01-06")).reference == "2026-00003"
