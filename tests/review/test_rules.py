"""The one door: `allowed_actions(item, user)` offers exactly what the services accept,
for every state and every role; and separation of duties holds per revision."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from disclosure.choices import Attribute, DisclosureForm, State, Validity
from disclosure.models import DisclosureItem
from review import services
from review.choices import ReevaluationDecision, ReferralAnswer, StepKind
from review.permissions import SeparationOfDuties
from review.rules import ACTIONS, TRANSITIONS, ensure_allowed
from review.selectors import allowed_actions, open_referral, pending_step
from tests.review.factories import STATES, draft, item_in

pytestmark = pytest.mark.django_db

ROLES = ["drafter", "drafter2", "other_drafter", "office1", "office2", "legal1", "legal2", "impostor", "nobody", "root"]
# root is a superuser (in a drafting department) who never touched the item.


def _calls(item: DisclosureItem, user) -> dict:
    """One valid call of each action's service (None when its step does not exist)."""
    step = pending_step(item)
    kind = step.kind if step else None
    conf = step if kind == StepKind.CONFIDENTIALITY else None
    attr = step if kind == StepKind.ATTRIBUTE else None
    referral = open_referral(step)

    def on(s, fn):
        return None if s is None else fn

    return {
        "edit": lambda: services.update_item(item=item, actor=user, data={"summary": "改写的概述。"}),
        "submit": lambda: services.submit_for_review(item=item, actor=user),
        "clear": on(conf, lambda: services.clear_confidentiality(step=conf, actor=user)),
        "refer": on(conf, lambda: services.refer_to_authority(step=conf, actor=user, authority="保密局")),
        "secret": on(conf, lambda: services.withhold_as_secret(step=conf, actor=user, comment="涉密")),
        "answer": on(
            referral,
            lambda: services.record_authority_answer(referral=referral, actor=user, answer=ReferralAnswer.NOT_SECRET),
        ),
        "return_confidentiality": on(conf, lambda: services.return_for_changes(step=conf, actor=user, comment="改")),
        "determine": on(
            attr,
            lambda: services.determine_attribute(
                step=attr, actor=user, attribute=Attribute.PROACTIVE, forms=[DisclosureForm.WEBSITE]
            ),
        ),
        "return_attribute": on(attr, lambda: services.return_for_changes(step=attr, actor=user, comment="改")),
        "publish_now": lambda: services.publish_scheduled_now(item=item, actor=user),
        "repeal": lambda: services.repeal_item(item=item, actor=user),
        "withdraw": lambda: services.withdraw_item(item=item, actor=user, reason="撤回"),
        "reevaluate": lambda: services.reevaluate_item(item=item, actor=user, decision=ReevaluationDecision.KEEP),
    }


class _Rollback(Exception):
    pass


def _accepted(call) -> bool:
    if call is None:
        return False
    try:
        with transaction.atomic():
            call()
            raise _Rollback
    except _Rollback:
        return True
    except (PermissionDenied, ValidationError):
        return False


