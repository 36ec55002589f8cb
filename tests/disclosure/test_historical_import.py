"""Historical items come in marked 历史导入, audited with the importing user, never as
forged clearances; the database constraint admits the mark and nothing else."""

import json

import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from disclosure.choices import Attribute, State, Validity
from disclosure.models import DisclosureItem
from disclosure.selectors import published_items
from portal.models import AuditEvent
from tests.disclosure.factories import ItemFactory, record_clearances, reviewers
from tests.portal.factories import DepartmentFactory, SiteProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

RECORD = {
    "title": "示例省监狱管理局2018年度部门预算",
    "summary": "2018年度部门预算及说明。",
    "body": "<p>现将2018年度部门预算公开如下。</p>",
    "formed_on": "2018-02-10",
    "published_at": "2018-02-20 09:30",
    "publisher": "JHCW",
    "topic": "budgets",
    "document_number": "示狱财〔2018〕3号",
}


@pytest.fixture
def importer(db):
    SiteProfileFactory()
    DepartmentFactory(code="JHCW", name="计划财务处")
    user = UserFactory(username="importer")
    user.user_permissions.add(Permission.objects.get(codename="import_historical_items"))
    return user


def _write(tmp_path, records):
    path = tmp_path / "history.json"
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return str(path)


def _topic_code():
    from disclosure.models import Topic

    return Topic.objects.order_by("order").first().code


def test_import_publishes_with_the_mark_and_an_audit_event_naming_the_user(tmp_path, importer, client):
    record = {**RECORD, "topic": _topic_code()}
    repealed = {**record, "title": "2017年旧规定", "validity": "repealed", "repealed_on": "2019-01-01"}
    path = _write(tmp_path, [record, repealed])
    call_command("import_historical_items", path, "--user", "importer")
    item = DisclosureItem.objects.get(title=RECORD["title"])
    assert item.state == State.PUBLISHED and item.index_number and item.attribute == Attribute.PROACTIVE
    assert item.imported_at is not None and item.imported_revision == item.content_hash
    assert item.confidentiality_cleared_by is None and item.attribute_determined_by is None
    assert item.confidentiality_cleared_at is None and item.attribute_determined_at is None
    assert timezone.localtime(item.published_at).strftime("%Y-%m-%d %H:%M") == "2018-02-20 09:30"
    assert DisclosureItem.objects.get(title="2017年旧规定").validity == Validity.REPEALED
    event = AuditEvent.objects.get(action="item.imported_historical", target_id=str(item.pk))
    assert event.actor == importer and event.data["source"] == "history.json"
    assert not AuditEvent.objects.filter(action="item.clearances.recorded").exists()
    assert item in published_items()
    page = client.get(item.get_absolute_url()).content.decode()
    assert "历史导入" in page
    assert "历史导入" in client.get("/catalogue/").content.decode()
    # Run twice: nothing new.
    call_command("import_historical_items", path, "--user", "importer")
    assert DisclosureItem.objects.filter(title=RECORD["title"]).count() == 1


def test_a_bad_record_imports_nothing_and_says_why(tmp_path, importer):
    good = {**RECORD, "topic": _topic_code()}
    bad = {**good, "title": "另一条", "formed_on": "2018-13-01", "publisher": "NOPE"}
    with pytest.raises(CommandError, match="第2条"):
        call_command("import_historical_items", _write(tmp_path, [good, bad]), "--user", "importer")
    assert not DisclosureItem.objects.exists()
    future = {**good, "published_at": (timezone.localdate() + timezone.timedelta(days=3)).isoformat()}
    with pytest.raises(CommandError, match="晚于现在"):
        call_command("import_historical_items", _write(tmp_path, [future]), "--user", "importer")


def test_only_a_permitted_user_imports(tmp_path, importer):
    UserFactory(username="clerk")
    path = _write(tmp_path, [{**RECORD, "topic": _topic_code()}])
    with pytest.raises(CommandError, match="权限"):
        call_command("import_historical_items", path, "--user", "clerk")
    with pytest.raises(CommandError, match="不存在"):
        call_command("import_historical_items", path, "--user", "ghost")
    assert not DisclosureItem.objects.exists()


def _imported(importer):
    from disclosure.services import import_historical_item

    item = ItemFactory()
    return import_historical_item(actor=importer, data={}, item=item, published_at=timezone.now())


def test_the_constraint_admits_the_mark_only_for_the_imported_revision(importer):
    item = _imported(importer)
    item.title = "导入后改过的标题"
    with pytest.raises(IntegrityError), transaction.atomic():
        item.save()


def test_the_constraint_refuses_a_mark_with_a_clearance_in_someones_name(importer):
    item = _imported(importer)
    office, _ = reviewers()
    with pytest.raises(IntegrityError), transaction.atomic():
        DisclosureItem.objects.filter(pk=item.pk).update(confidentiality_cleared_by=office)


def test_the_constraint_refuses_a_scheduled_or_non_proactive_import(importer):
    item = _imported(importer)
    with pytest.raises(IntegrityError), transaction.atomic():
        DisclosureItem.objects.filter(pk=item.pk).update(state=State.SCHEDULED)
    with pytest.raises(IntegrityError), transaction.atomic():
        DisclosureItem.objects.filter(pk=item.pk).update(attribute=Attribute.ON_REQUEST)


def test_the_constraint_refuses_a_mark_set_by_hand_on_a_draft():
    item = ItemFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        DisclosureItem.objects.filter(pk=item.pk).update(
            state=State.PUBLISHED,
            imported_at=timezone.now(),
            imported_revision="0" * 64,
            attribute=Attribute.PROACTIVE,
            index_number="X/2018-00001",
            published_at=timezone.now(),
        )


def test_an_item_once_reviewed_cannot_be_imported(importer):
    from disclosure.services import IllegalTransition, import_historical_item

    item = ItemFactory()
    office, legal = reviewers()
    record_clearances(item=item, office_reviewer=office, legal_reviewer=legal)
    with pytest.raises(IllegalTransition):
        import_historical_item(actor=importer, data={}, item=item)
    assert DisclosureItem.objects.get(pk=item.pk).state == State.DRAFT


def test_a_withdrawn_import_goes_public_again_only_through_both_reviews(importer):
    from review import services
    from tests.review.factories import World

    world = World()
    item = _imported(importer)
    services.withdraw_item(item=item, actor=world.office1, reason="内容已过时")
    item.refresh_from_db()
    assert item.state == State.WITHDRAWN and item.imported_at is None and item.imported_revision == ""
    event = AuditEvent.objects.get(action="review.item.withdrawn", target_id=str(item.pk))
    assert event.data["cleared_by"]["imported"] is not None
    with pytest.raises(IntegrityError), transaction.atomic():
        DisclosureItem.objects.filter(pk=item.pk).update(state=State.PUBLISHED)
