"""Run a management command as from the shell (exit status, stdout, stderr) inside a test."""

from unittest import mock

from django.core.management import ManagementUtility


def run_cli(capsys, *args) -> tuple[int, str, str]:
    code = 0
    # run_from_argv closes every connection when it ends; the test still needs its own.
    with mock.patch("django.db.connections.close_all"):
        try:
            ManagementUtility(["manage.py", *args]).execute()
        except SystemExit as exc:
            code = exc.code or 0
    out = capsys.readouterr()
    return code, out.out, out.err
