"""The staff request queue at a bureau's volume: counts, paging, sorting, search, filters."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from requests_app.models import InformationRequest
from requests_app.selectors import staff_queue
from tests.portal.factories import UserFactory

from .factories import assign, grant, handler, head

pytestmark = pytest.mark.django_db
STATUSES = ["in_progress", "awaiting_supplement", "in_consultation", "closed", "awaiting_confirmation"]


def _bulk(n: int, today: date, *, handler_user=None) -> list[InformationRequest]:
    """n requests spread over statuses and due dates; about one in five closed."""
    rows = []
    for i in range(n):
        status = STATUSES[i % len(STATUSES)]
        submitted = today - timedelta(days=(i * 7) % 700 + 1)
        rows.append(
            InformationRequest(
                reference=f"2026-{i:05d}",
                applicant_type="natural_person",
                applicant_name=f"申请人{i:04d}",
                phone=f"1390000{i:04d}",
                description="x",
                channel="online" if status == "awaiting_confirmation" else "in_person",
                submitted_on=submitted,
                received_on=None if status == "awaiting_confirmation" else submitted,
                status=status,
                due_on=None if status == "awaiting_confirmation" else today + timedelta(days=(i * 13) % 90 - 30),
                closed_on=submitted + timedelta(days=10) if status == "closed" else None,
                handler=handler_user if i % 3 == 0 else None,
            )
        )
    return InformationRequest.objects.bulk_create(rows)


@pytest.fixture
def volume():
    today = timezone.localdate()
    boss = head()
    _bulk(2000, today, handler_user=boss)
    return boss, today


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url)
    assert r.status_code == 200
    return len(ctx.captured_queries)


def test_first_page_of_2000_under_10_queries_and_flat_in_page_size(client, volume):
    boss, _ = volume
    client.force_login(boss)
    client.get("/staff/requests/")  # warm the calendar index and the session
    small = _queries(client, "/staff/requests/?per_page=20")
    large = _queries(client, "/staff/requests/?per_page=200")
    everything = _queries(client, "/staff/requests/?status=all&per_page=200&sort=-applicant")
    print(f"queue page queries: {small} (20 rows), {large} (200 rows)")
    assert small < 10, small
    assert small == large == everything
    r = client.get("/staff/requests/?per_page=200")
    assert len(r.context["items"]) == 200
    assert r.context["page"].paginator.count == InformationRequest.objects.exclude(status="closed").count()


def _urgency_key(r: InformationRequest):
    return (r.status == "closed", r.due_on or r.submitted_on)


def test_default_order_puts_the_most_urgent_first_and_closed_last(client, volume):
    boss, today = volume
    client.force_login(boss)
    rows = [i[0] for i in client.get("/staff/requests/?per_page=200").context["items"]]
    assert all(r.status != "closed" for r in rows)
    assert [_urgency_key(r) for r in rows] == sorted(_urgency_key(r) for r in rows)
    most_urgent = min(InformationRequest.objects.exclude(status="closed"), key=_urgency_key)
    assert _urgency_key(rows[0]) == _urgency_key(most_urgent)
    # With 全部 the urgent ones still come first; closed ones only after every open one.
    everything = client.get("/staff/requests/?status=all&per_page=200")
    rows = [i[0] for i in everything.context["items"]]
    assert _urgency_key(rows[0]) == _urgency_key(most_urgent) and all(r.status != "closed" for r in rows)
    last = client.get(f"/staff/requests/?status=all&per_page=200&page={everything.context['page'].paginator.num_pages}")
    assert last.context["items"][-1][0].status == "closed"


@pytest.mark.parametrize(
    "sort,field,reverse",
    [
        ("reference", "reference", False),
        ("-reference", "reference", True),
        ("applicant", "applicant_name", False),
        ("-submitted", "submitted_on", True),
    ],
)
def test_sorting_returns_the_right_rows(client, volume, sort, field, reverse):
    boss, _ = volume
    client.force_login(boss)
    r = client.get(f"/staff/requests/?status=all&per_page=20&sort={sort}")
    got = [i[0].pk for i in r.context["items"]]
    expected = list(
        InformationRequest.objects.order_by(f"-{field}" if reverse else field, "pk").values_list("pk", flat=True)[:20]
    )
    if field == "submitted_on":  # ties: compare the dates, not the pks
        got = [i[0].submitted_on for i in r.context["items"]]
        expected = list(
            InformationRequest.objects.order_by("-submitted_on").values_list("submitted_on", flat=True)[:20]
        )
    assert got == expected
    sorted_col = [c for c in r.context["columns"] if c["aria_sort"]]
    assert len(sorted_col) == 1 and sorted_col[0]["aria_sort"] == ("descending" if reverse else "ascending")


def test_search_by_number_name_and_phone(client, volume):
    boss, _ = volume
    client.force_login(boss)
    assert [i[0].reference for i in client.get("/staff/requests/?status=all&q=2026-01234").context["items"]] == [
        "2026-01234"
    ]
    assert [i[0].reference for i in client.get("/staff/requests/?status=all&q=申请人0777").context["items"]] == [
        "2026-00777"
    ]
    assert [i[0].reference for i in client.get("/staff/requests/?status=all&q=13900001500").context["items"]] == [
        "2026-01500"
    ]


def test_phone_search_only_where_identity_may_be_seen(client):
    today = timezone.localdate()
    clerk = handler("clerk")
    _bulk(10, today)
    mine = InformationRequest.objects.get(reference="2026-00003")
    mine.handler = clerk
    mine.save(update_fields=["handler"])
    assign(mine, clerk)
    client.force_login(clerk)
    # A handler finds by phone only the requests assigned to them.
    assert client.get("/staff/requests/?status=all&q=13900000005").context["items"] == []
    assert [i[0].pk for i in client.get("/staff/requests/?status=all&q=13900000003").context["items"]] == [mine.pk]
    client.force_login(grant(UserFactory(username="viewer"), "handle_request", "view_applicant_identity"))
    assert len(client.get("/staff/requests/?status=all&q=13900000005").context["items"]) == 1


def test_unassigned_filter_year_select_and_closed_rows(client, volume):
    boss, today = volume
    client.force_login(boss)
    r = client.get("/staff/requests/?handler=none&per_page=200")
    rows = [i[0] for i in r.context["items"]]
    assert rows and all(x.handler_id is None and x.status != "closed" for x in rows)
    year = today.year - 1
    r = client.get(f"/staff/requests/?status=all&year={year}&per_page=200")
    assert r.context["page"].paginator.count == InformationRequest.objects.filter(submitted_on__year=year).count()
    html = client.get("/staff/requests/").content.decode()
    assert f'<option value="{year}">{year}年</option>' in html
    # Closed rows never say 未分派.
    r = client.get("/staff/requests/?status=closed&per_page=200")
    assert "未分派" not in r.content.decode().split("<tbody>")[1]
    counts = r.context["counts"]
    assert counts["total"] == 2000 and counts["open"] == 1600
    assert counts["unassigned"] == InformationRequest.objects.exclude(status="closed").filter(handler=None).count()
    assert "未办结 <strong>1600</strong> 件" in r.content.decode()


def test_bad_filter_value_is_reported_and_others_still_apply(client, volume):
    boss, _ = volume
    client.force_login(boss)
    r = client.get("/staff/requests/?year=abc&q=2026-00001")
    assert r.status_code == 200
    assert r.context["filters"].errors["year"]
    assert [i[0].reference for i in r.context["items"]] == ["2026-00001"]
    assert client.get("/staff/requests/?page=9999").status_code == 200
    assert client.get("/staff/requests/?sort=password").status_code == 200


def test_confirmation_pending_shows_waiting_days_red_after_one_working_day(client):
    from portal import workdays

    clerk = handler()
    today = timezone.localdate()
    yesterday_workday = workdays.add_workdays(today, -1)
    earlier = workdays.add_workdays(today, -3)
    for ref, on in (("2026-90001", today), ("2026-90002", earlier)):
        InformationRequest.objects.create(
            reference=ref,
            applicant_type="natural_person",
            applicant_name="甲",
            description="x",
            channel="online",
            submitted_on=on,
        )
    client.force_login(clerk)
    r = client.get("/staff/requests/")
    rows = {i[0].reference: i for i in r.context["items"]}
    assert rows["2026-90001"].waiting == 0 and not rows["2026-90001"].waiting_late
    assert rows["2026-90002"].waiting == 3 and rows["2026-90002"].waiting_late
    html = r.content.decode()
    assert '<span class="waiting-late">待确认收到，已等待 3 个工作日</span>' in html
    assert "待确认收到，已等待 0 个工作日" in html
    # The older one is the more urgent.
    assert [i[0].reference for i in r.context["items"]] == ["2026-90002", "2026-90001"]
    assert yesterday_workday < today


def test_staff_queue_selector_default_excludes_closed():
    today = timezone.localdate()
    _bulk(20, today)
    assert not staff_queue().filter(status="closed").exists()
    assert staff_queue(status="all").filter(status="closed").exists()


def test_default_order_on_a_small_case(client):
    today = timezone.localdate()
    common = {"applicant_type": "natural_person", "applicant_name": "乙", "description": "x"}

    def make(ref, **kw):
        return InformationRequest.objects.create(reference=ref, **common, **kw)

    closed = make(
        "C",
        channel="in_person",
        submitted_on=today - timedelta(days=60),
        status="closed",
        due_on=today - timedelta(days=40),
        closed_on=today - timedelta(days=41),
    )
    closed_later = make(
        "C2",
        channel="in_person",
        submitted_on=today - timedelta(days=90),
        status="closed",
        due_on=today - timedelta(days=70),
        closed_on=today - timedelta(days=5),
    )
    later = make(
        "L",
        channel="in_person",
        submitted_on=today - timedelta(days=2),
        status="in_progress",
        due_on=today + timedelta(days=20),
    )
    overdue = make(
        "O",
        channel="in_person",
        submitted_on=today - timedelta(days=40),
        status="in_progress",
        due_on=today - timedelta(days=3),
    )
    unconfirmed = make("U", channel="online", submitted_on=today)
    client.force_login(handler())
    for url in ("/staff/requests/?status=all", "/staff/requests/?status=all&handler="):
        # Closed ones last, the most recently closed first.
        assert [i[0].pk for i in client.get(url).context["items"]] == [
            overdue.pk,
            unconfirmed.pk,
            later.pk,
            closed_later.pk,
            closed.pk,
        ]


def test_dashboard_names_the_admin_page_not_a_command(client, settings):
    from portal import workdays
    from portal.models import CalendarYear

    year = timezone.localdate().year
    CalendarYear.objects.filter(year=year).delete()
    workdays.invalidate()
    assert not workdays.current().is_known(year)
    clerk = handler()
    client.force_login(clerk)
    html = client.get("/staff/").content.decode()
    assert "manage.py" not in html and "系统管理 → 节假日安排" in html
    assert 'href="/admin/portal/calendarday/"' not in html  # a clerk cannot open it
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(admin)
    html = client.get("/staff/").content.decode()
    assert '<a href="/admin/portal/calendarday/">系统管理 → 节假日安排</a>' in html


def test_page_size_select_shows_the_size_in_use(client):
    client.force_login(handler())
    for url in ("/staff/requests/", "/staff/requests/?status=all"):
        assert '<option value="50" selected>50 件</option>' in client.get(url).content.decode()
    assert '<option value="200" selected>' in client.get("/staff/requests/?per_page=200").content.decode()


def test_a_date_outside_the_calendar_does_not_break_the_queue(client):
    InformationRequest.objects.create(
        reference="OLD-1",
        applicant_type="natural_person",
        applicant_name="丙",
        description="x",
        channel="online",
        submitted_on=date(1985, 3, 1),
    )
    client.force_login(handler())
    r = client.get("/staff/requests/")
    assert r.status_code == 200 and r.context["items"][0].waiting is None
