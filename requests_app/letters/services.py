"""State changes of letters: issuing (numbering and freezing), the reply draft and its
sign-off, corrections. Each runs inside the caller's transaction or its own, and audits."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from portal import workdays
from portal.audit import record
from portal.lookups import published_item
from portal.models import SiteProfile
from portal.notifications import notify_on_commit, notify_users
from portal.sequences import next_value

from ..choices import EventType
from ..models import InformationRequest, RequestEvent
from . import compose
from .compose import LetterIncomplete, Sender, Subject
from .kinds import FIELD_LABELS, OBJECTION_FIELDS, REPLY_TYPES, ReplyType
from .models import Letter, LetterKind, ReplyApproval, ReplyDraft
from .permissions import ensure_can_approve

EVENT_KINDS = {
    EventType.SUPPLEMENT_REQUESTED: LetterKind.SUPPLEMENT_NOTICE,
    EventType.CONSULTATION_SENT: LetterKind.CONSULTATION_LETTER,
    EventType.EXTENDED: LetterKind.EXTENSION_NOTICE,
    EventType.FEE_NOTIFIED: LetterKind.FEE_NOTICE,
}


def sender_for(actor, profile: SiteProfile | None = None) -> Sender:
    """Who signs: the body and its contacts from the site profile, the issuing staff member
    as contact person. A letter cannot go out before the profile is filled in."""
    profile = profile or SiteProfile.current()
    if not profile.is_configured:
        raise LetterIncomplete(
            "网站信息尚未填写（机关名称、联系电话等），不能出具文书；请管理员先在管理后台填写“网站信息”"
        )
    contact = actor.display_name if actor is not None and getattr(actor, "is_authenticated", False) else ""
    payment = profile.fee_payment_instructions or (
        f"请持本通知到{profile.office_name}（{profile.office_address}）办理缴费，或致电{profile.office_phone}咨询缴费方式"
    )
    return Sender(
        org_name=profile.org_name,
        phone=profile.office_phone,
        contact_person=contact,
        date_style=profile.letter_date_style,
        reconsideration_body=profile.reconsideration_body,
        reconsideration_address=profile.reconsideration_address,
        court_venue=profile.court_venue,
        fee_payment_instructions=payment,
    )


def subject_for(request: InformationRequest) -> Subject:
    return Subject(
        reference=request.reference,
        applicant_name=request.applicant_name,
        received_on=request.received_on,
        description=request.description,
    )


def format_number(pattern: str, year: int, n: int) -> str:
    if "{n}" not in pattern:
        raise LetterIncomplete("网站信息中的文书编号格式必须包含顺序号 {n}")
    try:
        return pattern.format(year=year, n=n)
    except (KeyError, IndexError, ValueError):
        raise LetterIncomplete("网站信息中的文书编号格式有误，只能使用 {year} 和 {n}") from None


def _store(
    *,
    request: InformationRequest,
    kind: str,
    issued_on: date,
    actor,
    build,
    event: RequestEvent | None = None,
    outcome: str = "",
    addressee: str = "",
    to_applicant: bool = True,
    replaces: Letter | None = None,
    preface: str = "",
) -> Letter:
    """Compose once with a dummy number (so an incomplete letter uses no number), then take
    the next number of the year from the gap-free counter and freeze the text."""
    pattern = SiteProfile.current().letter_number_pattern
    format_number(pattern, issued_on.year, 1)
    _with_preface(build("（文书编号）"), preface)
    while True:
        serial = next_value(f"letters:number:{issued_on.year}")
        number = format_number(pattern, issued_on.year, serial)
        if not Letter.objects.filter(number=number).exists():
            break
    text = _with_preface(build(number), preface)
    letter = Letter.objects.create(
        request=request,
        event=event,
        kind=kind,
        number=number,
        year=issued_on.year,
        serial=serial,
        issued_on=issued_on,
        outcome=outcome,
        addressee=addressee or request.applicant_name,
        to_applicant=to_applicant,
        text=text,
        replaces=replaces,
        issued_by=actor if getattr(actor, "pk", None) else None,
    )
    record(
        action=f"requests.letter.issued.{kind}",
        actor=actor,
        target=request,
        data={
            "letter": letter.pk,
            "number": number,
            "sha256": letter.sha256,
            "replaces": replaces.number if replaces else None,
        },
    )
    return letter


def _with_preface(text: str, preface: str) -> str:
    """A correction's statement goes right after the addressee line."""
    if not preface:
        return text
    paras = text.split("\n\n")
    return "\n\n".join([*paras[:3], preface, *paras[3:]])


