"""Reviewers, drafters and items for the workflow tests, built through the services."""

import datetime

from django.utils import timezone

from disclosure.choices import Attribute, DisclosureForm
from disclosure.models import Topic
from review import services
from review.permissions import (
    DRAFTERS,
    LEGAL_REVIEWERS,
    OFFICE_REVIEWERS,
    ensure_department_membership,
    ensure_role_groups,
)
from review.selectors import pending_step
from review.services import create_item
from tests.portal.factories import (
    DepartmentFactory,
    LegalAffairsFactory,
    OfficeFactory,
    SiteProfileFactory,
    UserFactory,
)


class World:
    """Two drafting departments, the Office and Legal Affairs, two people in each role."""

    def __init__(self):
        SiteProfileFactory()
        groups = ensure_role_groups()
        self.office = OfficeFactory()
        self.legal = LegalAffairsFactory()
        self.zzb = DepartmentFactory(code="ZZB", name="政治部")
        self.xfzx = DepartmentFactory(code="XFZX", name="刑罚执行处")

        def user(username, dept, group):
            u = UserFactory(username=username, department=dept)
            u.groups.add(groups[group])
            ensure_department_membership(u)
            return type(u).objects.get(pk=u.pk)

        self.drafter = user("zzb1", self.zzb, DRAFTERS)
        self.drafter2 = user("zzb2", self.zzb, DRAFTERS)
        self.other_drafter = user("xfzx1", self.xfzx, DRAFTERS)
        self.office1 = user("bgs1", self.office, OFFICE_REVIEWERS)
        self.office2 = user("bgs2", self.office, OFFICE_REVIEWERS)
        self.legal1 = user("fzc1", self.legal, LEGAL_REVIEWERS)
        self.legal2 = user("fzc2", self.legal, LEGAL_REVIEWERS)
        # Holds the Office's permission but sits in a drafting department.
        self.impostor = user("zzb_imp", self.zzb, OFFICE_REVIEWERS)
        self.nobody = UserFactory(username="nobody", department=self.zzb)

    def fresh(self, user):
        return type(user).objects.get(pk=user.pk)


def item_data(**overrides) -> dict:
    data = {
        "title": "关于印发《监狱执法公开工作规定》的通知",
        "summary": "印发监狱执法公开工作规定。",
        "body": "<p>各监狱：</p><table><tbody><tr><td>项目</td><td>时限</td></tr></tbody></table>",
        "formed_on": datetime.date(2026, 11, 2),
        "document_number": "示狱发〔2026〕1号",
        "topic": Topic.objects.get(code="regulations"),
    }
    data.update(overrides)
    return data


def draft(world: World, *, by=None, **overrides):
    return create_item(actor=by or world.drafter, data=item_data(**overrides))


# Every state an item can be in ("repealed" is PUBLISHED with validity 已废止).
STATES = [
    "draft",
    "confidentiality_review",
    "referred",
    "attribute_review",
    "returned",
    "secret",
    "on_request",
    "withheld",
    "scheduled",
    "published",
    "repealed",
    "withdrawn",
]


def item_in(world: World, state: str, *, with_attachment: bool = False):
    """An item taken to `state` through the services: drafter submits, office1 clears or
    decides, legal1 determines, office2 repeals or withdraws."""
    item = draft(world)
    if with_attachment:
        services.add_item_attachment(item=item, actor=world.drafter, name="附件.pdf", content=b"%PDF-1.4 x")
    if state == "draft":
        return item
    services.submit_for_review(item=item, actor=world.drafter)
    step = pending_step(item)
    if state == "confidentiality_review":
        return item
    if state == "referred":
        services.refer_to_authority(step=step, actor=world.office1, authority="省国家保密局")
        return item
    if state == "returned":
        services.return_for_changes(step=step, actor=world.office1, comment="请修改")
        return item
    if state == "secret":
        services.withhold_as_secret(step=step, actor=world.office1, comment="属于国家秘密")
        return item
    services.clear_confidentiality(step=step, actor=world.office1)
    if state == "attribute_review":
        return item
    step = pending_step(item)
    attribute = {"on_request": Attribute.ON_REQUEST, "withheld": Attribute.WITHHELD}.get(state, Attribute.PROACTIVE)
    services.determine_attribute(
        step=step,
        actor=world.legal1,
        attribute=attribute,
        forms=[DisclosureForm.WEBSITE],
        ground="process_info" if state == "withheld" else "",
        publish_at=timezone.now() + timezone.timedelta(days=3) if state == "scheduled" else None,
    )
    if state == "repealed":
        services.repeal_item(item=item, actor=world.office2)
    if state == "withdrawn":
        services.withdraw_item(item=item, actor=world.office2, reason="内容需更新")
    return item
