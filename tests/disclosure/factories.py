import datetime

import factory

from disclosure.choices import ItemKind
from disclosure.models import DisclosureItem, Topic
from disclosure.services import add_attachment, publish_item, record_clearances
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


def reviewers():
    office = UserFactory(username="office_reviewer", department=OfficeFactory())
    legal = UserFactory(username="legal_reviewer", department=LegalAffairsFactory())
    return office, legal


def publish(item: DisclosureItem, attachments=()) -> DisclosureItem:
    """Attach files, clear with two reviewers and publish, through the services: the one
    way the tests put an existing item on the public site."""
    for name, content in attachments:
        add_attachment(item=item, name=name, content=content)
    office, legal = reviewers()
    record_clearances(item=item, office_reviewer=office, legal_reviewer=legal)
    return publish_item(item=item)


def published(attachments=(), **kwargs) -> DisclosureItem:
    """A new item (ItemFactory with `kwargs`), published by `publish`."""
    return publish(ItemFactory(**kwargs), attachments)
