"""Reads of consultations. The public side starts from `published_items()`: a consultation is
public exactly when its draft item is."""

from django.db.models import Count, Q, QuerySet

from ..choices import State
from ..selectors import published_items
from .models import CommentDecision, Consultation, ConsultationComment


def public_consultations() -> QuerySet[Consultation]:
    return (
        Consultation.objects.filter(item__in=published_items().values("pk"))
        .select_related("item", "item__publisher", "feedback_item")
        .order_by("-opens_on", "-item__published_at", "-id")
    )


def public_consultation(item_pk: int) -> Consultation:
    """The consultation of a published draft, with its item; raises DoesNotExist otherwise."""
    return public_consultations().get(item_id=item_pk)


def published_feedback(consultation: Consultation):
    """The feedback report, once it is public (None before)."""
    feedback = consultation.feedback_item
    return feedback if feedback is not None and feedback.state == State.PUBLISHED else None


def staff_consultations() -> QuerySet[Consultation]:
    """Every consultation with its draft's state and the comment counts (one query)."""
    return (
        Consultation.objects.select_related("item", "item__publisher", "feedback_item")
        .annotate(
            comment_count=Count("comments"),
            pending_count=Count("comments", filter=Q(comments__decision=CommentDecision.PENDING)),
        )
        .order_by("-opens_on", "-id")
    )


def staff_consultation(pk: int) -> Consultation:
    return Consultation.objects.select_related("item", "item__publisher", "feedback_item").get(pk=pk)


def comments_of(consultation: Consultation) -> QuerySet[ConsultationComment]:
    return consultation.comments.select_related("decided_by").order_by("number")
