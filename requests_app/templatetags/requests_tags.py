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


@register.filter
def as_date(value):
    """An ISO date kept in an event's data, as a date for the `date` filter."""
    from datetime import date

    try:
        return date.fromisoformat(value) if isinstance(value, str) else value
    except ValueError:
        return None
