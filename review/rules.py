"""The publication rules in one place (seed plan 五(三); Art. 17, 18, 26).

Every action on an item is one row of `ACTIONS`: the states it may start from, the
states it may lead to, who may take it (role and separation of duties, from
permissions.py) and the service that takes it. Services call `ensure_allowed` before
changing anything; `selectors.allowed_actions(item, user)` asks the same rows for the
views, the templates and the admin. Nothing else decides what is possible."""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from disclosure.choices import State, Validity
from disclosure.models import DisclosureItem

from . import permissions as perms
from .choices import REEVALUATED, Outcome, StepKind, StepStatus
from .errors import AlreadyDecided, IllegalTransition


@dataclass(frozen=True)
class Action:
    name: str
    label: str  # what the person does, as a button says it
    sources: frozenset
    targets: frozenset  # where it may lead; the source itself when it keeps the state
    check: Callable  # (user, item) -> None, raises PermissionDenied
    service: str  # the function in review/services.py that takes it
    refused: str = ""  # "不能{refused}" when the state does not allow it
    step_kind: str = ""  # acts on the item's pending step of this kind
    condition: Callable | None = None  # (item) -> reason it is not possible now, or ""
    system: bool = False  # taken by the scan, never by a person

    def refusal(self, item: DisclosureItem) -> str:
        return f"该信息当前状态为“{state_label(item.state)}”，不能{self.refused or self.label}。"


def state_label(state: str) -> str:
    return dict(State.choices).get(state, state)


def _can_edit(user, item):
    perms.ensure_can_edit(user, item)


def _decide(kind):
    def check(user, item):
        perms.ensure_can_decide(user, item, kind)

    return check


def _manage(user, item):
    perms.ensure_can_manage_published(user)


def _system(user, item):
    raise PermissionDenied("该操作由系统按计划执行")


def _not_repealed(item) -> str:
    return "该信息已经标记为已废止。" if item.validity == Validity.REPEALED else ""


def _s(*states) -> frozenset:
    return frozenset(states)


# Where the drafting department may still edit: an edit in review or scheduled voids the
# clearances and takes the item back to draft.
EDITABLE = _s(
    State.DRAFT, State.RETURNED, State.WITHDRAWN, State.CONFIDENTIALITY_REVIEW, State.ATTRIBUTE_REVIEW, State.SCHEDULED
)
SUBMITTABLE = _s(State.DRAFT, State.RETURNED, State.WITHDRAWN)
# An edit in these states voids a review in progress or a clearance already given.
EDIT_VOIDS_REVIEW = _s(State.CONFIDENTIALITY_REVIEW, State.ATTRIBUTE_REVIEW, State.SCHEDULED)

