"""State changes of a request. Each writes its event and the audit entry in one
transaction, checks the history stays consistent (the importer's rules) and recomputes
the cached clock."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from portal import workdays
from portal.audit import record
from portal.dates import iso
from portal.sequences import next_value

from . import deadlines, lifecycle
from .choices import Channel, ConsultationKind, EventType, FeeMethod, Irregularity, Outcome, ReviewResult, Status
from .clock import apply as apply_clock
from .clock import clock_for, recompute
from .fees import fee_amount, fee_per_request
from .models import InformationRequest, RequestDocument, RequestEvent
from .notifications import (
    notify_applicant_extension,
    notify_applicant_receipt,
    notify_applicant_reply,
    notify_applicant_reply_letter,
    notify_applicant_submitted,
    notify_applicant_supplement,
    notify_handler_assigned,
)
from .permissions import ensure_can_extend, ensure_can_handle


class InvalidHistory(ValueError):
    """The action would make the request's history impossible (a message a person can act on)."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


APPLICANT_FIELDS = [
    "applicant_type",
    "applicant_name",
    "id_type",
    "id_number",
    "legal_representative",
    "contact_person",
    "phone",
    "email",
    "address",
    "postcode",
    "description",
    "purpose",
    "medium",
    "delivery",
]
QUERY_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def ledger_events(request: InformationRequest, events=None) -> list[dict[str, Any]]:
    """The request's events in the ledger's format (the receipt event is the row's received_on)."""
    return [
        lifecycle.to_ledger(ev.type, ev.on, ev.data)
        for ev in (events if events is not None else request.events.all())
        if ev.type != EventType.RECEIVED
    ]


def _next_reference(year: int) -> str:
    """`YYYY-NNNNN` from a counter per year (one short increment; see portal.sequences)."""
    return f"{year}-{next_value(f'requests:reference:{year}'):05d}"


def _reference_taken(reference: str) -> bool:
    return InformationRequest.objects.filter(reference=reference).exists()


def new_reference(year: int) -> str:
    """The next tracking number no request holds yet: the counter does not know the
    numbers of imported requests, so a number already taken is skipped."""
    while True:
        ref = _next_reference(year)
        if not _reference_taken(ref):
            return ref


def new_query_code() -> str:
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(10))


QUERY_CODE_HMAC_PREFIX = "hmac-sha256$"


def _query_code_digest(code: str, secret: str) -> str:
    key = hashlib.sha256(f"requests.query_code:{secret}".encode()).digest()
    return hmac.new(key, code.encode(), hashlib.sha256).hexdigest()


def hash_query_code(code: str) -> str:
    """The stored form of a query code: a keyed HMAC (key derived from SECRET_KEY).

    The code is a random 50-bit secret, not a password a person chose: without the key it
    cannot be guessed offline, so a slow password hash (0.4 s of CPU per submission) buys
    nothing."""
    return QUERY_CODE_HMAC_PREFIX + _query_code_digest(code, settings.SECRET_KEY)


def check_query_code(request: InformationRequest, code: str) -> bool:
    code = (code or "").strip().upper().replace("-", "").replace(" ", "")
    stored = request.query_code_hash
    if not stored:
        return False
    if stored.startswith(QUERY_CODE_HMAC_PREFIX):
        digest = stored.removeprefix(QUERY_CODE_HMAC_PREFIX)
        # Codes issued before a key rotation still open their request (SECRET_KEY_FALLBACKS).
        secrets_ = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
        return any(hmac.compare_digest(digest, _query_code_digest(code, s)) for s in secrets_)
    return check_password(code, stored)  # codes stored before the HMAC (password hashes)


def submit_request(
    *, data: dict[str, Any], files: list | None = None, source_ip: str | None = None, today: date | None = None
) -> tuple[InformationRequest, str]:
    """An applicant files a request online (Art. 29). The receipt date is set later, when
    the office confirms it with the applicant (Art. 31). Returns (request, query code).

    The code is hashed and the tracking number taken before the transaction that stores
    the request, so no lock is held while anything else happens. A number an imported
    request already holds is refused by the unique index and the next one taken."""
    today = today or timezone.localdate()
    code = new_query_code()
    code_hash = hash_query_code(code)
    while True:
        reference = _next_reference(today.year)
        try:
            req = _store_submission(
                reference=reference,
                today=today,
                data=data,
                files=files,
                code=code,
                code_hash=code_hash,
                source_ip=source_ip,
            )
        except IntegrityError:
            # The number is held by an imported request (the unique index refused it before
            # anything else was written): take the next. Asking first would cost every
            # submission a query for what happens only after an import.
            if not _reference_taken(reference):
                raise
            continue
        return req, code


