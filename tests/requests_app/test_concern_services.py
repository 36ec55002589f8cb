"""The register's services: who may do what, closing only with a published response, and
every change audited."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from portal.audit import events_for
from portal.models import Notification
from requests_app.concerns import services
from requests_app.concerns.choices import ConcernLevel, ConcernState, Milestone
from tests.disclosure.factories import published
from tests.portal.factories import DepartmentFactory, UserFactory
from tests.requests_app.concern_helpers import department_handler, entry, keeper, response_item

pytestmark = pytest.mark.django_db


def test_register_numbers_the_entry_audits_it_and_tells_the_department():
    dept = DepartmentFactory()
    handler = department_handler(dept)
    e = entry(department=dept, level=ConcernLevel.MAJOR)
    year = timezone.localtime(e.noticed_at).year
    assert e.reference == f"YQ{year}-001"
    assert entry(department=dept).reference == f"YQ{year}-002"
    assert e.state == ConcernState.OPEN
    assert [ev.action for ev in events_for(e)] == ["concern.registered"]
    note = Notification.objects.get(recipient=handler, url=e.get_absolute_url())
    assert e.reference in note.message and "重大" in note.message


def test_only_the_offices_keeper_registers():
    office_user_without_role = UserFactory(department=keeper().department)
    for user in (department_handler(), office_user_without_role):
        with pytest.raises(PermissionDenied):
            entry(actor=user)


def test_the_keeper_must_belong_to_the_office():
    from tests.requests_app.concern_helpers import _with

    elsewhere = _with(UserFactory(department=DepartmentFactory()), "keep_concern_register")
    with pytest.raises(PermissionDenied):
        entry(actor=elsewhere)


def test_noticed_in_the_future_is_refused():
    with pytest.raises(services.ConcernRefused) as exc:
        entry(noticed_at=timezone.now() + timedelta(hours=2))
    assert exc.value.field == "noticed_at" and "不能晚于当前时间" in exc.value.message


def test_closing_is_refused_without_a_response():
    office = keeper()
    e = entry(actor=office)
    with pytest.raises(services.ConcernRefused) as exc:
        services.close_entry(entry=e, actor=office)
    assert "回应关切" in exc.value.message
    e.refresh_from_db()
    assert e.is_open and e.closed_at is None
    assert "concern.closed" not in [ev.action for ev in events_for(e)]


def test_close_with_a_published_response_item():
    office = keeper()
    e = entry(actor=office, noticed_at=timezone.now() - timedelta(hours=30))
    item = response_item()
    published_at = timezone.now() - timedelta(hours=1)
    services.link_response(entry=e, actor=office, item_pk=item.pk, published_at=published_at)
    e.refresh_from_db()
    assert (e.response_item_id, e.response_title, e.response_path) == (item.pk, item.title, item.get_absolute_url())
    assert e.response_published_at == published_at
    response = {t.milestone: t for t in e.timers()}[Milestone.RESPONSE]
    assert response.met and response.text == "按时完成"
    services.close_entry(entry=e, actor=office, note="已回应")
    e.refresh_from_db()
    assert e.state == ConcernState.CLOSED and e.closed_by == office
    assert [ev.action for ev in events_for(e).order_by("at", "id")] == [
        "concern.registered",
        "concern.response_linked",
        "concern.closed",
    ]
    with pytest.raises(services.ConcernRefused, match="已办结"):
        services.add_follow_up(entry=e, actor=office, note="再记一笔")


def test_the_response_must_be_a_published_response_item():
    office = keeper()
    e = entry(actor=office)
    other_kind = published(title="关于做好安全生产工作的通知")
    for pk in (other_kind.pk, 999999):
        with pytest.raises(services.ConcernRefused) as exc:
            services.link_response(entry=e, actor=office, item_pk=pk)
        assert exc.value.field == "item"
    e.refresh_from_db()
    assert not e.has_response


def test_the_department_records_milestones_and_follow_ups_but_does_not_close():
    dept = DepartmentFactory()
    handler = department_handler(dept)
    office = keeper()
    e = entry(
        actor=office,
        department=dept,
        level=ConcernLevel.ESPECIALLY_MAJOR,
        noticed_at=timezone.now() - timedelta(hours=1),
    )
    released = timezone.now() - timedelta(minutes=5)
    services.record_milestone(entry=e, actor=handler, milestone=Milestone.AUTHORITATIVE_INFO, at=released)
    services.add_follow_up(entry=e, actor=handler, note="已发布警情通报")
    e.refresh_from_db()
    assert e.authoritative_info_at == released
    assert [f.note for f in e.follow_ups.all()] == ["已发布警情通报"]
    assert services.allowed_actions(handler, e) == {"milestone", "follow_up"}
    for call in (
        lambda: services.close_entry(entry=e, actor=handler),
        lambda: services.link_response(entry=e, actor=handler, item_pk=response_item().pk),
        lambda: services.update_entry(entry=e, actor=handler, level=ConcernLevel.GENERAL),
    ):
        with pytest.raises(PermissionDenied):
            call()


def test_another_department_can_do_nothing_with_the_entry():
    e = entry(department=DepartmentFactory())
    stranger = department_handler(DepartmentFactory())
    assert services.allowed_actions(stranger, e) == frozenset()
    with pytest.raises(PermissionDenied):
        services.add_follow_up(entry=e, actor=stranger, note="不是我们的")
    with pytest.raises(PermissionDenied):
        services.record_milestone(entry=e, actor=stranger, milestone=Milestone.PRESS_CONFERENCE, at=timezone.now())


def test_a_milestone_before_the_concern_was_noticed_is_refused():
    office = keeper()
    e = entry(actor=office, noticed_at=timezone.now() - timedelta(hours=2))
    with pytest.raises(services.ConcernRefused) as exc:
        services.record_milestone(
            entry=e, actor=office, milestone=Milestone.PRESS_CONFERENCE, at=e.noticed_at - timedelta(minutes=1)
        )
    assert exc.value.field == "at" and "不能早于发现时间" in exc.value.message


def test_update_records_what_changed_and_tells_the_new_department():
    office = keeper()
    e = entry(actor=office, level=ConcernLevel.GENERAL)
    new_dept = DepartmentFactory(name="狱政管理处")
    handler = department_handler(new_dept)
    services.update_entry(entry=e, actor=office, level=ConcernLevel.MAJOR, department=new_dept, summary=e.summary)
    e.refresh_from_db()
    assert e.level == ConcernLevel.MAJOR and e.department == new_dept
    event = events_for(e).filter(action="concern.updated").get()
    assert set(event.data["changes"]) == {"level", "department"}
    assert event.data["changes"]["department"][1] == "狱政管理处"
    assert event.data["changes"]["level"] == ["一般", "重大"]
    assert Notification.objects.filter(recipient=handler, url=e.get_absolute_url()).exists()
    # Nothing changed: nothing recorded.
    services.update_entry(entry=e, actor=office, level=ConcernLevel.MAJOR)
    assert events_for(e).filter(action="concern.updated").count() == 1


def test_noticed_at_cannot_move_past_a_recorded_milestone():
    office = keeper()
    e = entry(actor=office, level=ConcernLevel.MAJOR, noticed_at=timezone.now() - timedelta(hours=3))
    services.record_milestone(
        entry=e, actor=office, milestone=Milestone.AUTHORITATIVE_INFO, at=timezone.now() - timedelta(hours=2)
    )
    with pytest.raises(services.ConcernRefused) as exc:
        services.update_entry(entry=e, actor=office, noticed_at=timezone.now() - timedelta(hours=1))
    assert exc.value.field == "noticed_at"


def test_the_office_drafts_the_response_which_is_linked_only_once_published():
    from disclosure.choices import ItemKind, State
    from disclosure.models import DisclosureItem
    from tests.disclosure.factories import publish

    dept = DepartmentFactory()
    office = keeper()
    e = entry(actor=office, department=dept, noticed_at=timezone.now() - timedelta(hours=5))
    with pytest.raises(PermissionDenied):
        services.propose_response(entry=e, actor=department_handler(dept), title="回应", body="正文")
    with pytest.raises(services.ConcernRefused) as exc:
        services.propose_response(entry=e, actor=office, title="关于会见安排的回应", body="  ")
    assert exc.value.field == "body"
    services.propose_response(
        entry=e, actor=office, title="关于会见安排的回应", body="会见室改造期间<script>x</script>\n\n第二段"
    )
    e.refresh_from_db()
    item = DisclosureItem.objects.get(pk=e.response_draft_id)
    assert (item.kind, item.state, item.publisher_id) == (ItemKind.RESPONSE, State.DRAFT, dept.pk)
    assert "<script" not in item.body and item.body.count("<p>") == 2
    assert e.response_draft_path.endswith(f"/items/{item.pk}/")
    assert services.allowed_actions(office, e) == {"edit", "milestone", "response", "follow_up", "close"}
    with pytest.raises(services.ConcernRefused):
        services.propose_response(entry=e, actor=office, title="再起草一份", body="正文")
    # A draft is not a response: not linkable, so the entry cannot be closed yet.
    with pytest.raises(services.ConcernRefused):
        services.link_response(entry=e, actor=office, item_pk=item.pk)
    publish(item)
    services.link_response(entry=e, actor=office, item_pk=item.pk)
    services.close_entry(entry=e, actor=office)
    e.refresh_from_db()
    assert not e.is_open and e.response_title == "关于会见安排的回应"
    assert "concern.response_drafted" in [ev.action for ev in events_for(e)]
