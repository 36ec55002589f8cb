from django import template

from requests_app.choices import Outcome, ReviewResult

register = template.Library()

LETTER_TYPES = {"supplement_requested", "consultation_sent", "extended", "replied", "fee_notified"}


@register.filter
def outcome_label(code: str) -> str:
    return Outcome(code).label if code in Outcome.values else ""


@register.filter
def result_label(code: str) -> str:
    return ReviewResult(code).label if code in ReviewResult.values else ""


@register.filter
def has_letter(event) -> bool:
    return event.type in LETTER_TYPES
