"""`manage.py import_holidays FILE`: validated in full, all or nothing, replaces the year."""

import json
from datetime import date

import pytest

from portal import workdays
from portal.models import CalendarDay, CalendarYear
from tests.requests_app.cli import run_cli

pytestmark = pytest.mark.django_db

GOOD = {
    "year": 2027,
    "days": [
        {"name": "元旦", "date": "2027-01-01", "isOffDay": True},
        {"name": "春节", "date": "2027-02-05", "isOffDay": True},
        {"name": "春节", "date": "2027-02-07", "isOffDay": False},  # Sunday make-up day
        {"name": "春节", "date": "2027-02-06", "isOffDay": True},  # Saturday: already off, not stored
    ],
}


def write(tmp_path, data):
    p = tmp_path / "h.json"
    p.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return str(p)


def test_import_records_year_and_rows(capsys, tmp_path, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        code, out, err = run_cli(capsys, "import_holidays", write(tmp_path, GOOD))
    assert code == 0, err
    assert CalendarYear.objects.filter(year=2027).exists()
    rows = dict(CalendarDay.objects.filter(date__year=2027).values_list("date", "is_workday"))
    assert rows == {date(2027, 1, 1): False, date(2027, 2, 5): False, date(2027, 2, 7): True}
    cal = workdays.current()
    assert not cal.is_workday(date(2027, 1, 1)) and cal.is_workday(date(2027, 2, 7))
    assert cal.unknown_years(date(2026, 12, 1), date(2027, 3, 1)) == []


def test_import_replaces_that_years_rows(capsys, tmp_path):
    CalendarDay.objects.create(date=date(2027, 5, 3), is_workday=False, note="旧")
    assert run_cli(capsys, "import_holidays", write(tmp_path, GOOD))[0] == 0
    assert not CalendarDay.objects.filter(date=date(2027, 5, 3)).exists()


@pytest.mark.parametrize(
    "days,line_hint",
    [
        (
            [
                {"name": "元旦", "date": "2027-01-01", "isOffDay": True},
                {"name": "元旦", "date": "2027-02-30", "isOffDay": True},
            ],
            "第 11 行",
        ),
        ([{"name": "元旦", "date": "2028-01-01", "isOffDay": True}], "第 6 行"),
        ([{"name": "", "date": "2027-01-01", "isOffDay": True}], "第 5 行"),
        ([{"name": "元旦", "date": "2027-01-01", "isOffDay": "yes"}], "第 7 行"),
        (
            [
                {"name": "元旦", "date": "2027-01-01", "isOffDay": True},
                {"name": "元旦", "date": "2027-01-01", "isOffDay": True},
            ],
            "重复",
        ),
    ],
)
def test_bad_files_are_refused_naming_the_line_and_nothing_changes(capsys, tmp_path, days, line_hint):
    before = CalendarDay.objects.count()
    code, out, err = run_cli(capsys, "import_holidays", write(tmp_path, {"year": 2027, "days": days}))
    assert code != 0 and line_hint in err and len(err.strip().splitlines()) == 1, err
    assert CalendarDay.objects.count() == before
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_broken_json_names_the_line(capsys, tmp_path):
    code, _, err = run_cli(capsys, "import_holidays", write(tmp_path, '{"year": 2027,\n "days": [\n {"name": }\n]}'))
    assert code != 0 and "第 3 行" in err


def test_bad_year_refused(capsys, tmp_path):
    assert run_cli(capsys, "import_holidays", write(tmp_path, {"year": "2027", "days": GOOD["days"]}))[0] != 0


def test_rolled_back_calendar_change_does_not_swallow_the_next_signal(django_capture_on_commit_callbacks):
    from django.db import transaction

    from portal.signals import calendar_changed

    seen = []

    def receiver(**kwargs):
        seen.append(kwargs["dates"])

    calendar_changed.connect(receiver)
    try:
        try:
            with transaction.atomic():
                CalendarDay.objects.create(date=date(2027, 6, 1), is_workday=False, note="回滚")
                raise RuntimeError
        except RuntimeError:
            pass
        with django_capture_on_commit_callbacks(execute=True):
            CalendarDay.objects.create(date=date(2027, 6, 2), is_workday=False, note="保存")
    finally:
        calendar_changed.disconnect(receiver)
    assert seen == [[date(2027, 6, 2)]]
