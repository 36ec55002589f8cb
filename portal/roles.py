"""The role groups a fresh install needs, created by every `migrate` (post_migrate) and by
`manage.py init_site`, so that production does not depend on the demo loader.

Permissions are named as strings ("app_label.codename"): the kernel imports no app. An
administrator gives a member of staff a role by adding them to the group (admin → 用户 →
权限 → 组) and sets their department; the Office and Legal Affairs roles also need the
department's flag (机构 → 办公室/法制处)."""

from __future__ import annotations

ROLE_GROUPS: dict[str, list[str]] = {
    "起草人员": ["review.draft_items"],
    "保密审查人员（办公室）": ["review.confidentiality_review", "review.manage_published"],
    "公开属性认定人员（法制处）": ["review.attribute_review", "review.manage_published"],
    "申请经办人员": ["requests_app.handle_request"],
    "公开工作机构负责人": [
        "requests_app.handle_request",
        "requests_app.approve_extension",
        "requests_app.view_applicant_identity",
        "requests_app.manage_messages",
        "requests_app.view_message_identity",
    ],
    "留言办理人员（办公室）": ["requests_app.manage_messages"],
    "留言答复人员（承办处室）": ["requests_app.answer_messages"],
    "年度报告编制人员": ["disclosure.manage_annual_report"],
    "网站健康检查人员": ["portal.view_site_check"],
    # The concern register: the Office keeps it; a department sees the entries it is responsible for.
    "舆情台账管理人员（办公室）": ["requests_app.keep_concern_register", "requests_app.view_concernentry"],
    "舆情处置人员（责任部门）": ["requests_app.view_concernentry"],
}


def ensure_role_groups(using: str = "default") -> dict[str, list[str]]:
    """Create the groups and give them their permissions (idempotent). Returns, per group,
    the permissions that do not exist (yet): post_migrate runs app by app."""
    from django.contrib.auth.models import Group, Permission

    missing: dict[str, list[str]] = {}
    for name, perms in ROLE_GROUPS.items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        found = []
        for perm in perms:
            app_label, codename = perm.split(".", 1)
            p = Permission.objects.using(using).filter(content_type__app_label=app_label, codename=codename).first()
            if p is None:
                missing.setdefault(name, []).append(perm)
            else:
                found.append(p)
        group.permissions.add(*found)
    return missing


# The roles of the publication workflow: the staff who work on what the site publishes (the
# consultations' staff pages open to them).
PUBLICATION_ROLES = ("起草人员", "保密审查人员（办公室）", "公开属性认定人员（法制处）")


def holds_publication_role(user) -> bool:
    return any(user.has_perm(perm) for name in PUBLICATION_ROLES for perm in ROLE_GROUPS[name])
