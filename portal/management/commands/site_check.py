"""`python manage.py site_check [--format json|text] [--date YYYY-MM-DD]` (docs/cli.md)."""

import json
import unicodedata
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from portal import site_check
from portal.models import Department

LEVEL_ORDER = {site_check.RED: 0, site_check.AMBER: 1, site_check.OK: 2}


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


class Command(BaseCommand):
    help = "网站健康检查：首页和栏目更新、逾期未公开信息、失效站内链接、超期未答复留言等（退出码总是 0）"

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json", "text"], default="text", help="输出格式（默认 text）")
        parser.add_argument("--date", help="按该日期检查（YYYY-MM-DD，默认今天）")

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options.get("date"):
            try:
                today = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(f"日期“{options['date']}”无效，应为 YYYY-MM-DD")
        results = site_check.run_grouped(today)
        findings = [f for r in results for f in r.findings]
        if options["format"] == "json":
            report = {
                "checked_at": timezone.localtime().isoformat(timespec="seconds"),
                "date": today.isoformat(),
                "site": settings.SITE_URL,
                "summary": site_check.summarize(findings),
                "findings": [f.as_dict() for f in findings],
            }
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
            return
        self._text(results, findings, today)

    def _text(self, results, findings, today: date) -> None:
        names = dict(
            Department.objects.filter(pk__in={f.department_id for f in findings if f.department_id}).values_list(
                "pk", "name"
            )
        )
        counts = site_check.summarize(findings)
        self.stdout.write(f"网站健康检查（{today:%Y-%m-%d}，{settings.SITE_URL}）")
        self.stdout.write(f"已超限 {counts[site_check.RED]} 项，即将超限 {counts[site_check.AMBER]} 项。")
        header = ("级别", "对象", "责任机构", "说明")
        for result in results:
            self.stdout.write("")
            self.stdout.write(f"【{result.title}】")
            if not result.findings:
                self.stdout.write("  未发现问题。")
                continue
            rows = [
                (
                    site_check.LEVEL_LABELS[f.level],
                    f.subject,
                    names.get(f.department_id, "—") if f.department_id else "—",
                    f.detail + (f"（{f.url}）" if f.url else ""),
                )
                for f in sorted(result.findings, key=lambda f: LEVEL_ORDER.get(f.level, 3))
            ]
            widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(3)]
            for row in [header, *rows]:
                self.stdout.write("  " + "  ".join(_pad(row[i], widths[i]) for i in range(3)) + "  " + row[3])
