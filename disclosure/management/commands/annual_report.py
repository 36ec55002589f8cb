"""`python manage.py annual_report YEAR [--format json|html|pdf] [--output FILE]`
(docs/cli.md). A published report prints its frozen snapshot; otherwise the
figures are computed now from the stored data."""

import json

from django.core.management.base import BaseCommand, CommandError

from disclosure.annual_report import render as report_render
from disclosure.annual_report import selectors as report_selectors
from disclosure.annual_report import tables as ar
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
            raise CommandError(f"年度“{raw}”无效：应为 {MIN_YEAR} 至 {MAX_YEAR} 之间的年份")
        year = int(raw)
        if options["format"] not in FORMATS:
            raise CommandError(f"--format “{options['format']}”无效：应为 json、html 或 pdf")
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
                title = ar.report_title(org_name=org_name, year=year)
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
                raise CommandError(f"无法写入 {output}：{exc.strerror}")
        elif fmt == "pdf":
            # Binary: write to the byte stream under self.stdout (so call_command(stdout=…)
            # with a binary stream works too).
            self.stdout.flush()
            stream = getattr(self.stdout._out, "buffer", self.stdout._out)
            try:
                stream.write(payload)
            except TypeError:
                raise CommandError("PDF 为二进制内容：请用 --output 指定文件，或输出到二进制流")
            stream.flush()
        else:
            self.stdout.write(payload.decode("utf-8"), ending="")
