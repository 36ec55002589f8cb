"""Requests and their events set directly (the requests services are another app's);
received_on / closed_on / outcome are what the statistics read."""

import datetime

import factory

from requests_app.models import InformationRequest, RequestEvent


class RequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InformationRequest

    reference = factory.Sequence(lambda n: f"T-{n:05d}")
    applicant_type = "natural_person"
    applicant_name = factory.Sequence(lambda n: f"申请人{n}")
    description = "申请公开某项政府信息。"
    channel = "in_person"
    received_on = datetime.date(2025, 3, 1)
    submitted_on = factory.LazyAttribute(lambda r: r.received_on or datetime.date(2025, 3, 1))
    closed_on = None
    outcome = ""
    status = factory.LazyAttribute(
        lambda r: "closed" if r.closed_on else ("in_progress" if r.received_on else "awaiting_confirmation")
    )


def request(
    applicant: str, received: str | None, closed: str | None = None, outcome: str = "", **kw
) -> InformationRequest:
    return RequestFactory(
        applicant_type=applicant,
        received_on=datetime.date.fromisoformat(received) if received else None,
        submitted_on=datetime.date.fromisoformat(received) if received else datetime.date(2025, 6, 1),
        closed_on=datetime.date.fromisoformat(closed) if closed else None,
        outcome=outcome,
        **kw,
    )


def event(req: InformationRequest, type: str, on: str, **data) -> RequestEvent:
    return RequestEvent.objects.create(request=req, type=type, on=datetime.date.fromisoformat(on), data=data)
