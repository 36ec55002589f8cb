"""The Django admin reads everything and changes nothing of an item: as a superuser, no
action publishes, forges a clearance, or touches an item in review or public; no edit
form changes content or validity; attachments cannot be added or deleted there."""

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse

from disclosure.models import Attachment, DisclosureItem
from portal.models import AuditEvent
from tests.review.factories import STATES, item_in

pytestmark = pytest.mark.django_db

ITEM_FIELDS = [
    "state",
    "title",
    "summary",
    "validity",
    "repealed_on",
    "content_hash",
    "index_number",
    "published_at",
    "confidentiality_cleared_by_id",
    "confidentiality_cleared_at",
    "attribute",
    "attribute_determined_by_id",
    "attribute_determined_at",
    "imported_at",
]


@pytest.fixture
def root(world, django_user_model, client):
    user = django_user_model.objects.create_superuser("root", "root@example.gov.cn", "x", department=world.xfzx)
    client.force_login(user)
    return user


@pytest.fixture
def items(world):
    return {state: item_in(world, state, with_attachment=True) for state in STATES}


def _snapshot() -> dict:
    return {
        "items": {i["id"]: i for i in DisclosureItem.objects.values("id", *ITEM_FIELDS)},
        "attachments": sorted(Attachment.objects.values_list("id", "item_id", "sha256")),
    }


def _actions_offered(user) -> list[str]:
    model_admin = admin.site._registry[DisclosureItem]
    request = RequestFactory().get("/admin/")
    request.user = user
    return list(model_admin.get_actions(request))


def test_every_admin_action_as_superuser_changes_nothing(client, root, world, items):
    before = _snapshot()
    events_before = set(AuditEvent.objects.values_list("id", flat=True))
    changelist = reverse("admin:disclosure_disclosureitem_changelist")
    page = client.get(changelist)
    assert page.status_code == 200
    assert "record_and_publish" not in page.content.decode()
    names = set(_actions_offered(root)) | {"record_and_publish", "delete_selected"}
    pks = [item.pk for item in items.values()]
    for name in sorted(names):
        for post in (
            {},
            {"apply": "1", "office_reviewer": world.office1.pk, "legal_reviewer": world.legal1.pk},
            {"post": "yes"},
        ):
            response = client.post(changelist, {"action": name, "_selected_action": pks, "index": 0, **post})
            assert response.status_code in (200, 302, 403), (name, response.status_code)
    assert _snapshot() == before
    new_events = AuditEvent.objects.exclude(id__in=events_before)
    assert not new_events.exists(), list(new_events.values_list("action", flat=True))


@pytest.mark.parametrize("state", STATES)
def test_the_change_form_changes_no_item_in_any_state(client, root, world, items, state):
    item = items[state]
    url = reverse("admin:disclosure_disclosureitem_change", args=[item.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="title"' not in html and 'name="validity"' not in html
    before = _snapshot()
    client.post(
        url,
        {
            "kind": "document",
            "title": "管理员改的标题",
            "summary": "改",
            "validity": "repealed",
            "repealed_on": "2026-01-01",
            "publisher": item.publisher_id,
            "topic": item.topic_id,
            "doc_type": "other",
            "proposed_attribute": "proactive",
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
            "new_attachment": SimpleUploadedFile("x.txt", b"x"),
        },
    )
    client.post(reverse("admin:disclosure_disclosureitem_delete", args=[item.pk]), {"post": "yes"})
    assert _snapshot() == before


def test_attachments_cannot_be_added_or_deleted_in_the_admin(client, root, items):
    attachment = Attachment.objects.filter(item=items["published"]).first()
    assert attachment is not None
    before = _snapshot()
    assert client.get(reverse("admin:disclosure_attachment_changelist")).status_code == 200
    assert client.get(reverse("admin:disclosure_attachment_change", args=[attachment.pk])).status_code == 200
    delete = client.post(reverse("admin:disclosure_attachment_delete", args=[attachment.pk]), {"post": "yes"})
    assert delete.status_code == 403
    add = client.post(
        reverse("admin:disclosure_attachment_add"),
        {"item": items["draft"].pk, "upload": SimpleUploadedFile("预算表.csv", b"a,b\n1,2\n")},
    )
    assert add.status_code == 403
    client.post(
        reverse("admin:disclosure_attachment_changelist"),
        {"action": "delete_selected", "_selected_action": [attachment.pk], "post": "yes"},
    )
    assert _snapshot() == before


def test_review_records_are_read_only_in_the_admin(client, root, items):
    from review.models import ReviewStep

    step = ReviewStep.objects.get(item=items["attribute_review"], status="pending")
    url = reverse("admin:review_reviewstep_change", args=[step.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"status": "decided", "outcome": "cleared", "decided_by": root.pk})
    step.refresh_from_db()
    assert step.status == "pending" and step.decided_by_id is None


def test_the_admin_item_page_shows_what_the_action_table_allows(client, root, items):
    item = items["confidentiality_review"]
    html = client.get(reverse("admin:disclosure_disclosureitem_change", args=[item.pk])).content.decode()
    assert "您当前可以办理：修改内容或附件、保密审查通过、报请主管部门确定、认定涉密，不予公开、退回修改。" in html
    assert reverse("review:item", args=[item.pk]) in html
    published = client.get(reverse("admin:disclosure_disclosureitem_change", args=[items["published"].pk]))
    assert "您当前可以办理：标记为已废止、撤回。" in published.content.decode()