# --- letters that accompany a step of the office ------------------------------------------


def _event_builder(event: RequestEvent, request: InformationRequest, actor, issued_on: date | None = None):
    """(addressee, to the applicant?, build(number) -> text) for a step's notice, dated
    `issued_on` (the step's own date unless a correction is issued later)."""
    sender, subject = sender_for(actor), subject_for(request)
    on = issued_on or event.on
    data = event.data or {}
    cal = workdays.current()
    if event.type == EventType.SUPPLEMENT_REQUESTED:
        by = data.get("supplement_by")
        by = date.fromisoformat(by) if isinstance(by, str) else by
        return (
            request.applicant_name,
            True,
            lambda n: compose.compose_supplement_notice(
                what=data.get("letter", ""), supplement_by=by, sender=sender, subject=subject, number=n, issued_on=on
            ),
        )
    if event.type == EventType.CONSULTATION_SENT:
        party = data.get("party", "")
        information = data.get("letter") or request.description
        answer_by = cal.add_workdays(event.on, 15)
        return (
            party,
            False,
            lambda n: compose.compose_consultation_letter(
                kind=data.get("kind", "third_party"),
                party=party,
                information=information,
                answer_by=answer_by,
                sender=sender,
                subject=subject,
                number=n,
                issued_on=on,
            ),
        )
    if event.type == EventType.EXTENDED:
        return (
            request.applicant_name,
            True,
            lambda n: compose.compose_extension_notice(
                reason=data.get("reason", ""),
                days=data.get("days"),
                due_on=request.due_on,
                sender=sender,
                subject=subject,
                number=n,
                issued_on=on,
            ),
        )
    if event.type == EventType.FEE_NOTIFIED:
        method = data.get("method", "per_request")
        count = data.get("count", data.get("position"))
        amount = data.get("amount_yuan", data.get("amount"))
        pay_by = cal.add_workdays(event.on, 20)
        return (
            request.applicant_name,
            True,
            lambda n: compose.compose_fee_notice(
                method=method,
                count=count,
                amount_yuan=amount,
                pay_by=pay_by,
                sender=sender,
                subject=subject,
                number=n,
                issued_on=on,
            ),
        )
    raise LetterIncomplete("该办理事项没有对应的文书")


def issue_event_letter(*, event: RequestEvent, actor, request: InformationRequest | None = None) -> Letter:
    """The notice that goes with a step (补正告知书 Art. 30, 征求意见函 Art. 32/34, 延期答复告知书
    Art. 33, 收费通知书 Art. 42), frozen when the step is recorded. Call inside the step's
    transaction, after the clock was recomputed (the extension notice quotes the new date)."""
    request = request or event.request
    addressee, to_applicant, build = _event_builder(event, request, actor)
    return _store(
        request=request,
        kind=EVENT_KINDS[event.type],
        issued_on=event.on,
        actor=actor,
        build=build,
        event=event,
        addressee=addressee,
        to_applicant=to_applicant,
    )


@transaction.atomic
def issue_third_party_notice(
    *, request: InformationRequest, actor, on: date, party: str, content: str, reasons: str
) -> Letter:
    """Art. 32: the office discloses over a third party's reasoned objection because
    withholding would seriously harm the public interest, and tells the third party
    in writing what it will disclose and why."""
    from ..permissions import ensure_can_handle

    ensure_can_handle(actor, request)
    return _third_party_notice(request=request, actor=actor, on=on, party=party, content=content, reasons=reasons)


def _consulted_third_party(request: InformationRequest) -> bool:
    return any(
        e.type == EventType.CONSULTATION_SENT and (e.data or {}).get("kind", "third_party") == "third_party"
        for e in request.events.all()
    )


def _third_party_notice(
    *, request: InformationRequest, actor, on: date, party: str, content: str, reasons: str
) -> Letter:
    if not _consulted_third_party(request):
        raise LetterIncomplete("办理记录中没有向第三方征求意见，不能出具第三方告知书", "party")
    sender, subject = sender_for(actor), subject_for(request)
    return _store(
        request=request,
        kind=LetterKind.THIRD_PARTY_NOTICE,
        issued_on=on,
        actor=actor,
        addressee=party.strip(),
        to_applicant=False,
        build=lambda n: compose.compose_third_party_notice(
            party=party.strip(),
            content=content,
            reasons=reasons,
            sender=sender,
            subject=subject,
            number=n,
            issued_on=on,
        ),
    )


# --- the reply and its sign-off -------------------------------------------------------------


