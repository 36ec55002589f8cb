"""Security audit: the publication workflow's staff pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from review import services
from review.selectors import pending_step
from tests.review.factories import draft


def test_attachment_type_comes_from_the_checked_extension_not_the_browser(client, world):
    """The browser's Content-Type is attacker-chosen; the stored type (sent back when the
    file is downloaded) follows the extension the form has checked."""
    item = draft(world)
    client.force_login(world.drafter)
    r = client.post(
        reverse("review:attachment_add", args=[item.pk]),
        {"file": SimpleUploadedFile("附表.pdf", b"<script>alert(1)</script>", content_type="text/html")},
    )
    assert r.status_code == 302
    assert item.attachments.get().content_type == "application/pdf"


@pytest.mark.parametrize("name", ["item", "history", "item_edit"])
def test_other_department_and_no_role_cannot_open_an_item(client, world, name):
    item = draft(world)
    for user in (world.other_drafter, world.nobody):
        client.force_login(user)
        assert client.get(reverse(f"review:{name}", args=[item.pk])).status_code == 403, user.username


def test_other_department_cannot_change_an_item(client, world):
    item = draft(world)
    client.force_login(world.other_drafter)
    assert client.post(reverse("review:submit", args=[item.pk])).status_code == 403
    r = client.post(
        reverse("review:attachment_add", args=[item.pk]),
        {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4", content_type="application/pdf")},
    )
    assert r.status_code == 403 and not item.attachments.exists()


def test_drafter_cannot_clear_a_step_by_posting_to_it(client, world):
    item = draft(world)
    services.submit_for_review(item=item, actor=world.drafter)
    step = pending_step(item)
    for user in (world.drafter2, world.other_drafter, world.nobody, world.impostor):
        client.force_login(user)
        assert client.post(reverse("review:clear", args=[step.pk]), {"clear-comment": ""}).status_code == 403
    step.refresh_from_db()
    assert step.status == "pending"


def test_state_changing_review_urls_refuse_get(client, world):
    item = draft(world)
    client.force_login(world.drafter)
    for name in ("submit", "publish_now", "withdraw", "repeal", "reevaluate"):
        assert client.get(reverse(f"review:{name}", args=[item.pk])).status_code == 405, name
