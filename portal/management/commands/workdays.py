"""`python manage.py workdays add DATE N` / `workdays between A B` (docs/cli.md)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from portal import workdays
from portal.workdays import OutOfRange


def _date(value: str, name: str) -> date:
    try:
        if len(value) != 10:
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{name}“{value}”不是有效日期，应为 YYYY-MM-DD")


class Command(BaseCommand):
    help = "工作日计算：add DATE N（DATE 之后第 N 个工作日）；between A B（(A, B] 内的工作日数）"
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("operation", choices=["add", "between"])
        parser.add_argument("first")
        parser.add_argument("second")

    def handle(self, *args, **options):
        cal = workdays.current()
        op = options["operation"]
        try:
            if op == "add":
                start = _date(options["first"], "日期")
                try:
                    n = int(options["second"])
                except ValueError:
                    raise CommandError(f"N“{options['second']}”不是整数，应为 0 到 200")
                if not 0 <= n <= 200:
                    raise CommandError(f"N = {n} 超出范围，应为 0 到 200")
                result = cal.add_workdays(start, n)
                unknown = cal.unknown_years(start, result)
                out = result.isoformat()
            else:
                a = _date(options["first"], "起始日期")
                b = _date(options["second"], "截止日期")
                out = str(cal.workdays_between(a, b))
                unknown = cal.unknown_years(a, b)
        except OutOfRange as exc:
            raise CommandError(str(exc))
        for year in unknown:
            self.stderr.write(f"警告：{year}年节假日安排尚未录入，该年按周一至周五计算，结果为暂定。")
        self.stdout.write(out)
