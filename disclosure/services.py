"""State changes of published content. The publication workflow app (which imports this one)
is the only path to publication through both reviews; `import_historical_item` brings in
what was published before the portal existed, marked as such."""

import hashlib
import mimetypes
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from portal.audit import record
from portal.html import sanitize
from portal.models import SiteProfile
from portal.sequences import next_value

from .choices import Attribute, DisclosureForm, State
from .models import Attachment, DisclosureItem
from .signals import item_published


class WorkflowError(ValidationError):
    """An action on an item that cannot be taken now; the message says what to do instead.
    The publication workflow raises its own errors as subclasses of this one."""

    @property
    def message_text(self) -> str:
        return "；".join(self.messages)


class IllegalTransition(WorkflowError):
    """The item's current state does not allow this action (one class for disclosure and the
    workflow built on it)."""


def assign_index_number(*, item: DisclosureItem) -> str:
    """索引号 `<org code>/<year>-<5-digit serial>` (docs/domain.md §2); a serial is never reused."""
    if item.index_number:
        return item.index_number
    profile = SiteProfile.current()
    year = (item.formed_on or timezone.localdate()).year
    serial = next_value(f"index:{profile.org_code}:{year}")
    item.index_number = f"{profile.org_code}/{year}-{serial:05d}"
    return item.index_number


# What the body sanitiser and the search index read.
SEARCHED_FIELDS = ("title", "summary", "body", "document_number")


@transaction.atomic
def save_content(*, item: DisclosureItem, update_fields=None) -> DisclosureItem:
    """Save an item whose content was written (created or edited): the body is sanitised
    and the search index of the item rewritten, once per write (not on every save)."""
    from .search import index_items

    item.body = sanitize(item.body)
    if update_fields is not None:
        update_fields = {*update_fields, "body"}
    item.save(update_fields=update_fields)
    index_items([item])
    return item


@transaction.atomic
def add_attachment(
    *, item: DisclosureItem, name: str, content: bytes, actor=None, content_type: str = ""
) -> Attachment:
    """Attach a file to an unpublished item; the item's revision hash changes with it."""
    if item.state == State.PUBLISHED:
        raise IllegalTransition("已发布的信息不能直接增加附件，请先撤回后修改")
    digest = hashlib.sha256(content).hexdigest()
    attachment = Attachment(
        item=item,
        name=name[:200],
        size=len(content),
        sha256=digest,
        content_type=content_type or mimetypes.guess_type(name)[0] or "application/octet-stream",
    )
    attachment.file.save(name, ContentFile(content), save=False)
    attachment.save()
    item.save(update_fields=[])
    record(action="item.attachment.added", actor=actor, target=item, data={"name": name, "sha256": digest})
    return attachment


HISTORICAL_FIELDS = (
    "kind",
    "title",
    "summary",
    "body",
    "formed_on",
    "document_number",
    "publisher",
    "topic",
    "doc_type",
    "validity",
    "repealed_on",
    "report_year",
)


def ensure_can_import_historical(actor) -> None:
    if actor is None or not actor.is_active or not actor.has_perm("disclosure.import_historical_items"):
        raise PermissionDenied("只有具有“导入历史公开信息”权限的人员可以导入历史信息")


@transaction.atomic
def import_historical_item(
    *,
    actor,
    data: dict,
    published_at: datetime | None = None,
    source: str = "",
    item: DisclosureItem | None = None,
) -> DisclosureItem:
    """Bring in an item that was published before this portal existed (历史导入).

    It is published with the explicit mark, never with clearances in anyone's name: the
    audit event names the importing user, and the database constraint admits the mark
    only for the revision imported. An existing item may be imported only if it is a
    draft that has never been cleared nor sent for review."""
    ensure_can_import_historical(actor)
    if item is None:
        item = DisclosureItem(created_by=actor, state=State.DRAFT)
    else:
        item = DisclosureItem.objects.select_for_update().get(pk=item.pk)
        if item.state != State.DRAFT or item.confidentiality_cleared_at or item.attribute_determined_at:
            raise IllegalTransition(f"《{item.title}》当前状态为“{item.get_state_display()}”，不能作为历史信息导入")
    for name in HISTORICAL_FIELDS:
        if name in data:
            setattr(item, name, data[name])
    save_content(item=item)  # sanitised and tokenised once, so search finds the imported item
    item.attribute = Attribute.PROACTIVE
    item.disclosure_forms = [DisclosureForm.WEBSITE]
    item.imported_at = timezone.now()
    item.imported_revision = item.content_hash
    assign_index_number(item=item)
    item.state = State.PUBLISHED
    item.published_at = published_at or item.imported_at
    item.save(
        update_fields=[
            "attribute",
            "disclosure_forms",
            "imported_at",
            "imported_revision",
            "index_number",
            "state",
            "published_at",
        ]
    )
    record(
        action="item.imported_historical",
        actor=actor,
        target=item,
        data={
            "revision": item.content_hash,
            "index_number": item.index_number,
            "source": source,
            "published_at": item.published_at.isoformat(),
        },
    )
    item_published.send(sender=DisclosureItem, item=item, actor=actor)
    return item


@transaction.atomic
def publish_item(*, item: DisclosureItem, actor=None, at: datetime | None = None) -> DisclosureItem:
    """Make a cleared 主动公开 item public and give it its index number (Art. 12, 26).

    The database constraint refuses this unless both clearances match the revision."""
    item = DisclosureItem.objects.select_for_update().get(pk=item.pk)
    if item.state == State.PUBLISHED:
        raise IllegalTransition("该信息已发布")
    if not item.clearances_current:
        raise IllegalTransition("该信息当前版本未同时通过保密审查和公开属性认定，不能发布")
    if item.attribute != Attribute.PROACTIVE:
        raise IllegalTransition("只有认定为主动公开的信息才能发布")
    assign_index_number(item=item)
    item.state = State.PUBLISHED
    item.published_at = at or timezone.now()
    item.scheduled_for = None
    item.save(update_fields=["state", "index_number", "published_at", "scheduled_for"])
    record(
        action="item.published",
        actor=actor,
        target=item,
        data={"index_number": item.index_number, "revision": item.content_hash},
    )
    item_published.send(sender=DisclosureItem, item=item, actor=actor)
    return item