_ROWS = [
    Action("edit", "修改内容或附件", EDITABLE, _s(State.DRAFT), _can_edit, "update_item", refused="修改"),
    Action("submit", "提交审查", SUBMITTABLE, _s(State.CONFIDENTIALITY_REVIEW), _can_edit, "submit_for_review"),
    Action(
        "clear",
        "保密审查通过",
        _s(State.CONFIDENTIALITY_REVIEW),
        _s(State.ATTRIBUTE_REVIEW),
        _decide(StepKind.CONFIDENTIALITY),
        "clear_confidentiality",
        refused="作出保密审查结论（已报请主管部门的，请登记其答复）",
        step_kind=StepKind.CONFIDENTIALITY,
    ),
    Action(
        "refer",
        "报请主管部门确定",
        _s(State.CONFIDENTIALITY_REVIEW),
        _s(State.REFERRED),
        _decide(StepKind.CONFIDENTIALITY),
        "refer_to_authority",
        step_kind=StepKind.CONFIDENTIALITY,
    ),
    Action(
        "secret",
        "认定涉密，不予公开",
        _s(State.CONFIDENTIALITY_REVIEW),
        _s(State.SECRET),
        _decide(StepKind.CONFIDENTIALITY),
        "withhold_as_secret",
        refused="认定为涉密信息",
        step_kind=StepKind.CONFIDENTIALITY,
    ),
    Action(
        "answer",
        "登记主管部门答复",
        _s(State.REFERRED),
        _s(State.ATTRIBUTE_REVIEW, State.SECRET),
        _decide(StepKind.CONFIDENTIALITY),
        "record_authority_answer",
        step_kind=StepKind.CONFIDENTIALITY,
    ),
    Action(
        "return_confidentiality",
        "退回修改",
        _s(State.CONFIDENTIALITY_REVIEW),
        _s(State.RETURNED),
        _decide(StepKind.CONFIDENTIALITY),
        "return_for_changes",
        step_kind=StepKind.CONFIDENTIALITY,
    ),
    Action(
        "determine",
        "认定公开属性",
        _s(State.ATTRIBUTE_REVIEW),
        _s(State.PUBLISHED, State.SCHEDULED, State.ON_REQUEST, State.WITHHELD),
        _decide(StepKind.ATTRIBUTE),
        "determine_attribute",
        step_kind=StepKind.ATTRIBUTE,
    ),
    Action(
        "return_attribute",
        "退回修改",
        _s(State.ATTRIBUTE_REVIEW),
        _s(State.RETURNED),
        _decide(StepKind.ATTRIBUTE),
        "return_for_changes",
        step_kind=StepKind.ATTRIBUTE,
    ),
    Action("publish_now", "立即发布", _s(State.SCHEDULED), _s(State.PUBLISHED), _manage, "publish_scheduled_now"),
    Action(
        "publish_due",
        "按计划发布",
        _s(State.SCHEDULED),
        _s(State.PUBLISHED),
        _system,
        "publish_due",
        refused="发布",
        system=True,
    ),
    Action(
        "repeal",
        "标记为已废止",
        _s(State.PUBLISHED),
        _s(State.PUBLISHED),
        _manage,
        "repeal_item",
        refused="废止",
        condition=_not_repealed,
    ),
    Action("withdraw", "撤回", _s(State.PUBLISHED, State.SCHEDULED), _s(State.WITHDRAWN), _manage, "withdraw_item"),
    Action(
        "reevaluate",
        "复核公开属性",
        _s(*REEVALUATED),
        _s(State.CONFIDENTIALITY_REVIEW),
        perms.ensure_can_reevaluate,
        "reevaluate_item",
    ),
]
ACTIONS: dict[str, Action] = {row.name: row for row in _ROWS}

# The legal state changes, derived from the table (STYLE.md §3).
TRANSITIONS: dict[str, set[str]] = {}
for _row in _ROWS:
    for _source in _row.sources:
        TRANSITIONS.setdefault(_source, set()).update(_row.targets - {_source})


def ensure_permitted(name: str, *, item: DisclosureItem, actor) -> None:
    """Role and separation of duties only: views call it before reading input, so a
    person who may never take the action gets 403 rather than a form error."""
    ACTIONS[name].check(actor, item)


def _require_pending(step) -> None:
    if step.status != StepStatus.PENDING:
        who = step.decided_by or "系统"
        when = timezone.localtime(step.decided_at).strftime("%Y-%m-%d %H:%M") if step.decided_at else ""
        raise AlreadyDecided(
            f"该{step.get_kind_display()}环节已由{who}于{when}作出决定（{step.get_outcome_display()}），"
            "您的操作未被记录。请刷新页面查看最新状态。"
        )


def ensure_allowed(name: str, *, item: DisclosureItem, actor, step=None, target: str | None = None) -> Action:
    """The one door: raises unless `actor` may take action `name` on `item` now (its role,
    separation of duties, the step still pending, the item's state, the action's condition).
    `target`, when given, must be one of the states the action may lead to."""
    action = ACTIONS[name]
    if not action.system:
        action.check(actor, item)
    if step is not None:
        if action.step_kind and step.kind != action.step_kind:
            raise IllegalTransition(f"这是{step.get_kind_display()}环节，不能{action.label}。")
        _require_pending(step)
    if item.state not in action.sources:
        raise IllegalTransition(action.refusal(item))
    if target is not None and target != item.state and target not in action.targets:
        raise IllegalTransition(action.refusal(item))
    reason = action.condition(item) if action.condition else ""
    if reason:
        raise IllegalTransition(reason)
    return action


def edit_voids_review(item: DisclosureItem | None) -> bool:
    """Saving a change now voids a clearance already given or a review in progress."""
    if item is None:
        return False
    return bool(item.confidentiality_revision or item.attribute_revision) or item.state in EDIT_VOIDS_REVIEW


def item_flags(item: DisclosureItem, steps: list) -> dict:
    """What the staff item page marks, so that its template compares no states."""
    last = steps[-1] if steps else None
    returned = item.state == State.RETURNED and last is not None and last.outcome == Outcome.RETURNED
    return {
        "returned_step": last if returned else None,
        "withdrawn": item.state == State.WITHDRAWN,
        "not_in_force": item.validity != Validity.IN_FORCE,
        "historical_import": item.is_historical_import,
    }
