"""`python manage.py import_requests FILE` (docs/cli.md): all or none."""

from django.core.management.base import BaseCommand, CommandError

from requests_app.ledger import LedgerError, import_requests


class Command(BaseCommand):
    help = "从台账 JSON 文件导入政府信息公开申请（全部成功或全部不导入）"
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **options):
        try:
            with open(options["file"], encoding="utf-8-sig") as fh:
                text = fh.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"无法读取文件 {options['file']}：{exc}")
        try:
            count = import_requests(text)
        except LedgerError as exc:
            raise CommandError(f"未导入任何记录。{exc}")
        self.stdout.write(str(count))
