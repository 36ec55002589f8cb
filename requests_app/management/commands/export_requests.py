"""`python manage.py export_requests [--format json|csv] [--as-of DATE]` (docs/cli.md)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from requests_app.ledger import iter_records, stream_requests, write_csv, write_json


class Command(BaseCommand):
    help = "导出全部政府信息公开申请（台账），含计算得出的状态和期限"
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument("--as-of", dest="as_of", default=None, help="计算日期 YYYY-MM-DD，默认今天")

    def handle(self, *args, **options):
        as_of = timezone.localdate()
        if options["as_of"]:
            try:
                as_of = date.fromisoformat(options["as_of"])
            except ValueError:
                raise CommandError(f"--as-of 日期“{options['as_of']}”无效，应为 YYYY-MM-DD")
            if len(options["as_of"]) != 10:
                raise CommandError(f"--as-of 日期“{options['as_of']}”无效，应为 YYYY-MM-DD")
        # Streamed: a chunk of requests is read, written and forgotten before the next.
        records = iter_records(stream_requests(), as_of=as_of)

        def write(text: str) -> None:
            self.stdout.write(text, ending="")

        if options["format"] == "csv":
            write_csv(records, write)
        else:
            write_json(records, write)
            write("\n")
        self.stdout.flush()
