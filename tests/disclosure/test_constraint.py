import pytest
from django.db import IntegrityError, transaction

from disclosure.choices import Attribute, State
from tests.disclosure.factories import ItemFactory, reviewers
from tests.disclosure.factories import published as published_item


@pytest.mark.django_db
def test_published_without_clearances_is_refused_by_the_database():
    item = ItemFactory()
    item.state = State.PUBLISHED
    item.index_number = "X/2025-00001"
    from django.utils import timezone

    item.published_at = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        item.save()


@pytest.mark.django_db
def test_published_with_stale_clearance_is_refused():
    item = published_item()
    item.title = "改过的标题"
    with pytest.raises(IntegrityError), transaction.atomic():
        item.save()


@pytest.mark.django_db
def test_published_with_on_request_attribute_is_refused():
    from tests.disclosure.factories import record_clearances

    item = ItemFactory()
    office, legal = reviewers()
    record_clearances(item=item, office_reviewer=office, legal_reviewer=legal, attribute=Attribute.ON_REQUEST)
    item.state = State.SCHEDULED
    with pytest.raises(IntegrityError), transaction.atomic():
        item.save()


@pytest.mark.django_db
def test_publication_assigns_increasing_index_numbers():
    from tests.portal.factories import SiteProfileFactory

    SiteProfileFactory()
    a = published_item()
    b = published_item()
    assert a.index_number == "11220000MB0000000X/2025-00001"
    assert b.index_number == "11220000MB0000000X/2025-00002"


@pytest.mark.django_db
@pytest.mark.parametrize("missing", ["confidentiality", "attribute"])
def test_queryset_update_to_published_without_one_clearance_is_refused(missing):
    """The constraint holds for raw updates too, not only for model saves."""
    from django.utils import timezone

    from disclosure.models import DisclosureItem
    from tests.disclosure.factories import record_clearances

    item = ItemFactory()
    office, legal = reviewers()
    record_clearances(item=item, office_reviewer=office, legal_reviewer=legal)
    clear = {"confidentiality": {"confidentiality_cleared_at": None}, "attribute": {"attribute_determined_at": None}}[
        missing
    ]
    DisclosureItem.objects.filter(pk=item.pk).update(**clear)
    with pytest.raises(IntegrityError), transaction.atomic():
        DisclosureItem.objects.filter(pk=item.pk).update(
            state=State.PUBLISHED, index_number="X/2025-00009", published_at=timezone.now()
        )


@pytest.mark.django_db
@pytest.mark.parametrize("state", [State.PUBLISHED, State.SCHEDULED])
def test_raw_update_of_an_uncleared_item_to_a_public_state_is_refused(state):
    from django.utils import timezone

    from disclosure.models import DisclosureItem

    item = ItemFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        DisclosureItem.objects.filter(pk=item.pk).update(
            state=state, index_number="X/2025-00010", published_at=timezone.now()
        )