def _history(request: InformationRequest) -> dict[str, Any]:
    """The earlier steps a reply type relies on (the supplement notice, the unpaid fee notice)."""
    events = list(request.events.all())
    letters = {lt.event_id: lt.number for lt in request.letters.all() if lt.event_id}
    out: dict[str, Any] = {}
    for ev in events:
        if ev.type == EventType.SUPPLEMENT_REQUESTED:
            by = ev.data.get("supplement_by")
            out["supplement"] = {
                "on": ev.on,
                "supplement_by": date.fromisoformat(by) if isinstance(by, str) else by,
                "number": letters.get(ev.pk, ""),
            }
    asked = [e for e in events if e.type == EventType.REASONS_REQUESTED]
    if asked:
        out["reasons"] = {"on": asked[-1].on}
    fees = [e for e in events if e.type == EventType.FEE_NOTIFIED]
    paid = [e for e in events if e.type == EventType.FEE_PAID]
    if len(fees) > len(paid):
        ev = fees[-1]
        out["fee"] = {"on": ev.on, "number": letters.get(ev.pk, "")}
    return out


def _reply_builder(draft: ReplyDraft, *, request: InformationRequest, actor, on: date, history: dict):
    """The reply letter of this draft as it reads with a given number (composed once as a dry
    run before a number is taken, then for real)."""
    sender, subject = sender_for(actor), subject_for(request)

    def build(number: str) -> str:
        return compose.compose_reply(
            reply_type=draft.reply_type,
            fields=draft.fields,
            history=history,
            sender=sender,
            subject=subject,
            number=number,
            issued_on=on,
            on_spot=draft.on_spot,
        )

    return build


def _check_history(rtype: ReplyType, history: dict, on: date) -> None:
    if rtype.history in ("supplement", "supplement_lapsed") and "supplement" not in history:
        raise LetterIncomplete("办理记录中没有补正告知，不能以此类型答复", "reply_type")
    if rtype.history == "supplement_lapsed" and history["supplement"]["supplement_by"] >= on:
        raise LetterIncomplete(
            f"补正期限{history['supplement']['supplement_by']}尚未届满，不能视为逾期不补正", "reply_type"
        )
    if rtype.history == "fee_unpaid" and "fee" not in history:
        raise LetterIncomplete("办理记录中没有未缴费的收费通知，不能以此类型答复", "reply_type")
    if rtype.history == "reasons" and "reasons" not in history:
        raise LetterIncomplete("办理记录中没有“要求说明理由”，不能以此类型答复（第三十五条）", "reply_type")


def normalise_fields(rtype: ReplyType, fields: dict[str, Any]) -> dict[str, Any]:
    """Keep only the parts this type uses; resolve a picked published item to its title,
    index number and address (copied, so the letter does not change when the item does)."""
    from django.conf import settings

    keep = set(rtype.required) | set(rtype.optional)
    if rtype.code.startswith("withheld."):
        keep.add("reasons")
    out: dict[str, Any] = {}
    for key in keep:
        value = fields.get(key)
        if isinstance(value, str):
            value = value.strip()
        if isinstance(value, date):
            value = value.isoformat()
        if key == "item" and value not in (None, ""):
            pk = value.get("pk") if isinstance(value, dict) else value
            ref = published_item(int(pk))
            if ref is None:
                raise LetterIncomplete("所选信息不存在或未发布，请重新选择", "item")
            value = {
                "pk": ref.pk,
                "title": ref.title,
                "index_number": ref.index_number,
                "url": settings.SITE_URL + ref.path,
            }
        if key == "parts":
            value = [
                {k: (p.get(k) or "").strip() for k in ("part", "ground", "reasons")}
                for p in (value or [])
                if any((p.get(k) or "").strip() for k in ("part", "reasons"))
            ]
        if value not in (None, "", []):
            out[key] = value
    return out


