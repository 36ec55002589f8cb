"""Items in every workflow state, built through the services, and the public paths to probe."""

import datetime
from datetime import timedelta

from django.utils import timezone

from disclosure.choices import Attribute, ItemKind, WithholdGround
from disclosure.models import DisclosureItem
from review import services
from review.selectors import pending_step
from tests.review.factories import draft

# (label, what to do after drafting). Every label is a state the public must not see.
HIDDEN_STATES = [
    "draft",
    "confidentiality_review",
    "referred",
    "attribute_review",
    "returned",
    "secret",
    "on_request",
    "withheld",
    "scheduled",
    "withdrawn",
    "edited_after_office",
    "edited_after_both",
]

PUBLIC_PATHS = [
    "/items/{pk}/",
    "/items/{pk}/attachments/{att}/",
    "/catalogue/",
    "/search/?q={token}",
    "/feeds/atom/",
    "/feeds/json/",
    "/sitemap-items-1.xml",
    "/",
    "/news/",
]


def token(label: str, kind: str) -> str:
    return f"PROBE{label.replace('_', '')}{kind.replace('_', '')}X"


def build(world, label: str, kind: str = ItemKind.DOCUMENT) -> DisclosureItem:
    item = draft(
        world,
        kind=kind,
        title=f"闭环探针{token(label, kind)}",
        summary=f"探针{token(label, kind)}",
        formed_on=datetime.date(2026, 11, 2),
    )
    services.add_item_attachment(
        item=item, actor=world.drafter, name=f"{token(label, kind)}.pdf", content=f"%PDF-1.4 {label} {kind}".encode()
    )
    if label == "draft":
        return _fresh(item)
    services.submit_for_review(item=item, actor=world.drafter)
    step = pending_step(item)
    if label == "confidentiality_review":
        return _fresh(item)
    if label == "referred":
        services.refer_to_authority(step=step, actor=world.office1, authority="省国家保密局")
        return _fresh(item)
    if label == "returned":
        services.return_for_changes(step=step, actor=world.office1, comment="请修改")
        return _fresh(item)
    if label == "secret":
        services.withhold_as_secret(step=step, actor=world.office1, comment="涉密")
        return _fresh(item)
    services.clear_confidentiality(step=step, actor=world.office1)
    step = pending_step(item)
    if label == "attribute_review":
        return _fresh(item)
    if label == "edited_after_office":
        services.update_item(item=item, actor=world.drafter, data={"summary": f"改过{token(label, kind)}"})
        return _fresh(item)
    if label == "on_request":
        return services.determine_attribute(step=step, actor=world.legal1, attribute=Attribute.ON_REQUEST)
    if label == "withheld":
        return services.determine_attribute(
            step=step, actor=world.legal1, attribute=Attribute.WITHHELD, ground=WithholdGround.INTERNAL_AFFAIRS
        )
    if label in ("scheduled", "edited_after_both"):
        services.determine_attribute(
            step=step,
            actor=world.legal1,
            attribute=Attribute.PROACTIVE,
            forms=["website"],
            publish_at=timezone.now() + timedelta(days=30),
        )
        if label == "edited_after_both":
            services.update_item(item=item, actor=world.drafter, data={"summary": f"改过{token(label, kind)}"})
        return _fresh(item)
    if label == "withdrawn":
        services.determine_attribute(step=step, actor=world.legal1, attribute=Attribute.PROACTIVE, forms=["website"])
        services.withdraw_item(item=item, actor=world.office1, reason="撤回测试")
        return _fresh(item)
    if label == "published":
        return services.determine_attribute(
            step=step, actor=world.legal1, attribute=Attribute.PROACTIVE, forms=["website"]
        )
    raise ValueError(label)


def _fresh(item: DisclosureItem) -> DisclosureItem:
    return DisclosureItem.objects.get(pk=item.pk)
