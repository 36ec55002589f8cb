"""`manage.py workdays` exactly as contracts/ledger.md says (run as from the command line:
exit status, standard output, standard error)."""

import pytest

from tests.requests_app.cli import run_cli

pytestmark = pytest.mark.django_db


def run(capsys, *args):
    return run_cli(capsys, "workdays", *args)


def test_add_prints_only_the_date(capsys):
    assert run(capsys, "add", "2019-09-27", "20") == (0, "2019-10-30\n", "")


def test_add_zero_is_the_date_itself(capsys):
    assert run(capsys, "add", "2019-10-05", "0")[:2] == (0, "2019-10-05\n")


def test_add_counts_make_up_days(capsys):
    # Saturday 2026-10-10 is a working day: one after Friday 10-09.
    assert run(capsys, "add", "2026-10-09", "1")[1] == "2026-10-10\n"


def test_between_prints_the_count_and_negative_when_reversed(capsys):
    assert run(capsys, "between", "2019-09-27", "2019-10-30")[:2] == (0, "20\n")
    assert run(capsys, "between", "2019-10-30", "2019-09-27")[:2] == (0, "-20\n")
    assert run(capsys, "between", "2019-10-01", "2019-10-07")[:2] == (0, "0\n")


def test_unknown_year_warns_on_stderr_but_prints_the_date(capsys):
    code, out, err = run(capsys, "add", "2026-12-10", "20")
    assert (code, out) == (0, "2027-01-07\n")
    assert "2027" in err


def test_between_into_unknown_year_warns(capsys):
    code, out, err = run(capsys, "between", "2026-12-31", "2027-01-04")
    assert (code, out) == (0, "2\n") and "2027" in err


@pytest.mark.parametrize(
    "args",
    [
        ("add", "2019-02-30", "3"),
        ("add", "2019-09-27", "201"),
        ("add", "2019-09-27", "-1"),
        ("add", "2019-09-27", "x"),
        ("between", "2019-09-27", "tomorrow"),
        ("add", "20190927", "1"),
        ("add", "1980-01-01", "5"),
    ],
)
def test_bad_input_fails_with_one_line_reason(capsys, args):
    code, out, err = run(capsys, *args)
    assert code != 0 and out == ""
    assert len(err.strip().splitlines()) == 1