def _attach(request: InformationRequest, uploads: list | None, *, kind: str, event: RequestEvent | None = None) -> None:
    """Store checked uploads ((file, content type) pairs, see forms) as the request's documents."""
    for upload, content_type in uploads or []:
        RequestDocument.objects.create(
            request=request,
            event=event,
            kind=kind,
            file=upload,
            name=upload.name[:200],
            content_type=content_type,
            size=upload.size,
        )


@transaction.atomic
def _store_submission(
    *, reference: str, today: date, data: dict[str, Any], files, code: str, code_hash: str, source_ip: str | None
) -> InformationRequest:
    req = InformationRequest(
        reference=reference,
        channel=Channel.ONLINE,
        submitted_on=today,
        query_code_hash=code_hash,
        source_ip=source_ip,
        **{k: (data.get(k) or "") for k in APPLICANT_FIELDS},
    )
    # A new request has no events yet: its clock is cached in the same INSERT, the first
    # statement of the transaction (so a refused number has written nothing).
    apply_clock(req, clock_for(req, as_of=today, events=[]))
    req.save()
    _attach(req, files, kind=RequestDocument.Kind.APPLICANT)
    record(action="requests.submitted", target=req, data={"channel": req.channel, "ip": source_ip})
    notify_applicant_submitted(req, code)
    return req


@transaction.atomic
def register_request(
    *, actor, channel: str, submitted_on: date, received_on: date | None, data: dict[str, Any]
) -> tuple[InformationRequest, str]:
    """Staff register a request received in person, by post or fax (Art. 31: in person the
    day submitted; registered mail the day signed for; letter and fax once confirmed)."""
    ensure_can_handle(actor)
    problems = deadlines.validate_history(
        channel=channel, submitted_on=submitted_on, received_on=received_on, events=[]
    )
    if problems:
        raise InvalidHistory(problems[0].message, problems[0].field)
    if received_on and received_on > timezone.localdate():
        raise InvalidHistory("收到申请日期不能晚于今天", "received_on")
    if channel == Channel.IN_PERSON and received_on != submitted_on:
        raise InvalidHistory("当面提交的申请，收到申请之日即提交之日（第三十一条）", "received_on")
    code = new_query_code()
    req = InformationRequest(
        reference=new_reference(submitted_on.year),
        channel=channel,
        submitted_on=submitted_on,
        received_on=received_on,
        query_code_hash=make_password(code),
        **{k: (data.get(k) or "") for k in APPLICANT_FIELDS},
    )
    req.save()
    if received_on:
        RequestEvent.objects.create(request=req, type=EventType.RECEIVED, on=received_on, actor=actor)
    recompute(req)
    record(action="requests.registered", actor=actor, target=req, data={"channel": channel})
    if received_on:
        notify_applicant_receipt(req, code)
    else:
        notify_applicant_submitted(req, code)
    return req, code


def _locked(request: InformationRequest) -> InformationRequest:
    return InformationRequest.objects.select_for_update().get(pk=request.pk)


