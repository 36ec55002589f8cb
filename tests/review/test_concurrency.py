"""Two reviewers acting on the same step at once, on PostgreSQL: exactly one decision."""

import pytest
from django.conf import settings

from disclosure.choices import Attribute, State
from disclosure.models import DisclosureItem
from portal.models import AuditEvent
from review import services
from review.choices import StepKind, StepStatus
from review.models import ReviewStep
from review.selectors import pending_step
from tests.concurrency import race
from tests.review.factories import World, draft

pytestmark = pytest.mark.skipif(not settings.IS_POSTGRES, reason="row locks need PostgreSQL (set DATABASE_URL)")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("second", ["clear", "return", "secret"])
def test_two_office_reviewers_at_once_record_one_decision(second):
    world = World()
    item = draft(world)
    services.submit_for_review(item=item, actor=world.drafter)
    step = pending_step(item)
    other = {
        "clear": lambda: services.clear_confidentiality(step=step, actor=world.office2),
        "return": lambda: services.return_for_changes(step=step, actor=world.office2, comment="退回"),
        "secret": lambda: services.withhold_as_secret(step=step, actor=world.office2, comment="涉密"),
    }[second]
    results = race([lambda: services.clear_confidentiality(step=step, actor=world.office1), other])
    kinds = sorted(r[0] for r in results)
    assert kinds == ["error", "ok"], results
    error = next(r[1] for r in results if r[0] == "error")
    assert isinstance(error, services.AlreadyDecided)
    assert "您的操作未被记录" in error.message_text
    step.refresh_from_db()
    assert step.status == StepStatus.DECIDED
    decisions = AuditEvent.objects.filter(target_id=str(item.pk), action__startswith="review.confidentiality.")
    assert decisions.count() == 1
    # The winner's decision is the one the item shows.
    winner = step.decided_by
    item.refresh_from_db()
    if decisions.get().action == "review.confidentiality.cleared":
        assert item.state == State.ATTRIBUTE_REVIEW and item.confidentiality_cleared_by == winner
        assert ReviewStep.objects.filter(item=item, kind=StepKind.ATTRIBUTE).count() == 1
    else:
        assert item.state in (State.RETURNED, State.SECRET)


@pytest.mark.django_db(transaction=True)
def test_two_legal_reviewers_at_once_record_one_determination():
    world = World()
    item = draft(world)
    services.submit_for_review(item=item, actor=world.drafter)
    services.clear_confidentiality(step=pending_step(item), actor=world.office1)
    step = pending_step(item)
    results = race(
        [
            lambda: services.determine_attribute(
                step=step, actor=world.legal1, attribute=Attribute.PROACTIVE, forms=["website"]
            ),
            lambda: services.determine_attribute(step=step, actor=world.legal2, attribute=Attribute.ON_REQUEST),
        ]
    )
    assert sorted(r[0] for r in results) == ["error", "ok"], results
    assert isinstance(next(r[1] for r in results if r[0] == "error"), services.AlreadyDecided)
    assert AuditEvent.objects.filter(target_id=str(item.pk), action="review.attribute.determined").count() == 1
    item = DisclosureItem.objects.get(pk=item.pk)
    assert item.state in (State.PUBLISHED, State.ON_REQUEST)
    assert AuditEvent.objects.filter(target_id=str(item.pk), action="item.published").count() == (
        1 if item.state == State.PUBLISHED else 0
    )


@pytest.mark.django_db(transaction=True)
def test_edit_racing_a_clearance_never_leaves_a_stale_clearance():
    world = World()
    item = draft(world)
    services.submit_for_review(item=item, actor=world.drafter)
    step = pending_step(item)
    results = race(
        [
            lambda: services.clear_confidentiality(step=step, actor=world.office1),
            lambda: services.update_item(item=item, actor=world.drafter, data={"title": "并发修改的标题"}),
        ]
    )
    assert all(r[0] in ("ok", "error") for r in results)
    item = DisclosureItem.objects.get(pk=item.pk)
    if item.confidentiality_revision:
        assert item.confidentiality_revision == item.compute_hash()
    assert item.title == "并发修改的标题"  # the edit always lands (before or after the clearance)
    assert item.state == State.DRAFT and item.confidentiality_revision == ""
