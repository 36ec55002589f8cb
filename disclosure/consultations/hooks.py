"""Wiring of consultations into the kernel and the rest of disclosure; called once from
DisclosureConfig.ready()."""


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    from portal import dashboard
    from portal.public_cache import content_changed

    from ..choices import ItemKind
    from ..validation import register_check
    from .models import Consultation
    from .permissions import may_view

    register_check(ItemKind.CONSULTATION, consultation_problems)
    register_check(ItemKind.CONSULTATION_FEEDBACK, feedback_problems)
    # The public pages show the period, the feedback link and the finished mark (comments
    # are never shown, so they change no public page).
    post_save.connect(content_changed, sender=Consultation, dispatch_uid="public-cache-save-Consultation")
    post_delete.connect(content_changed, sender=Consultation, dispatch_uid="public-cache-delete-Consultation")
    dashboard.register_nav(dashboard.NavLink("意见征集", "/staff/consultations/", order=35), may_view)


def consultation_problems(item) -> list[str]:
    """A draft for comment is submitted with its period (the reviewers clear the dates too)."""
    from .services import period_problem

    consultation = getattr(item, "consultation", None)
    if consultation is None:
        return ["意见征集须填写开始日期和截止日期"]
    problem = period_problem(consultation.opens_on, consultation.closes_on)
    return [problem.rstrip("。")] if problem else []


def feedback_problems(item) -> list[str]:
    """A feedback report belongs to a consultation that has closed."""
    consultation = getattr(item, "feedback_for", None)
    if consultation is None:
        return ["意见采纳情况说明须由“意见征集”页面起草，对应一次意见征集"]
    if not consultation.has_closed:
        return ["对应的意见征集尚未截止"]
    return []
