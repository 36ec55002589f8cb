import datetime

import factory
from django.utils import timezone

from disclosure.choices import Attribute, DisclosureForm, ItemKind
from disclosure.models import DisclosureItem, Topic
from disclosure.services import add_attachment, publish_item, save_content
from tests.portal.factories import DepartmentFactory, LegalAffairsFactory, OfficeFactory, UserFactory


def topic(code: str = "regulations") -> Topic:
    return Topic.objects.get(code=code)


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DisclosureItem

    kind = ItemKind.DOCUMENT
    title = factory.Sequence(lambda n: f"关于做好第{n}项工作的通知")
    summary = "通知有关事项。"
    body = "<p>各单位：现将有关事项通知如下。</p>"
    formed_on = datetime.date(2025, 3, 1)
    document_number = factory.Sequence(lambda n: f"示狱发〔2025〕{n}号")
    publisher = factory.SubFactory(DepartmentFactory)
    topic = factory.LazyFunction(lambda: Topic.objects.get(code="regulations"))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return save_content(item=model_class(*args, **kwargs))


def record_clearances(*, item, office_reviewer, legal_reviewer, attribute=Attribute.PROACTIVE, forms=None):
    """Test set-up only: write both clearances of the current revision straight into the
    row, as if the two reviews had taken place. The product has no such path (every
    clearance is a review step decided by its reviewer, review/services.py); the public-site
    tests use this to build published items quickly."""
    now = timezone.now()
    item.save()
    item.confidentiality_cleared_by = office_reviewer
    item.confidentiality_cleared_at = now
    item.confidentiality_revision = item.content_hash
    item.attribute = attribute
    item.attribute_determined_by = legal_reviewer
    item.attribute_determined_at = now
    item.attribute_revision = item.content_hash
    item.disclosure_forms = forms if forms is not None else [DisclosureForm.WEBSITE]
    item.save()
    return item


def reviewers():
    office = UserFactory(username="office_reviewer", department=OfficeFactory())
    legal = UserFactory(username="legal_reviewer", department=LegalAffairsFactory())
    return office, legal


def publish(item: DisclosureItem, attachments=()) -> DisclosureItem:
    """Attach files, record both clearances (test set-up, `record_clearances`) and publish
    through the service: the one way the tests put an existing item on the public site."""
    for name, content in attachments:
        add_attachment(item=item, name=name, content=content)
    office, legal = reviewers()
    record_clearances(item=item, office_reviewer=office, legal_reviewer=legal)
    return publish_item(item=item)


def published(attachments=(), **kwargs) -> DisclosureItem:
    """A new item (ItemFactory with `kwargs`), published by `publish`."""
    return publish(ItemFactory(**kwargs), attachments)
