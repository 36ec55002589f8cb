"""Fuzzed public form input: never a 500, never a half-stored request."""

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from requests_app.models import InformationRequest, RequestDocument

from .factories import form_data

FIELDS = [
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
    "homepage",
    "ts",
    "captcha_token",
    "captcha_answer",
]
text = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "natural_person",
            "commercial",
            "paper",
            "post",
            "email",
            "居民身份证",
            "9" * 5001,
            "<script>",
        ]
    ),
)


@pytest.mark.django_db
@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    overrides=st.dictionaries(st.sampled_from(FIELDS), text, max_size=8),
    drop=st.sets(st.sampled_from(FIELDS), max_size=4),
)
def test_fuzzed_form_never_500_never_half_stored(overrides, drop):
    from django.core.cache import cache

    cache.clear()
    data = form_data(**overrides)
    for key in drop:
        data.pop(key, None)
    before = InformationRequest.objects.count()
    response = Client(raise_request_exception=False).post("/requests/new/", data)
    assert response.status_code in (302, 400), response.status_code
    after = InformationRequest.objects.count()
    if response.status_code == 302:
        assert after == before + 1
        req = InformationRequest.objects.order_by("-pk").first()
        assert req.applicant_name and req.description and req.query_code_hash and req.reference
    else:
        assert after == before
    assert RequestDocument.objects.filter(request__isnull=True).count() == 0
