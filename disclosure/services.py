"""State changes of published content. The publication workflow app (which imports this one)
is the normal path; `record_clearances` exists for the demo loader and the admin."""

import hashlib
import mimetypes
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from portal.audit import record
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


@transaction.atomic
def add_attachment(*, item: DisclosureItem, name: str, content: bytes, actor=None, content_type: str = "") -> Attachment:
    """Attach a file to an unpublished item; the item's revision hash changes with it."""
    if item.state == State.PUBLISHED:
        raise IllegalTransition("已发布的信息不能直接增加附件，请先撤回后修改")
    digest = hashlib.sha256(content).hexdigest()
    attachment = Attachment(
        item=item, name=name[:200], size=len(content), sha256=digest,
        content_type=content_type or mimetypes.guess_type(name)[0] or "application/octet-stream",
    )
    attachment.file.save(name, ContentFile(content), save=False)
    attachment.save()
    item.save(update_fields=[])
    record(action="item.attachment.added", actor=actor, target=item, data={"name": name, "sha256": digest})
    return attachment


@transaction.atomic
def record_clearances(
    *, item: DisclosureItem, office_reviewer, legal_reviewer, attribute: str = Attribute.PROACTIVE,
    forms: list[str] | None = None, actor=None,
) -> DisclosureItem:
    """Record both clearances of the current revision at once (demo loader and admin only).

    Seed plan 五(三): the Office's confidentiality review, then Legal Affairs' attribute
    determination; two different people, neither the drafter."""
    if actor is not None and not actor.has_perm("disclosure.record_clearance"):
        raise PermissionDenied("无权直接记录审查结果")
    if office_reviewer == legal_reviewer:
        raise ValidationError("保密审查与公开属性认定须由不同人员完成")
    if item.created_by_id and item.created_by_id in {office_reviewer.pk, legal_reviewer.pk}:
        raise ValidationError("起草人不能审查自己起草的信息")
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
    record(action="item.clearances.recorded", actor=actor, target=item,
           data={"revision": item.content_hash, "attribute": attribute,
                 "office": office_reviewer.pk, "legal": legal_reviewer.pk})
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
    record(action="item.published", actor=actor, target=item,
           data={"index_number": item.index_number, "revision": item.content_hash})
    item_published.send(sender=DisclosureItem, item=item, actor=actor)
    return item
