"""Shared builders for the public-site tests."""

from disclosure.services import add_attachment, publish_item
from tests.disclosure.factories import ItemFactory, record_clearances, reviewers


def publish(item, attachments=()):
    """Attach files, clear with two reviewers and publish, through the services."""
    for name, content in attachments:
        add_attachment(item=item, name=name, content=content)
    office, legal = reviewers()
    record_clearances(item=item, office_reviewer=office, legal_reviewer=legal)
    return publish_item(item=item)


def published(attachments=(), **kwargs):
    return publish(ItemFactory(**kwargs), attachments)
