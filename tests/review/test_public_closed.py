"""Every path to the public side stays closed until both clearances of the current
revision exist: state by state, at the selectors, over HTTP, and at the database."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from disclosure.choices import ItemKind, State
from disclosure.models import Attachment, DisclosureItem
from disclosure.selectors import published_attachment, published_item_detail, published_items
from tests.review.public_paths import HIDDEN_STATES, PUBLIC_PATHS, build, token

EXPECTED_STATE = {
    "draft": State.DRAFT,
    "confidentiality_review": State.CONFIDENTIALITY_REVIEW,
    "referred": State.REFERRED,
    "attribute_review": State.ATTRIBUTE_REVIEW,
    "returned": State.RETURNED,
    "secret": State.SECRET,
    "on_request": State.ON_REQUEST,
    "withheld": State.WITHHELD,
    "scheduled": State.SCHEDULED,
    "withdrawn": State.WITHDRAWN,
    "edited_after_office": State.DRAFT,
    "edited_after_both": State.DRAFT,
}


@pytest.mark.parametrize("label", HIDDEN_STATES)
def test_selectors_never_return_an_uncleared_item(world, label):
    item = build(world, label)
    assert item.state == EXPECTED_STATE[label]
    attachment = item.attachments.get()
    assert not published_items().filter(pk=item.pk).exists()
    with pytest.raises(DisclosureItem.DoesNotExist):
        published_item_detail(item.pk)
    with pytest.raises(Attachment.DoesNotExist):
        published_attachment(item.pk, attachment.pk)


def test_selectors_return_the_published_control(world):
    item = build(world, "published")
    assert item.state == State.PUBLISHED and item.index_number
    assert published_item_detail(item.pk) == (item, [item.attachments.get()])
    assert published_attachment(item.pk, item.attachments.get().pk)


@pytest.mark.parametrize("label", [s for s in HIDDEN_STATES if s != "scheduled"])
@pytest.mark.parametrize("target", [State.PUBLISHED, State.SCHEDULED])
def test_database_refuses_forcing_an_uncleared_item_public(world, label, target):
    item = build(world, label)
    item.state = target
    item.index_number = f"X/2026-{item.pk:05d}"
    item.published_at = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        item.save()
    assert DisclosureItem.objects.get(pk=item.pk).state == EXPECTED_STATE[label]


def test_database_refuses_a_scheduled_item_whose_revision_changed(world):
    item = build(world, "scheduled")
    item.body = "<p>排期后偷偷改的正文</p>"
    item.state = State.PUBLISHED
    item.index_number = "X/2026-99999"
    item.published_at = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        item.save()


# --- over HTTP: the public views are built by the site app -------------------------------


@pytest.fixture
def probes(world):
    hidden = {
        (label, kind): build(world, label, kind)
        for label in HIDDEN_STATES
        for kind in (ItemKind.DOCUMENT, ItemKind.NEWS)
    }
    controls = {kind: build(world, "published", kind) for kind in (ItemKind.DOCUMENT, ItemKind.NEWS)}
    return hidden, controls


@pytest.mark.parametrize("pattern", PUBLIC_PATHS)
def test_no_public_path_shows_an_uncleared_item(db, client, request, pattern):
    hidden, controls = request.getfixturevalue("probes")
    for (label, kind), item in hidden.items():
        att = item.attachments.get().pk
        path = pattern.format(pk=item.pk, att=att, token=token(label, kind))
        r = client.get(path)
        if "{pk}" in pattern:
            assert r.status_code == 404, (label, kind, path, r.status_code)
            continue
        assert r.status_code == 200, (path, r.status_code)
        body = r.content.decode()
        # The search page echoes its query, so it is checked for the title, not the token.
        assert (item.title if "q=" in path else token(label, kind)) not in body, (label, kind, path)
        assert f"/items/{item.pk}/" not in body, (label, kind, path)


@pytest.mark.parametrize(
    "pattern",
    [
        "/items/{pk}/",
        "/items/{pk}/attachments/{att}/",
        "/catalogue/",
        "/search/?q={token}",
        "/feeds/atom/",
        "/feeds/json/",
        "/sitemap-items-1.xml",
    ],
)
def test_public_paths_show_the_published_control(db, client, request, pattern):
    """Guards the test above: the same probes do reach the public once published."""
    _, controls = request.getfixturevalue("probes")
    item = controls[ItemKind.DOCUMENT]
    path = pattern.format(pk=item.pk, att=item.attachments.get().pk, token=token("published", ItemKind.DOCUMENT))
    r = client.get(path)
    assert r.status_code == 200, path
    if "{pk}" not in pattern:
        assert f"/items/{item.pk}/" in r.content.decode(), path
