import datetime

import pytest
from django.contrib.auth.models import Permission

from disclosure.choices import DocType, State, Validity
from disclosure.models import DisclosureItem
from tests.disclosure.factories import ItemFactory
from tests.disclosure.factories import published as published_item
from tests.portal.factories import OfficeFactory, SiteProfileFactory, UserFactory

from .factories import event, request

# Every outcome code once, with applicant types in turn, received and closed in 2025.
EVERY_OUTCOME = [
    ("disclosed", "natural_person"),
    ("partial", "commercial"),
    ("withheld.state_secret", "research"),
    ("withheld.law_prohibited", "public_interest"),
    ("withheld.three_safety", "legal_services"),
    ("withheld.third_party", "other_org"),
    ("withheld.internal_affairs", "natural_person"),
    ("withheld.process_info", "commercial"),
    ("withheld.enforcement_file", "research"),
    ("withheld.query_matter", "public_interest"),
    ("unavailable.not_held", "legal_services"),
    ("unavailable.needs_creation", "other_org"),
    ("unavailable.still_unclear", "natural_person"),
    ("not_processed.petition", "commercial"),
    ("not_processed.repeat", "research"),
    ("not_processed.publication", "public_interest"),
    ("not_processed.excessive", "legal_services"),
    ("not_processed.confirm_existing", "other_org"),
    ("other.no_supplement", "natural_person"),
    ("other.unpaid_fee", "commercial"),
    ("other.other", "research"),
]


@pytest.fixture
def compiler(db):
    """A staff member who compiles the annual report (permission manage_annual_report)."""
    user = UserFactory(username="report_compiler")
    user.user_permissions.add(Permission.objects.get(codename="manage_annual_report"))
    return user


@pytest.fixture
def compiler_client(client, compiler):
    client.force_login(compiler)
    return client


@pytest.fixture
def ledger(db):
    """The 2024–2026 ledger whose 2025 tables are computed by hand in test_tables.py."""
    SiteProfileFactory()
    OfficeFactory()
    r = {}
    # Carried over from 2024.
    r["dec31_closed_jan"] = request("natural_person", "2024-12-31", "2025-01-10", "disclosed")
    r["open_since_2024"] = request("commercial", "2024-11-20")
    r["closed_in_2024"] = request("research", "2024-06-01", "2024-07-01", "partial")
    r["closed_in_2026"] = request("legal_services", "2024-12-15", "2026-01-05", "withheld.state_secret")
    # New in 2025: every outcome code.
    r["every"] = []
    for i, (outcome, applicant) in enumerate(EVERY_OUTCOME):
        received = datetime.date(2025, 2, 3) + datetime.timedelta(days=i)
        closed = received + datetime.timedelta(days=15)
        r["every"].append(request(applicant, received.isoformat(), closed.isoformat(), outcome))
    r["on_the_spot"] = request("natural_person", "2025-03-03", "2025-03-03", "disclosed")
    r["abandoned"] = request("public_interest", "2025-04-01", "2025-05-20", "other.no_supplement")
    r["dec31_2025_closed_jan"] = request("other_org", "2025-12-31", "2026-01-08", "disclosed")
    r["dec31_2025_open"] = request("natural_person", "2025-12-31")
    r["awaiting_confirmation"] = request("commercial", None)
    r["received_2026"] = request("research", "2026-01-02")
    r["next_day"] = request("commercial", "2025-05-01", "2025-05-02", "disclosed")

    # Table 四.
    event(r["dec31_closed_jan"], "reconsideration", "2025-03-01", result="pending")
    event(r["dec31_closed_jan"], "reconsideration", "2025-05-01", result="upheld")
    event(r["every"][2], "litigation", "2025-06-01", after_reconsideration=False, result="corrected")
    event(r["every"][3], "reconsideration", "2025-04-01", result="corrected")
    event(r["every"][3], "litigation", "2025-07-01", after_reconsideration=True, result="pending")
    event(r["every"][3], "litigation", "2026-02-01", after_reconsideration=True, result="upheld")
    event(r["closed_in_2024"], "reconsideration", "2024-09-01", result="pending")
    event(r["closed_in_2024"], "reconsideration", "2025-02-01", result="upheld")
    event(r["every"][4], "reconsideration", "2025-08-01", result="other")

    # Processing fees (Art. 42).
    event(r["every"][19], "fee_notified", "2025-03-10", amount=100)
    event(r["next_day"], "fee_notified", "2025-04-10", amount="200.50")
    event(r["open_since_2024"], "fee_notified", "2024-12-01", amount=500)

    # Table 二 catalogue.
    d = datetime.date
    published_item(doc_type=DocType.REGULATION, formed_on=d(2025, 3, 1))
    published_item(
        doc_type=DocType.REGULATION, formed_on=d(2020, 1, 1), validity=Validity.REPEALED, repealed_on=d(2025, 6, 1)
    )
    published_item(doc_type=DocType.NORMATIVE, formed_on=d(2025, 5, 1))
    published_item(doc_type=DocType.NORMATIVE, formed_on=d(2024, 1, 1))
    published_item(doc_type=DocType.REGULATION, formed_on=d(2026, 1, 5))
    published_item(doc_type=DocType.OTHER, formed_on=d(2025, 2, 1))
    ItemFactory(doc_type=DocType.NORMATIVE, formed_on=d(2025, 7, 1))  # a draft: not catalogued
    withdrawn = published_item(doc_type=DocType.NORMATIVE, formed_on=d(2025, 8, 1))
    DisclosureItem.objects.filter(pk=withdrawn.pk).update(state=State.WITHDRAWN)
    return r
