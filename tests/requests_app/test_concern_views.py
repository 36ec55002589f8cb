"""The register's staff pages: who sees what, clocks rendered on the server, bad input kept
with a Chinese message, and a list page whose query count does not grow with its length."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from requests_app.concerns.choices import ConcernLevel
from requests_app.models import ConcernEntry
from tests.portal.factories import DepartmentFactory, UserFactory
from tests.requests_app.concern_helpers import department_handler, entry, keeper, response_item

pytestmark = pytest.mark.django_db

LIST = "/staff/concerns/"


def test_the_register_shows_running_clocks_rendered_by_the_server(client):
    office = keeper()
    now = timezone.now()
    e = entry(actor=office, level=ConcernLevel.MAJOR, noticed_at=now - timedelta(hours=1, minutes=48, seconds=30))
    late = entry(actor=office, noticed_at=now - timedelta(hours=50, seconds=30))
    client.force_login(office)
    page = client.get(LIST).content.decode()
    assert e.reference in page and late.reference in page
    assert "剩余 3小时11分" in page or "剩余 3小时12分" in page  # the minute may turn during the test
    assert "剩余 22小时11分" in page or "剩余 22小时12分" in page
    assert "已超时 2小时" in page
    assert 'class="urg-overdue"' in page
    assert "js/concern_clock.js" in page
    detail = client.get(e.get_absolute_url()).content.decode()
    assert "发布权威信息（5小时内）" in detail and "召开新闻发布会（24小时内）" in detail
    assert "剩余 3小时1" in detail


def test_another_department_cannot_see_an_entry(client):
    dept, other = DepartmentFactory(), DepartmentFactory()
    mine = entry(department=dept, summary="本处负责的舆情")
    theirs = entry(department=other, summary="别的处室负责的舆情")
    handler = department_handler(dept)
    client.force_login(handler)
    page = client.get(LIST).content.decode()
    assert mine.reference in page and theirs.reference not in page
    assert client.get(mine.get_absolute_url()).status_code == 200
    assert client.get(theirs.get_absolute_url()).status_code == 403
    response = client.post(f"/staff/concerns/{theirs.pk}/follow_up/", {"note": "越权记录"})
    assert response.status_code == 403
    assert not theirs.follow_ups.exists()
    assert client.get("/staff/concerns/new/").status_code == 403
    assert client.get(f"/staff/concerns/{mine.pk}/edit/").status_code == 403


def test_a_user_without_the_role_sees_no_register_and_no_link(client):
    e = entry()
    client.force_login(UserFactory(department=e.department))  # same department, no role
    assert client.get(LIST).status_code == 403
    assert client.get(e.get_absolute_url()).status_code == 403
    home = client.get("/staff/").content.decode()
    assert "舆情台账" not in home


def test_keeper_gets_the_nav_link_and_the_panel_nearest_limit_first(client):
    office = keeper()
    now = timezone.now()
    later = entry(actor=office, summary="四十八小时的舆情", noticed_at=now - timedelta(hours=1))
    sooner = entry(actor=office, summary="重大突发舆情", level=ConcernLevel.MAJOR, noticed_at=now - timedelta(hours=1))
    client.force_login(office)
    home = client.get("/staff/").content.decode()
    assert 'href="/staff/concerns/"' in home
    panel = home[home.index('id="concerns-panel"') :]
    assert panel.index(sooner.reference) < panel.index(later.reference)
    assert "处置中的舆情 2 条" in home


def test_register_through_the_form_and_bad_input_keeps_what_was_typed(client):
    office = keeper()
    dept = DepartmentFactory(name="狱政管理处")
    client.force_login(office)
    bad = {
        "noticed_at": "2026-13-45 25:00",
        "source": "微博",
        "source_url": "不是网址",
        "summary": "网民关注某监狱会见室改造期间的会见安排",
        "category": "hot_topic",
        "level": "general",
        "department": str(dept.pk),
    }
    response = client.post("/staff/concerns/new/", bad)
    page = response.content.decode()
    assert response.status_code == 400
    assert "请按“年-月-日 时:分”填写时间" in page and "请填写完整的网址" in page
    assert "网民关注某监狱会见室改造期间的会见安排" in page
    assert not ConcernEntry.objects.exists()
    future = {
        **bad,
        "source_url": "",
        "noticed_at": (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
    }
    response = client.post("/staff/concerns/new/", future)
    assert response.status_code == 400 and "发现时间不能晚于当前时间" in response.content.decode()
    good = {**future, "noticed_at": (timezone.localtime() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")}
    response = client.post("/staff/concerns/new/", good)
    e = ConcernEntry.objects.get()
    assert response.status_code == 302 and response["Location"] == e.get_absolute_url()
    assert e.department == dept and e.created_by == office
    assert timezone.localtime(e.noticed_at).strftime("%Y-%m-%dT%H:%M") == good["noticed_at"]  # China time
    history = client.get(e.get_absolute_url()).content.decode()
    assert "变更记录" in history and "登记" in history


def test_closing_without_a_response_is_refused_on_the_page(client):
    office = keeper()
    e = entry(actor=office)
    client.force_login(office)
    response = client.post(f"/staff/concerns/{e.pk}/close/", {"note": "想直接办结"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "须先关联已发布的“回应关切”信息" in page and "想直接办结" in page
    e.refresh_from_db()
    assert e.is_open


def test_link_the_response_found_by_search_then_close(client):
    office = keeper()
    e = entry(actor=office, noticed_at=timezone.now() - timedelta(hours=3))
    wanted = response_item(title="关于网民关注会见安排调整问题的回应")
    response_item(title="关于罪犯劳动报酬问题的回应")
    client.force_login(office)
    found = client.post(f"/staff/concerns/{e.pk}/response/", {"item_query": "会见", "find_item": "1"})
    page = found.content.decode()
    assert found.status_code == 200
    assert wanted.title in page and "劳动报酬" not in page
    response = client.post(f"/staff/concerns/{e.pk}/response/", {"item_query": "会见", "item": str(wanted.pk)})
    assert response.status_code == 302
    response = client.post(f"/staff/concerns/{e.pk}/close/", {"note": "已回应"})
    assert response.status_code == 302
    e.refresh_from_db()
    assert not e.is_open and e.response_item_id == wanted.pk
    detail = client.get(e.get_absolute_url()).content.decode()
    assert wanted.get_absolute_url() in detail and "没有可办理的事项" in detail
    assert "关联回应信息" in detail and "办结" in detail


def _build(n: int, office, depts):
    now = timezone.now()
    for i in range(n):
        entry(
            actor=office,
            department=depts[i % len(depts)],
            level=[ConcernLevel.MAJOR, ConcernLevel.GENERAL][i % 2],
            noticed_at=now - timedelta(hours=i),
            summary=f"第{i}条舆情",
        )


def test_list_page_query_count_is_the_same_with_5_and_50_entries(client, django_assert_num_queries):
    office = keeper()
    depts = [DepartmentFactory() for _ in range(4)]
    _build(5, office, depts)
    client.force_login(office)
    client.get(LIST)
    with CaptureQueriesContext(connection) as five:
        assert client.get(LIST).status_code == 200
    _build(45, office, depts)
    with django_assert_num_queries(len(five.captured_queries)):
        page = client.get(LIST).content.decode()
    assert page.count('href="/staff/concerns/') >= 50


def test_editing_records_only_what_changed(client):
    from portal.audit import events_for

    office = keeper()
    e = entry(actor=office, noticed_at=timezone.now() - timedelta(hours=2, seconds=17))
    client.force_login(office)
    form = client.get(f"/staff/concerns/{e.pk}/edit/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data["department"] = str(e.department_id)
    data["level"] = ConcernLevel.MAJOR
    response = client.post(f"/staff/concerns/{e.pk}/edit/", data)
    assert response.status_code == 302
    event = events_for(e).get(action="concern.updated")
    assert list(event.data["changes"]) == ["level"]


def test_draft_response_from_the_page_then_link_it_preselected(client):
    from disclosure.models import DisclosureItem
    from tests.disclosure.factories import publish

    office = keeper()
    e = entry(actor=office, noticed_at=timezone.now() - timedelta(hours=5))
    client.force_login(office)
    detail = client.get(e.get_absolute_url()).content.decode()
    assert "起草回应关切信息（送审）" in detail and f"关于{e.summary}的回应" in detail
    response = client.post(f"/staff/concerns/{e.pk}/draft_response/", {"title": "", "body": "正文"})
    assert response.status_code == 400 and "这个字段是必填项" in response.content.decode()
    response = client.post(
        f"/staff/concerns/{e.pk}/draft_response/", {"title": "关于会见安排的回应", "body": "会见照常进行。"}
    )
    assert response.status_code == 302
    e.refresh_from_db()
    detail = client.get(e.get_absolute_url()).content.decode()
    assert 'id="response-draft"' in detail and "起草回应关切信息（送审）" not in detail
    publish(DisclosureItem.objects.get(pk=e.response_draft_id))
    detail = client.get(e.get_absolute_url()).content.decode()
    assert f'<option value="{e.response_draft_id}" selected>' in detail
