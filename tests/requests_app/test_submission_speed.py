"""The form at the speed of the database: a keyed HMAC for the query code, the tracking
number from a short increment, and "a question after N" that racing cannot pass."""

import time
from datetime import date

import pytest
from django.contrib.auth.hashers import make_password
from django.test import Client

from portal import abuse
from requests_app import services
from requests_app.models import InformationRequest
from tests.concurrency import errors_of, race

from .factories import APPLICANT, form_data


@pytest.mark.django_db
def test_query_code_is_a_keyed_hmac_and_old_password_hashes_still_work(settings):
    req, code = services.submit_request(data=APPLICANT, today=date(2026, 11, 20))
    assert req.query_code_hash.startswith("hmac-sha256$") and code not in req.query_code_hash
    assert services.check_query_code(req, code.lower())
    assert not services.check_query_code(req, "WRONGCODE1")
    # A rotated key: codes issued under the old one still open the request.
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "another-secret-key-0123456789abcdef0123456789abcdef"
    assert services.check_query_code(req, code)
    settings.SECRET_KEY_FALLBACKS = []
    assert not services.check_query_code(req, code)
    # A code stored by an earlier version (a password hash, e.g. in the demo) still works.
    req.query_code_hash = make_password("OLDCODE234")
    assert services.check_query_code(req, "oldcode234") and not services.check_query_code(req, "OLDCODE235")


@pytest.mark.django_db
def test_hashing_takes_no_measurable_time():
    started = time.perf_counter()
    for _ in range(1000):
        services.hash_query_code(services.new_query_code())
    assert time.perf_counter() - started < 0.5  # PBKDF2 at 1,000,000 iterations: 0.4 s each


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_get_distinct_numbers(seeded_calendar):
    results = race(
        [lambda: services.submit_request(data=APPLICANT, today=date(2026, 11, 20))[0].reference for _ in range(8)]
    )
    assert errors_of(results) == []
    refs = [value for _, value in results]
    assert len(set(refs)) == 8 and InformationRequest.objects.count() == 8


@pytest.mark.django_db(transaction=True)
def test_racing_submissions_cannot_both_pass_the_question_threshold(settings, seeded_calendar):
    settings.PORTAL = {**settings.PORTAL, "REQUEST_CAPTCHA_AFTER": 3, "REQUEST_RATE_LIMIT_PER_HOUR": 100}
    first = Client(REMOTE_ADDR="192.0.2.50")
    for _ in range(2):
        assert first.post("/requests/new/", form_data()).status_code == 302
    results = race(
        [lambda: Client(REMOTE_ADDR="192.0.2.50").post("/requests/new/", form_data()).status_code for _ in range(10)]
    )
    assert errors_of(results) == []
    codes = sorted(value for _, value in results)
    # Exactly one more without a question (the third); the others are asked one.
    assert codes == [302] + [400] * 9
    assert InformationRequest.objects.count() == 3
    # Refused submissions gave their claim back: the next one is still only asked a question.
    assert abuse._get("requests:form:ip:192.0.2.50") == 3


@pytest.mark.django_db(transaction=True)
def test_no_counter_lock_is_held_while_the_request_is_stored(seeded_calendar, monkeypatch):
    """While one submission is inside its transaction, another can take the next number."""
    import threading

    from django.db import connection

    from portal.sequences import next_value
    from requests_app import services as svc

    inside, release = threading.Event(), threading.Event()
    real_record = svc.record

    def slow_record(**kwargs):
        inside.set()
        release.wait(10)
        return real_record(**kwargs)

    monkeypatch.setattr(svc, "record", slow_record)
    first: dict = {}

    def submit():
        try:
            first["ref"] = svc.submit_request(data=APPLICANT, today=date(2026, 11, 20))[0].reference
        finally:
            connection.close()

    worker = threading.Thread(target=submit)
    worker.start()
    assert inside.wait(10)
    started = time.monotonic()
    if connection.vendor == "postgresql":  # fail rather than wait for the other transaction
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '2s'")
    try:
        second = next_value("requests:reference:2026")  # would wait for the first transaction's commit
    finally:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = 0")
    waited = time.monotonic() - started
    release.set()
    worker.join(10)
    assert waited < 1.0 and second == 2 and first["ref"] == "2026-00001"


@pytest.mark.django_db
def test_a_submission_is_a_handful_of_statements():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    services.submit_request(data=APPLICANT, today=date(2026, 11, 20))  # first of the year creates the counter
    with CaptureQueriesContext(connection) as ctx:
        req, _ = services.submit_request(data=APPLICANT, today=date(2026, 11, 20))
    sql = [q["sql"] for q in ctx.captured_queries]
    # Number, the row (its clock included), the audit entry, the office's name and phone for
    # the mail, and the test's savepoint around the transaction; no check against imported
    # numbers (the unique index does it), no UPDATE of the new row, no row lock.
    assert len(sql) <= 6, sql
    assert not any(s.startswith("SELECT") and "requests_app_informationrequest" in s for s in sql), sql
    assert not any(s.startswith("UPDATE") or "FOR UPDATE" in s for s in sql), sql
    assert req.status == "awaiting_confirmation"


@pytest.mark.django_db
def test_a_number_an_imported_request_holds_is_skipped(django_capture_on_commit_callbacks, mailoutbox):
    from portal.models import AuditEvent, Counter

    for _ in range(2):
        services.submit_request(data=APPLICANT, today=date(2026, 11, 20))
    # As after an import of 2026-00001 and 2026-00002: the counter does not know them.
    Counter.objects.filter(key="requests:reference:2026").update(value=0)
    with django_capture_on_commit_callbacks(execute=True):
        req, code = services.submit_request(data=APPLICANT, today=date(2026, 11, 20))
    assert req.reference == "2026-00003" and services.check_query_code(req, code)
    assert InformationRequest.objects.count() == 3
    assert AuditEvent.objects.filter(action="requests.submitted").count() == 3
    # One mail, with the number that was stored (none for the numbers refused).
    assert [m.subject for m in mailoutbox] == ["【政府信息公开申请 2026-00003】已提交"]
