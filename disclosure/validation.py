"""What must hold before an item may be submitted for review.

Art. 12: the catalogue gives at least index number, name, summary and date formed; we
also require the publisher and topic. Other parts of disclosure register extra checks
per kind (the annual report registers its table balance check)."""

from collections.abc import Callable

from .choices import Attribute
from .models import DisclosureItem

_checks: dict[str, list[Callable[[DisclosureItem], list[str]]]] = {}


def register_check(kind: str, check: Callable[[DisclosureItem], list[str]]) -> None:
    """Add `check(item) -> [problem, …]` for items of `kind`."""
    _checks.setdefault(kind, [])
    if check not in _checks[kind]:
        _checks[kind].append(check)


def catalogue_problems(item: DisclosureItem) -> list[str]:
    problems = []
    if not (item.title or "").strip():
        problems.append("缺少名称")
    if not (item.summary or "").strip():
        problems.append("缺少内容概述")
    if item.formed_on is None:
        problems.append("缺少生成日期")
    if item.publisher_id is None:
        problems.append("缺少发布机构")
    if item.topic_id is None:
        problems.append("缺少主题分类")
    if item.proposed_attribute == Attribute.WITHHELD and not item.proposed_ground:
        problems.append("拟不予公开的，须注明理由（条例第十四条至第十六条）")
    return problems


def submission_problems(item: DisclosureItem) -> list[str]:
    """Every reason the item cannot be submitted now (empty when it can)."""
    problems = catalogue_problems(item)
    for check in _checks.get(item.kind, []):
        problems.extend(check(item))
    return problems