@pytest.fixture
def root(world, django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.gov.cn", "x", department=world.xfzx)


# What the table must offer the people who matter in each state (the rest get nothing
# unless listed): a regression in the table shows here, not only as a disagreement.
EXPECTED = {
    ("draft", "drafter"): {"edit", "submit"},
    ("draft", "drafter2"): {"edit", "submit"},
    ("draft", "root"): {"edit", "submit"},
    ("confidentiality_review", "drafter"): {"edit"},
    ("confidentiality_review", "office2"): {"clear", "refer", "secret", "return_confidentiality"},
    ("confidentiality_review", "root"): {"edit", "clear", "refer", "secret", "return_confidentiality"},
    ("referred", "office2"): {"answer"},
    ("attribute_review", "legal2"): {"determine", "return_attribute"},
    ("attribute_review", "office1"): set(),
    ("published", "office2"): {"repeal", "withdraw"},
    ("repealed", "office2"): {"withdraw"},
    ("scheduled", "legal2"): {"publish_now", "withdraw"},
    ("scheduled", "drafter"): {"edit"},
    ("on_request", "legal2"): {"reevaluate"},
    ("on_request", "drafter"): set(),
    ("withdrawn", "drafter"): {"edit", "submit"},
    ("returned", "drafter2"): {"edit", "submit"},
}


@pytest.mark.parametrize("state", STATES)
def test_allowed_actions_agree_with_the_services(world, root, state):
    item = item_in(world, state)
    item = DisclosureItem.objects.get(pk=item.pk)
    expected_state = State.PUBLISHED if state == "repealed" else state
    assert item.state == expected_state
    users = {name: root if name == "root" else world.fresh(getattr(world, name)) for name in ROLES}
    for name, user in users.items():
        offered = set(allowed_actions(item, user))
        accepted = {action for action, call in _calls(item, user).items() if _accepted(call)}
        assert offered == accepted, (state, name, offered, accepted)
        if (state, name) in EXPECTED:
            assert offered == EXPECTED[(state, name)], (state, name, offered)
        assert DisclosureItem.objects.get(pk=item.pk).state == expected_state


def test_every_action_of_the_table_has_a_service_and_transitions_come_from_it():
    for action in ACTIONS.values():
        assert callable(getattr(services, action.service)), action.name
    assert TRANSITIONS[State.DRAFT] == {State.CONFIDENTIALITY_REVIEW}
    assert State.PUBLISHED not in TRANSITIONS[State.CONFIDENTIALITY_REVIEW]
    assert TRANSITIONS[State.PUBLISHED] == {State.WITHDRAWN}


def test_a_repealed_item_cannot_be_repealed_again(world):
    item = item_in(world, "repealed")
    with pytest.raises(services.IllegalTransition, match="已经标记为已废止"):
        ensure_allowed("repeal", item=DisclosureItem.objects.get(pk=item.pk), actor=world.office2)
    assert DisclosureItem.objects.get(pk=item.pk).validity == Validity.REPEALED


# --- separation of duties per revision ------------------------------------------------


def test_a_superuser_who_edited_a_revision_cannot_clear_it(world, root):
    """Seen on main: `admin` edited zzb_drafter's item, submitted it and cleared it himself."""
    item = draft(world)
    services.update_item(item=item, actor=root, data={"summary": "管理员改写的概述。"})
    services.submit_for_review(item=item, actor=root)
    item = DisclosureItem.objects.get(pk=item.pk)
    assert "clear" not in allowed_actions(item, root)
    with pytest.raises(SeparationOfDuties, match="修改过"):
        services.clear_confidentiality(step=pending_step(item), actor=root)
    services.clear_confidentiality(step=pending_step(item), actor=world.office1)
    item = DisclosureItem.objects.get(pk=item.pk)
    assert "determine" not in allowed_actions(item, root)
    with pytest.raises(SeparationOfDuties, match="修改过"):
        services.determine_attribute(
            step=pending_step(item), actor=root, attribute=Attribute.PROACTIVE, forms=["website"]
        )
    assert DisclosureItem.objects.get(pk=item.pk).state == State.ATTRIBUTE_REVIEW


def test_an_attachment_makes_its_uploader_an_editor(world, root):
    item = draft(world)
    services.add_item_attachment(item=item, actor=root, name="附表.pdf", content=b"%PDF-1.4 x")
    services.submit_for_review(item=item, actor=world.drafter)
    item = DisclosureItem.objects.get(pk=item.pk)
    assert root.pk in item.revision_editors
    with pytest.raises(SeparationOfDuties):
        services.clear_confidentiality(step=pending_step(item), actor=root)


def test_nobody_gives_both_clearances_of_one_revision_across_runs(world, root):
    item = draft(world)
    services.submit_for_review(item=item, actor=world.drafter)
    services.clear_confidentiality(step=pending_step(item), actor=root)
    services.return_for_changes(step=pending_step(item), actor=world.legal1, comment="请补充说明")
    # Resubmitted unchanged: the same revision goes through both reviews again.
    services.submit_for_review(item=item, actor=world.drafter)
    services.clear_confidentiality(step=pending_step(item), actor=world.office1)
    item = DisclosureItem.objects.get(pk=item.pk)
    assert "determine" not in allowed_actions(item, root)
    with pytest.raises(SeparationOfDuties, match="两个不同的人"):
        services.determine_attribute(
            step=pending_step(item), actor=root, attribute=Attribute.PROACTIVE, forms=["website"]
        )
    services.determine_attribute(
        step=pending_step(item), actor=world.legal1, attribute=Attribute.PROACTIVE, forms=["website"]
    )
    assert DisclosureItem.objects.get(pk=item.pk).state == State.PUBLISHED


def test_editors_start_afresh_after_both_reviews(world):
    item = draft(world)
    assert DisclosureItem.objects.get(pk=item.pk).revision_editors == [world.drafter.pk]
    services.update_item(item=item, actor=world.drafter2, data={"summary": "同事修改。"})
    assert DisclosureItem.objects.get(pk=item.pk).revision_editors == [world.drafter.pk, world.drafter2.pk]
    services.submit_for_review(item=item, actor=world.drafter)
    services.clear_confidentiality(step=pending_step(item), actor=world.office1)
    services.determine_attribute(step=pending_step(item), actor=world.legal1, attribute=Attribute.ON_REQUEST)
    assert DisclosureItem.objects.get(pk=item.pk).revision_editors == []


def test_the_item_page_offers_only_what_the_table_allows(world, root, client):
    from django.urls import reverse

    item = draft(world)
    services.update_item(item=item, actor=root, data={"summary": "管理员改写的概述。"})
    services.submit_for_review(item=item, actor=world.drafter)
    step = pending_step(item)
    clear_url = reverse("review:clear", args=[step.pk])
    client.force_login(root)
    page = client.get(reverse("review:item", args=[item.pk])).content.decode()
    assert clear_url not in page and reverse("review:item_edit", args=[item.pk]) in page
    response = client.post(clear_url, {"clear-comment": ""})
    assert response.status_code == 403
    client.force_login(world.office1)
    assert clear_url in client.get(reverse("review:item", args=[item.pk])).content.decode()


def test_the_edit_form_warns_when_saving_voids_a_review(world, client):
    from django.urls import reverse

    notice = "已有的审查结论全部作废"
    client.force_login(world.drafter)
    fresh = draft(world)
    assert notice not in client.get(reverse("review:item_edit", args=[fresh.pk])).content.decode()
    for state in ("confidentiality_review", "attribute_review", "scheduled"):
        item = item_in(world, state)
        assert notice in client.get(reverse("review:item_edit", args=[item.pk])).content.decode(), state
