"""Reads of letters and reply drafts."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Letter, ReplyDraft


def issued_letters(reference: str | None = None) -> QuerySet[Letter]:
    """Every issued letter, oldest first (the archive of Art. 45)."""
    qs = Letter.objects.select_related("request")
    if reference is not None:
        qs = qs.filter(request__reference=reference)
    return qs.order_by("issued_on", "issued_at", "id")


def export_rows(letters) -> list[dict]:
    """docs/cli.md `export_letters`."""
    return [
        {
            "reference": lt.request.reference,
            "kind": lt.kind,
            "number": lt.number,
            "issued_on": lt.issued_on.isoformat(),
            "outcome": lt.outcome if lt.kind == "reply" else None,
            "text": lt.text,
            "sha256": lt.sha256,
        }
        for lt in letters
    ]


def letters_for_applicant(request) -> list[Letter]:
    """The letters sent to the applicant (not those addressed to a third party or agency)."""
    return list(
        request.letters.filter(to_applicant=True).select_related("replaces").order_by("issued_on", "issued_at", "id")
    )


def letters_for_staff(request) -> list[Letter]:
    return list(request.letters.select_related("replaces").order_by("issued_on", "issued_at", "id"))


def drafts_awaiting_signoff() -> QuerySet[ReplyDraft]:
    """Replies waiting for the head's approval or the Office's review, soonest due first."""
    return (
        ReplyDraft.objects.filter(state=ReplyDraft.State.AWAITING_SIGNOFF)
        .select_related("request", "drafted_by")
        .prefetch_related("approvals")
        .order_by("request__due_on", "drafted_at")
    )


def current_draft(request) -> ReplyDraft | None:
    return (
        request.reply_drafts.filter(state__in=[ReplyDraft.State.AWAITING_SIGNOFF, ReplyDraft.State.READY])
        .select_related("drafted_by")
        .prefetch_related("approvals__approver")
        .first()
    )


def drafts_to_sign_off_by(user) -> list[ReplyDraft]:
    """The drafts this user may approve now (head's approval or the Office's review)."""
    from .permissions import can_approve
    from .services import missing_approvals

    return [d for d in drafts_awaiting_signoff() if any(can_approve(user, d, role) for role in missing_approvals(d))]