def _fmt(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


LATE_MESSAGES = {
    Irregularity.LATE_SUPPLEMENT_NOTICE: "补正告知应在收到申请之日起7个工作日内（{limit}前）发出，{on}已超过该期限，"
    "不能再告知补正（第三十条）",
    Irregularity.LATE_EXTENSION: "答复期限已于{limit}届满，{on}不能再决定延期答复：延期须在答复期限内决定（第三十三条）",
    Irregularity.LATE_CONSULTATION: "答复期限已于{limit}届满，{on}不能再发出征求意见函：征求意见须在答复期限内进行，"
    "期限届满后发函不能中止计算答复期限（第三十二条、第三十三条）",
    Irregularity.LATE_FEE_NOTICE: "收费通知应在答复期限内发出，答复期限已于{limit}届满，{on}不能再发出收费通知"
    "（国办函〔2020〕109号）",
}


def refuse_late_step(request: InformationRequest, history: list[dict[str, Any]]) -> None:
    """docs/domain.md §3, "The office's own steps must be on time": the staff screens refuse a late
    supplement notice (Art. 30), extension (Art. 33), consultation (Art. 32–34) or fee
    notice, saying why and quoting the last day; the importer keeps such a step and flags it."""
    last = history[-1]
    clock = deadlines.compute(
        events=history,
        channel=request.channel,
        submitted_on=request.submitted_on,
        received_on=request.received_on,
        calendar=workdays.current(),
        as_of=last["on"],
    )
    for late in clock.irregularities:
        if late.index == len(history) - 1:
            raise InvalidHistory(LATE_MESSAGES[late.code].format(limit=_fmt(late.limit), on=_fmt(late.on)), "on")


def _add_event(
    request: InformationRequest, *, actor, type: str, on: date, data: dict | None = None, public: bool = True
) -> RequestEvent:
    """Validate the history with the new event appended (the lifecycle table, the staff
    rules and the time limits), then store, audit and recompute."""
    data = {k: v for k, v in (data or {}).items() if v not in (None, "")}
    if on > timezone.localdate():
        raise InvalidHistory(f"日期 {on} 晚于今天，不能预先登记", "on")
    history = ledger_events(request) + [lifecycle.to_ledger(type, on, data)]
    problems = deadlines.validate_history(
        channel=request.channel,
        submitted_on=request.submitted_on,
        received_on=request.received_on,
        events=history,
        staff=True,
    )
    if problems:
        raise InvalidHistory(problems[0].message, problems[0].field)
    refuse_late_step(request, history)
    ev = RequestEvent.objects.create(request=request, type=type, on=on, data=data, actor=actor, public=public)
    changed = recompute(request)
    record(
        action=f"requests.event.{type}",
        actor=actor,
        target=request,
        data={
            "on": on.isoformat(),
            **{k: v for k, v in data.items() if k != "letter"},
            "due_on": {"old": iso(changed["due_on"][0]), "new": iso(changed["due_on"][1])}
            if "due_on" in changed
            else iso(request.due_on),
        },
    )
    return ev


def _issue_letter(ev: RequestEvent, actor, request: InformationRequest) -> None:
    """Freeze the notice that goes with this step (letters package); a letter with a
    required part missing refuses the step, naming the part."""
    from .letters.compose import LetterIncomplete
    from .letters.services import issue_event_letter

    try:
        issue_event_letter(event=ev, actor=actor, request=request)
    except LetterIncomplete as exc:
        raise InvalidHistory(exc.message, exc.field) from None


def _refuse_unsigned_withholding(outcome: str) -> None:
    from .letters.kinds import WITHHOLDING_OUTCOMES

    if outcome in WITHHOLDING_OUTCOMES:
        raise InvalidHistory(
            "不予公开全部或部分信息的答复须经负责人审批（部分公开还须办公室保密审查）后出具答复书，"
            "请在“拟写答复书”页面办理",
            "outcome",
        )


@transaction.atomic
def confirm_receipt(*, request: InformationRequest, actor, on: date) -> InformationRequest:
    """The office confirms an online, fax or letter request with the applicant; that day is
    the receipt date from which the 20 working days run (Art. 31)."""
    ensure_can_handle(actor, request)
    request = _locked(request)
    if request.received_on is not None:
        raise InvalidHistory(f"该申请已于 {request.received_on} 确认收到", "on")
    problems = deadlines.validate_history(
        channel=request.channel, submitted_on=request.submitted_on, received_on=on, events=ledger_events(request)
    )
    if on > timezone.localdate():
        problems.insert(0, deadlines.Problem("on", "确认收到日期不能晚于今天"))
    if problems:
        raise InvalidHistory(problems[0].message, problems[0].field)
    request.received_on = on
    request.save(update_fields=["received_on"])
    RequestEvent.objects.create(request=request, type=EventType.RECEIVED, on=on, actor=actor)
    recompute(request)
    record(
        action="requests.received",
        actor=actor,
        target=request,
        data={"on": on.isoformat(), "due_on": iso(request.due_on)},
    )
    notify_applicant_receipt(request)
    return request


@transaction.atomic
def answer_on_spot(*, request: InformationRequest, actor, outcome: str, note: str = "") -> RequestEvent:
    """Art. 33: a request that can be answered on the spot is answered and closes."""
    ensure_can_handle(actor, request)
    request = _locked(request)
    if request.status != Status.CLOSED:
        _refuse_unsigned_withholding(outcome)
    ev = _add_event(
        request,
        actor=actor,
        type=EventType.ANSWERED_ON_SPOT,
        on=request.received_on or timezone.localdate(),
        data={"outcome": outcome, "note": note},
    )
    notify_applicant_reply(request, ev)
    return ev


@transaction.atomic
def request_supplement(*, request: InformationRequest, actor, on: date, supplement_by: date, text: str) -> RequestEvent:
    """Art. 30: tell the applicant once, within 7 working days of receipt, what to supplement
    and by when (补正告知书). The reply period restarts when the supplement arrives."""
    ensure_can_handle(actor, request)
    request = _locked(request)
    ev = _add_event(
        request,
        actor=actor,
        type=EventType.SUPPLEMENT_REQUESTED,
        on=on,
        data={"supplement_by": supplement_by.isoformat(), "letter": text},
    )
    _issue_letter(ev, actor, request)
    notify_applicant_supplement(request, ev)
    return ev


@transaction.atomic
def record_supplement(*, request: InformationRequest, actor, on: date, note: str = "") -> RequestEvent:
    """Art. 30: the supplemented request arrived; a fresh 20 working days run from that day."""
    ensure_can_handle(actor, request)
    request = _locked(request)
    return _add_event(request, actor=actor, type=EventType.SUPPLEMENT_RECEIVED, on=on, data={"note": note})


@transaction.atomic
def close_abandoned(*, request: InformationRequest, actor, on: date) -> RequestEvent:
    """Art. 30: no supplement by the set date without good reason: deemed abandoned."""
    ensure_can_handle(actor, request)
    request = _locked(request)
    ev = _add_event(request, actor=actor, type=EventType.ABANDONED, on=on)
    notify_applicant_reply(request, ev)
    return ev


@transaction.atomic
def send_consultation(
    *,
    request: InformationRequest,
    actor,
    on: date,
    party: str,
    text: str = "",
    kind: str = ConsultationKind.THIRD_PARTY,
) -> RequestEvent:
    """Art. 32 (a third party) or Art. 34 (another agency that co-made the information):
    the consultation letter (征求意见函); the party has 15 working days to answer and the
    time is not counted in the reply period. Sent after the due date it is refused."""
    ensure_can_handle(actor, request)
    request = _locked(request)
    if not party.strip():
        raise InvalidHistory("请填写被征求意见的第三方名称", "party")
    if kind not in ConsultationKind.values:
        raise InvalidHistory("请选择征求意见的类型（第三方或其他机关）", "kind")
    ev = _add_event(
        request,
        actor=actor,
        type=EventType.CONSULTATION_SENT,
        on=on,
        data={"party": party.strip(), "kind": str(kind), "letter": text},
        public=True,
    )
    _issue_letter(ev, actor, request)
    return ev


@transaction.atomic
def record_consultation_answer(*, request: InformationRequest, actor, on: date, note: str = "") -> RequestEvent:
    """Art. 32: the third party's answer arrived; the pause ends that day."""
    ensure_can_handle(actor, request)
    request = _locked(request)
    return _add_event(request, actor=actor, type=EventType.CONSULTATION_ANSWERED, on=on, data={"note": note})


@transaction.atomic
def extend_deadline(*, request: InformationRequest, actor, on: date, days: int, reason: str) -> RequestEvent:
    """Art. 33: with the disclosure office head's approval and notice to the applicant
    (延期答复告知书), the period is extended once by at most 20 working days."""
    ensure_can_extend(actor)
    request = _locked(request)
    if not reason.strip():
        raise InvalidHistory("请填写延期理由", "reason")
    ev = _add_event(request, actor=actor, type=EventType.EXTENDED, on=on, data={"days": days, "reason": reason.strip()})
    _issue_letter(ev, actor, request)
    notify_applicant_extension(request, ev)
    return ev


def monthly_position(request: InformationRequest) -> int:
    """This request's place among the applicant's requests of its calendar month."""
    qs = InformationRequest.objects.filter(
        submitted_on__year=request.submitted_on.year, submitted_on__month=request.submitted_on.month
    )
    if request.id_number:
        qs = qs.filter(id_number=request.id_number)
    else:
        qs = qs.filter(applicant_name=request.applicant_name, applicant_type=request.applicant_type)
    earlier = qs.filter(submitted_on__lt=request.submitted_on).count()
    same_day = qs.filter(submitted_on=request.submitted_on, pk__lte=request.pk).count()
    return earlier + same_day


@transaction.atomic
def notify_fee(
    *, request: InformationRequest, actor, on: date, method: str = FeeMethod.PER_REQUEST, count: int | None = None
) -> RequestEvent:
    """Art. 42 and 国办函〔2020〕109号: the fee notice (收费通知), per request (`count` is the
    request's place among the applicant's requests of the month, counted here when not
    given) or per volume (`count` pages); the amount comes from the bands. It must be
    issued within the reply period; the clock pauses until payment (20 working days)."""
    ensure_can_handle(actor, request)
    request = _locked(request)
    if method not in FeeMethod.values:
        raise InvalidHistory("请选择收费方式（按件或按量）", "method")
    if count is None:
        if method == FeeMethod.PER_VOLUME:
            raise InvalidHistory("按量收费须填写页数", "count")
        count = monthly_position(request)
    if count < 1:
        raise InvalidHistory("计费数量应为正整数", "count")
    amount = fee_amount(method, count)
    if amount == 0:
        if method == FeeMethod.PER_REQUEST:
            raise InvalidHistory(f"申请人本月第 {count} 件申请，未超过10件，不收取信息处理费", "count")
        raise InvalidHistory(f"{count} 页未超过30页，不收取信息处理费", "count")
    data = {"amount": amount, "method": str(method), "count": count}
    if method == FeeMethod.PER_REQUEST:
        data["position"] = count
    ev = _add_event(request, actor=actor, type=EventType.FEE_NOTIFIED, on=on, data=data)
    _issue_letter(ev, actor, request)
    return ev


@transaction.atomic
def record_fee_paid(*, request: InformationRequest, actor, on: date) -> RequestEvent:
    """国办函〔2020〕109号: the applicant paid; the fee pause ends that day."""
    ensure_can_handle(actor, request)
    request = _locked(request)
    return _add_event(request, actor=actor, type=EventType.FEE_PAID, on=on)


@transaction.atomic
def request_reasons(*, request: InformationRequest, actor, on: date, text: str) -> RequestEvent:
    """Art. 35: for requests in large numbers or repeated without good reason, the office
    may ask the applicant to state reasons; only then may it treat them as excessive."""
    ensure_can_handle(actor, request)
    request = _locked(request)
    if not text.strip():
        raise InvalidHistory("请填写要求申请人说明理由的内容", "text")
    return _add_event(request, actor=actor, type=EventType.REASONS_REQUESTED, on=on, data={"letter": text.strip()})


@transaction.atomic
def reply_request(
    *, request: InformationRequest, actor, on: date, outcome: str, letter: str, documents: list | None = None
) -> RequestEvent:
    """Art. 36: reply (政府信息公开申请答复书) classified by the annual report's outcome codes."""
    ensure_can_handle(actor, request)
    request = _locked(request)
    if request.status != Status.CLOSED:
        _refuse_unsigned_withholding(outcome)
    if outcome not in Outcome.values:
        raise InvalidHistory(f"未知的办理结果代码“{outcome}”", "outcome")
    ev = _add_event(request, actor=actor, type=EventType.REPLIED, on=on, data={"outcome": outcome, "letter": letter})
    _attach(request, documents, kind=RequestDocument.Kind.REPLY, event=ev)
    notify_applicant_reply(request, ev)
    return ev


@transaction.atomic
def record_reply(
    *,
    request: InformationRequest,
    actor,
    on: date,
    outcome: str,
    on_spot: bool = False,
    documents: list | None = None,
    signed_off: bool = False,
) -> RequestEvent:
    """The reply (or answer on the spot) in the history, for `letters.services.issue_reply`,
    which issues the written decision with it (Art. 33, 36–39). A withholding outcome
    only with its sign-off."""
    ensure_can_handle(actor, request)
    if not signed_off:
        _refuse_unsigned_withholding(outcome)
    request = _locked(request)
    if outcome not in Outcome.values:
        raise InvalidHistory(f"未知的办理结果代码“{outcome}”", "outcome")
    if on_spot:
        ev = _add_event(
            request,
            actor=actor,
            type=EventType.ANSWERED_ON_SPOT,
            on=request.received_on or on,
            data={"outcome": outcome},
        )
    else:
        ev = _add_event(request, actor=actor, type=EventType.REPLIED, on=on, data={"outcome": outcome})
    _attach(request, documents, kind=RequestDocument.Kind.REPLY, event=ev)
    return ev


def send_reply_notice(*, request: InformationRequest, event: RequestEvent, letter) -> None:
    """The reply e-mail carries the reply letter's text as issued."""
    notify_applicant_reply_letter(request, event, letter)


@transaction.atomic
def record_reconsideration(*, request: InformationRequest, actor, on: date, result: str) -> RequestEvent:
    """Table 四: an administrative reconsideration brought over this request."""
    ensure_can_handle(actor, request)
    request = _locked(request)
    if result not in ReviewResult.values:
        raise InvalidHistory("复议结果无效", "result")
    return _add_event(
        request, actor=actor, type=EventType.RECONSIDERATION, on=on, data={"result": result}, public=False
    )


@transaction.atomic
def record_litigation(
    *, request: InformationRequest, actor, on: date, result: str, after_reconsideration: bool
) -> RequestEvent:
    """Table 四: a lawsuit, directly or after reconsideration."""
    ensure_can_handle(actor, request)
    request = _locked(request)
    if result not in ReviewResult.values:
        raise InvalidHistory("诉讼结果无效", "result")
    return _add_event(
        request,
        actor=actor,
        type=EventType.LITIGATION,
        on=on,
        data={"result": result, "after_reconsideration": bool(after_reconsideration)},
        public=False,
    )


@transaction.atomic
def assign_handler(*, request: InformationRequest, actor, handler) -> InformationRequest:
    """The head (or a handler taking it on) assigns the request; the handler gets the
    object permissions to handle it and see the applicant's identity."""
    if not (
        actor.has_perm("requests_app.approve_extension")
        or (actor.pk == handler.pk and actor.has_perm("requests_app.handle_request"))
    ):
        raise PermissionDenied("只有公开工作机构负责人可以分派申请")
    request = _locked(request)
    # Audit fix: a handler may take on only an unassigned request; taking over a
    # colleague's request (and with it sight of the applicant's identity) is the head's call.
    if (
        not actor.has_perm("requests_app.approve_extension")
        and request.handler_id is not None
        and request.handler_id != actor.pk
    ):
        raise PermissionDenied("该申请已分派给其他承办人，改派须由公开工作机构负责人决定")
    old = request.handler
    if old is not None and old.pk != handler.pk:
        remove_perm("handle_request", old, request)
        remove_perm("view_applicant_identity", old, request)
    request.handler = handler
    request.save(update_fields=["handler"])
    assign_perm("handle_request", handler, request)
    assign_perm("view_applicant_identity", handler, request)
    record(
        action="requests.assigned",
        actor=actor,
        target=request,
        data={"old": old.username if old else None, "new": handler.username},
    )
    notify_handler_assigned(request)
    return request


__all__ = [
    "InvalidHistory",
    "Status",
    "answer_on_spot",
    "assign_handler",
    "check_query_code",
    "close_abandoned",
    "confirm_receipt",
    "extend_deadline",
    "fee_per_request",
    "notify_fee",
    "record_consultation_answer",
    "record_fee_paid",
    "record_litigation",
    "record_reconsideration",
    "record_supplement",
    "register_request",
    "refuse_late_step",
    "reply_request",
    "request_reasons",
    "request_supplement",
    "send_consultation",
    "submit_request",
]
