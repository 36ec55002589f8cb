import io
from collections import Counter

import pytest

from requests_app.choices import ApplicantType, Outcome
from requests_app.models import InformationRequest, RequestEvent

pytestmark = pytest.mark.django_db


def load():
    from portal import demo as portal_demo
    from requests_app import demo

    ctx = {"stdout": io.StringIO(), "passwords": {}}
    portal_demo.load(ctx)
    demo.load(ctx)
    return ctx


def test_demo_covers_the_year_and_is_idempotent():
    load()
    count = InformationRequest.objects.count()
    load()
    assert InformationRequest.objects.count() == count
    y2025 = InformationRequest.objects.filter(received_on__year=2025)
    assert y2025.count() >= 55
    assert {o.value for o in Outcome} <= set(InformationRequest.objects.values_list("outcome", flat=True))
    assert {t.value for t in ApplicantType} <= set(y2025.values_list("applicant_type", flat=True))
    assert InformationRequest.objects.filter(received_on__year=2024, closed_on__year=2025).exists()
    assert InformationRequest.objects.filter(received_on="2025-12-31", closed_on__year=2026).exists()
    types = Counter(RequestEvent.objects.values_list("type", flat=True))
    for t in (
        "answered_on_spot",
        "abandoned",
        "extended",
        "consultation_sent",
        "fee_notified",
        "reconsideration",
        "litigation",
    ):
        assert types[t] > 0, t
    results = set(
        RequestEvent.objects.filter(type__in=["reconsideration", "litigation"]).values_list("data__result", flat=True)
    )
    assert len(results) >= 3
    open_reqs = InformationRequest.objects.exclude(status="closed")
    assert open_reqs.filter(status="awaiting_confirmation").count() >= 2
    assert open_reqs.filter(overdue=True).exists()
    assert open_reqs.filter(provisional=True).exists()
    from portal.demo import demo_user

    head = demo_user("gk_head")
    assert head.has_perm("requests_app.approve_extension") and demo_user("gk_handler").has_perm(
        "requests_app.handle_request"
    )


def test_demo_issues_real_letters_of_every_kind_and_many_outcomes():
    import hashlib

    from requests_app.letters.models import Letter, LetterKind

    load()
    count = Letter.objects.count()
    load()
    assert Letter.objects.count() == count
    assert {k.value for k in LetterKind} <= set(Letter.objects.values_list("kind", flat=True))
    outcomes = set(Letter.objects.filter(kind="reply").values_list("outcome", flat=True))
    assert len(outcomes) >= 15
    assert {o.value for o in Outcome if o.value.startswith("withheld.")} <= outcomes
    assert Letter.objects.filter(replaces__isnull=False).exists()
    consultations = [lt.text for lt in Letter.objects.filter(kind="consultation_letter")]
    assert any("第三十二条" in t for t in consultations) and any("视为同意公开" in t for t in consultations)
    dates = list(Letter.objects.order_by("serial").values_list("issued_on", flat=True))
    assert dates == sorted(dates)  # numbers follow the dates, as when issued day by day
    for letter in Letter.objects.all():
        assert letter.sha256 == hashlib.sha256(letter.text.encode("utf-8")).hexdigest()
        assert "：\n" not in letter.text and "因，" not in letter.text
