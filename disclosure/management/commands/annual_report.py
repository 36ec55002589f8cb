"""`python manage.py annual_report YEAR [--format json|html|pdf] [--output FILE]`
(contracts/ledger.md). A published report prints its frozen snapshot; otherwise the
figures are computed now from the stored data."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from disclosure import annual_report as ar
from disclosure import report_render, report_selectors
from portal.html import sanitize
from portal.models import SiteProfile

MIN_YEAR, MAX_YEAR = 2008, 2100
FORMATS = ("json", "html", "pdf")


class Command(BaseCommand):
    help = "输出指定年度的政府信息公开工作年度报告（json、html 或 pdf）"

    def add_arguments(self, parser):
        parser.add_argument("year", help="报告年度，如 2025")
        # Checked in handle() so that a bad value is a one-line error like every other.
        parser.add_argument("--format", default="json", help="json、html 或 pdf")
        parser.add_argument("--output", help="写入文件（默认输出到标准输出）")

    def handle(self, *args, **options):
        raw = options["year"]
        if not raw.isdigit() or not MIN_YEAR <= int(raw) <= MAX_YEAR:
            raise CommandError(f"invalid YEAR {raw!r}: expected a year from {MIN_YEAR} to {MAX_YEAR}")
        year = int(raw)
        if options["format"] not in FORMATS:
            raise CommandError(f"invalid --format {options['format']!r}: expected json, html or pdf")
        data, frozen = report_selectors.report_data(year)
        fmt = options["format"]
        if fmt == "json":
            payload = (json.dumps(ar.contract_json(data), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        else:
            report = report_selectors.report_for_year(year) if frozen else None
            if report is not None:
                body, title = report.item.body, report.item.title
            else:
                org_name = SiteProfile.current().org_name
                body = sanitize(report_render.render_body(data, org_name=org_name))
                title = f"{org_name}{year}年政府信息公开工作年度报告"
            if fmt == "html":
                payload = report_render.render_document(body, title=title).encode("utf-8")
            else:
                payload = report_render.render_pdf(body, title=title)
        output = options.get("output")
        if output:
            try:
                with open(output, "wb") as fh:
                    fh.write(payload)
            except OSError as exc:
                raise CommandError(f"cannot write {output}: {exc.strerror}")
        else:
            self.stdout.flush()
            sys.stdout.buffer.write(payload)
            sys.stdout.buffer.flush()
