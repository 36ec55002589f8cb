"""Another app asks for a draft item through the kernel (portal.lookups.propose_item): the
draft is not public until it passes both reviews, and the audit names where it came from."""

import pytest

from disclosure.choices import ItemKind, State
from disclosure.models import DisclosureItem
from disclosure.selectors import published_items
from portal.lookups import propose_item
from portal.models import AuditEvent
from tests.portal.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


def test_a_proposed_item_is_a_sanitised_draft_that_the_public_cannot_see():
    dept = DepartmentFactory()
    ref = propose_item(
        kind=ItemKind.QA,
        title="关于办事时间的咨询",
        body="<p>问：周末办理吗？</p><script>alert(1)</script>",
        publisher_id=dept.pk,
        created_by=None,
        source="message:Z2026-00001",
    )
    item = DisclosureItem.objects.get(pk=ref.pk)
    assert item.state == State.DRAFT
    assert item.kind == ItemKind.QA
    assert item.topic.code == "other"  # the catalogue needs a topic; the drafter may change it
    assert "<script" not in item.body
    assert item.search_tokens
    assert not published_items().filter(pk=item.pk).exists()
    event = AuditEvent.objects.get(action="item.proposed", target_id=str(item.pk))
    assert event.data == {"source": "message:Z2026-00001"}
    assert ref.staff_path.endswith(f"/items/{item.pk}/")
