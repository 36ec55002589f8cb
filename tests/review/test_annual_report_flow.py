"""The annual report goes through the same two reviews as any item (issue 5)."""

import pytest
from django.contrib.auth.models import Permission

from disclosure.annual_report.services import generate_report_draft
from disclosure.choices import State
from review import services
from review.permissions import DRAFTERS, ensure_department_membership, ensure_role_groups
from review.selectors import office_queue
from tests.portal.factories import UserFactory
from tests.reports.factories import request
from tests.review.factories import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return World()


@pytest.fixture
def office_compiler(world):
    user = UserFactory(username="bgs_clerk", department=world.office)
    user.groups.add(ensure_role_groups()[DRAFTERS])
    user.user_permissions.add(Permission.objects.get(codename="manage_annual_report"))
    ensure_department_membership(user)
    return type(user).objects.get(pk=user.pk)


def test_generated_draft_is_submitted_through_the_workbench(world, office_compiler, client):
    request("natural_person", "2025-03-01", "2025-03-20", "disclosed")
    report, _ = generate_report_draft(year=2025, actor=office_compiler)
    item = report.item
    client.force_login(office_compiler)
    page = client.get("/staff/reports/2025/").content.decode()
    assert f"/staff/review/items/{item.pk}/" in page
    assert client.get(f"/staff/review/items/{item.pk}/").status_code == 200
    services.submit_for_review(item=item, actor=office_compiler)
    item.refresh_from_db()
    assert item.state == State.CONFIDENTIALITY_REVIEW
    assert item.pk in [step.item_id for step in office_queue(world.office1)]


def test_unbalanced_report_cannot_be_submitted(world, office_compiler):
    request("natural_person", "2025-03-01", "2025-03-20", "disclosed")
    report, _ = generate_report_draft(year=2025, actor=office_compiler)
    report.snapshot["table3"]["new"]["natural_person"] += 1
    report.save(update_fields=["snapshot"])
    with pytest.raises(services.SubmissionIncomplete):
        services.submit_for_review(item=report.item, actor=office_compiler)
    report.item.refresh_from_db()
    assert report.item.state == State.DRAFT
