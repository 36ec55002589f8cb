"""`python manage.py export_letters [--reference REF] [--format json]` (docs/cli.md):
every letter issued, oldest first, with its frozen text and SHA-256."""

import json

from django.core.management.base import BaseCommand, CommandError

from requests_app.letters.selectors import export_rows, issued_letters
from requests_app.models import InformationRequest


class Command(BaseCommand):
    help = "导出已出具的全部文书（答复书、补正告知书、征求意见函、延期答复告知书、收费通知书、第三方告知书）"
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--reference", default=None, help="只导出该申请编号的文书")
        parser.add_argument("--format", choices=["json"], default="json")

    def handle(self, *args, **options):
        reference = options["reference"]
        if reference is not None and not InformationRequest.objects.filter(reference=reference).exists():
            raise CommandError(f"没有申请编号为“{reference}”的申请")
        rows = export_rows(issued_letters(reference))
        self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