def _content_hash(draft_type: str, fields: dict, on_spot: bool) -> str:
    blob = json.dumps({"type": draft_type, "fields": fields, "on_spot": on_spot}, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def preview_reply(
    *, request: InformationRequest, reply_type: str, fields: dict, actor, on: date, on_spot: bool = False
) -> str:
    """The reply's text as it would be issued today (with a placeholder number); raises
    LetterIncomplete naming the first missing part."""
    rtype = REPLY_TYPES.get(reply_type)
    if rtype is None:
        raise LetterIncomplete("请选择答复类型", "reply_type")
    history = _history(request)
    _check_history(rtype, history, on)
    return compose.compose_reply(
        reply_type=reply_type,
        fields=fields,
        history=history,
        sender=sender_for(actor),
        subject=subject_for(request),
        number="（文书编号）",
        issued_on=on,
        on_spot=on_spot,
    )


@transaction.atomic
def draft_reply(
    *, request: InformationRequest, actor, reply_type: str, fields: dict[str, Any], on: date, on_spot: bool = False
) -> ReplyDraft:
    """The handler prepares a reply (Art. 36–39). Every part the type requires must be there;
    a reply that withholds anything waits for sign-off (Art. 17, 45)."""
    from ..permissions import ensure_can_handle

    ensure_can_handle(actor, request)
    if request.status == "closed":
        raise LetterIncomplete("该申请已办结，不能再拟写答复", "reply_type")
    rtype = REPLY_TYPES.get(reply_type)
    if rtype is None:
        raise LetterIncomplete("请选择答复类型", "reply_type")
    fields = normalise_fields(rtype, fields)
    preview_reply(request=request, reply_type=reply_type, fields=fields, actor=actor, on=on, on_spot=on_spot)
    _check_objection(request, fields)
    for old in request.reply_drafts.filter(state__in=[ReplyDraft.State.AWAITING_SIGNOFF, ReplyDraft.State.READY]):
        old.state = ReplyDraft.State.WITHDRAWN
        old.save(update_fields=["state"])
        record(action="requests.reply_draft.withdrawn", actor=actor, target=request, data={"draft": old.pk})
    draft = ReplyDraft.objects.create(
        request=request,
        reply_type=reply_type,
        outcome=rtype.outcome,
        fields=fields,
        on_spot=on_spot,
        state=ReplyDraft.State.AWAITING_SIGNOFF if rtype.withholds else ReplyDraft.State.READY,
        content_hash=_content_hash(reply_type, fields, on_spot),
        drafted_by=actor,
    )
    record(
        action="requests.reply_draft.created",
        actor=actor,
        target=request,
        data={"draft": draft.pk, "reply_type": reply_type, "outcome": rtype.outcome, "hash": draft.content_hash},
    )
    if rtype.withholds:
        notify_on_commit(_notify_signoff, draft.pk)
    return draft


def _notify_signoff(draft_pk: int) -> None:
    """Tell the head (and, for a partial disclosure, the Office's reviewers) a reply waits."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q
    from django.urls import reverse

    from ..permissions import heads

    draft = ReplyDraft.objects.select_related("request").get(pk=draft_pk)
    users = [u for u in heads() if u.pk != draft.drafted_by_id]
    if REPLY_TYPES[draft.reply_type].needs_office_review:
        reviewers = (
            get_user_model()
            .objects.filter(is_active=True, department__is_office=True)
            .filter(
                Q(user_permissions__codename="review_reply_release")
                | Q(groups__permissions__codename="review_reply_release")
            )
            .distinct()
        )
        users += [u for u in reviewers if u.pk != draft.drafted_by_id and u not in users]
    notify_users(
        users=users,
        message=f"申请 {draft.request.reference} 的答复书不予公开全部或部分信息，待审批",
        url=reverse("requests:reply_draft", args=[draft.request_id, draft.pk]),
    )


def _check_objection(request: InformationRequest, fields: dict) -> None:
    """Disclosing over a third party's objection: all three parts, and a consultation on record."""
    given = [k for k in OBJECTION_FIELDS if fields.get(k)]
    if not given:
        return
    for key in OBJECTION_FIELDS:
        compose.require(fields.get(key), FIELD_LABELS[key], key)
    if not _consulted_third_party(request):
        raise LetterIncomplete("办理记录中没有向第三方征求意见，不能出具第三方告知书", "objection_party")


def missing_approvals(draft: ReplyDraft) -> list[str]:
    rtype = REPLY_TYPES[draft.reply_type]
    needed = []
    if rtype.withholds:
        needed.append(ReplyApproval.Role.HEAD)
    if rtype.needs_office_review:
        needed.append(ReplyApproval.Role.OFFICE)
    have = {a.role for a in draft.approvals.all() if a.draft_hash == draft.content_hash}
    return [r for r in needed if r not in have]


@transaction.atomic
def approve_reply(*, draft: ReplyDraft, actor, role: str, comment: str = "") -> ReplyApproval:
    """Sign-off of a refusal before it leaves: the disclosure office head approves (Art. 45),
    and for a partial disclosure the Office clears what is released (Art. 17). The drafter
    cannot approve their own draft."""
    draft = ReplyDraft.objects.select_for_update().get(pk=draft.pk)
    if draft.state != ReplyDraft.State.AWAITING_SIGNOFF:
        raise LetterIncomplete(f"该答复书草稿{draft.get_state_display()}，无需审批", "role")
    if role not in missing_approvals(draft):
        raise LetterIncomplete("该环节无需审批或已审批", "role")
    ensure_can_approve(actor, draft, role)
    approval = ReplyApproval.objects.create(
        draft=draft, role=role, approver=actor, draft_hash=draft.content_hash, comment=comment.strip()[:300]
    )
    if not missing_approvals(draft):
        draft.state = ReplyDraft.State.READY
        draft.save(update_fields=["state"])
    record(
        action=f"requests.reply_draft.approved.{role}",
        actor=actor,
        target=draft.request,
        data={"draft": draft.pk, "hash": draft.content_hash, "role": role},
    )
    return approval


@transaction.atomic
def issue_reply(*, draft: ReplyDraft, actor, on: date, documents: list | None = None) -> Letter:
    """Issue the reply: number it, freeze its text, record the reply (or the answer on the
    spot) in the request's history and send it to the applicant."""
    from .. import services
    from ..permissions import ensure_can_handle

    draft = ReplyDraft.objects.select_for_update().select_related("request").get(pk=draft.pk)
    request = draft.request
    ensure_can_handle(actor, request)
    if draft.state == ReplyDraft.State.ISSUED:
        raise LetterIncomplete("该答复书已经出具", "on")
    if draft.state == ReplyDraft.State.WITHDRAWN:
        raise LetterIncomplete("该答复书草稿已撤回", "on")
    missing = missing_approvals(draft)
    if missing:
        names = "、".join(ReplyApproval.Role(r).label for r in missing)
        raise PermissionDenied(f"该答复不予公开全部或部分信息，须经{names}后才能出具")
    if draft.on_spot and on != request.received_on:
        raise LetterIncomplete(f"当场答复的答复书应于收到申请之日（{request.received_on}）出具", "on")
    rtype = REPLY_TYPES[draft.reply_type]
    history = _history(request)
    _check_history(rtype, history, on)
    build = _reply_builder(draft, request=request, actor=actor, on=on, history=history)
    build("（文书编号）")
    event = services.record_reply(
        request=request,
        actor=actor,
        on=on,
        outcome=draft.outcome,
        on_spot=draft.on_spot,
        documents=documents,
        signed_off=True,
    )
    letter = _store(
        request=request,
        kind=LetterKind.REPLY,
        issued_on=on,
        actor=actor,
        build=build,
        event=event,
        outcome=draft.outcome,
    )
    if draft.fields.get("objection_party"):
        _third_party_notice(
            request=request,
            actor=actor,
            on=on,
            party=draft.fields["objection_party"],
            content=draft.fields["objection_content"],
            reasons=draft.fields["objection_reasons"],
        )
    draft.state = ReplyDraft.State.ISSUED
    draft.letter = letter
    draft.save(update_fields=["state", "letter"])
    services.send_reply_notice(request=request, event=event, letter=letter)
    return letter


@transaction.atomic
def correct_letter(*, letter: Letter, actor, on: date, reason: str) -> Letter:
    """A correction is a new letter citing the one it replaces; the old text stays as it was.
    The corrected letter is composed from today's data with the same number kind."""
    from ..permissions import ensure_can_handle

    letter = Letter.objects.select_for_update(of=("self",)).select_related("request", "event").get(pk=letter.pk)
    request = letter.request
    ensure_can_handle(actor, request)
    if Letter.objects.filter(replaces=letter).exists():
        raise LetterIncomplete("该文书已被更正，请更正最新的文书", "reason")
    preface = compose.correction_preface(
        replaced_number=letter.number,
        replaced_on=letter.issued_on,
        reason=reason,
        style=SiteProfile.current().letter_date_style,
    )
    if letter.kind == LetterKind.REPLY:
        draft = ReplyDraft.objects.get(letter=letter)
        build = _reply_builder(draft, request=request, actor=actor, on=on, history=_history(request))
        addressee, to_applicant = letter.addressee, letter.to_applicant
    elif letter.event is not None:
        addressee, to_applicant, build = _event_builder(letter.event, request, actor, issued_on=on)
    else:
        raise LetterIncomplete("第三方告知书请重新出具", "reason")
    return _store(
        request=request,
        kind=letter.kind,
        issued_on=on,
        actor=actor,
        build=build,
        event=letter.event,
        outcome=letter.outcome,
        addressee=addressee,
        to_applicant=to_applicant,
        replaces=letter,
        preface=preface,
    )
