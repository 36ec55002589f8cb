import io

import pytest
from django.core.management import call_command

from disclosure.choices import DocType, ItemKind, State, Validity
from disclosure.demo import PLAN_TITLE
from disclosure.models import Attachment, DisclosureItem, Topic
from disclosure.selectors import published_items

pytestmark = pytest.mark.django_db


def test_load_demo_is_complete_and_idempotent(client):
    call_command("load_demo", stdout=io.StringIO())
    items, attachments = DisclosureItem.objects.count(), Attachment.objects.count()
    call_command("load_demo", stdout=io.StringIO())
    assert (DisclosureItem.objects.count(), Attachment.objects.count()) == (items, attachments)

    public = published_items()
    assert public.count() >= 40
    assert set(Topic.objects.values_list("pk", flat=True)) == set(public.values_list("topic", flat=True))
    kinds = set(public.values_list("kind", flat=True))
    assert {
        ItemKind.DOCUMENT,
        ItemKind.NEWS,
        ItemKind.INTERPRETATION,
        ItemKind.RESPONSE,
        ItemKind.GUIDE,
        ItemKind.POLICY,
    } <= kinds
    assert public.filter(kind=ItemKind.GUIDE).count() == 2 and public.filter(kind=ItemKind.POLICY).count() == 2
    assert public.filter(doc_type__in=[DocType.REGULATION, DocType.NORMATIVE], formed_on__year=2025).count() >= 3
    assert public.filter(validity=Validity.REPEALED, repealed_on__isnull=False).count() >= 2
    assert DisclosureItem.objects.exclude(state=State.PUBLISHED).count() >= 3
    assert Attachment.objects.filter(item__state=State.PUBLISHED).count() >= 3

    # Every demo summary reads as a summary: none only restates its title.
    from disclosure.templatetags.disclosure_tags import display_summary

    assert [item.title for item in DisclosureItem.objects.all() if item.summary and not display_summary(item)] == []

    plan = public.get(title=PLAN_TITLE)
    assert str(plan.formed_on) == "2019-05-30" and plan.publisher.name == "办公室"
    assert plan.body.count("<p>") >= 10 and "舆情回应" in plan.body
    assert plan.confidentiality_cleared_by.username == "bgs_reviewer"
    assert plan.attribute_determined_by.username == "fzc_reviewer"

    for item in public[:60]:
        assert client.get(item.get_absolute_url()).status_code == 200
    att = Attachment.objects.filter(item__state=State.PUBLISHED).first()
    assert client.get(att.get_absolute_url()).status_code == 200
    assert client.get("/search/", {"q": "吉狱发〔2019〕12号"}).context["page"].object_list[0] == plan
