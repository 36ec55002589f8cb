"""`python manage.py import_holidays FILE`: a year's holiday arrangement from the State
Council notice, as {"year": 2027, "days": [{"name": "元旦", "date": "2027-01-01",
"isOffDay": true}, …]}. Validated in full; all or nothing; replaces that year's rows."""

import json
import re
from datetime import date

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from portal.calendar_changes import import_holiday_year


def _line(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def day_spans(text: str, days: list) -> list[tuple[int, int] | None]:
    """(start, end) offsets of each entry of the top-level "days" array (None when not locatable)."""
    match = re.search(r'"days"\s*:\s*\[', text)
    if not match:
        return [None] * len(days)
    decoder = json.JSONDecoder()
    pos, spans = match.end(), []
    try:
        for expected in days:
            while text[pos] in " \t\r\n,":
                pos += 1
            value, end = decoder.raw_decode(text, pos)
            if value != expected:
                return [None] * len(days)
            spans.append((pos, end))
            pos = end
    except (ValueError, IndexError):
        return [None] * len(days)
    return spans


def parse_holidays(text: str) -> tuple[int, list[tuple[date, bool, str]]]:
    """Validate the file; return (year, rows breaking the Monday–Friday rule)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CommandError(f"第 {exc.lineno} 行：不是有效的 JSON（{exc.msg}）")
    if not isinstance(data, dict):
        raise CommandError("第 1 行：文件应为含 year 和 days 的 JSON 对象")
    year = data.get("year")
    year_line = _line(text, m.start()) if (m := re.search(r'"year"', text)) else 1
    if isinstance(year, bool) or not isinstance(year, int) or not 1990 <= year <= 2100:
        raise CommandError(f"第 {year_line} 行：year 应为 1990 到 2100 之间的整数年份")
    days = data.get("days")
    if not isinstance(days, list) or not days:
        raise CommandError("days 应为非空数组")
    spans = day_spans(text, days)
    rows, seen = [], {}
    for i, (entry, span) in enumerate(zip(days, spans, strict=True)):

        def at(key: str | None = None, i=i, span=span) -> str:
            """The line of `key` inside entry i (or of the entry itself)."""
            if span is None:
                return f"days[{i}]"
            pos = span[0]
            if key is not None:
                found = text.find(f'"{key}"', span[0], span[1])
                pos = found if found >= 0 else pos
            return f"第 {_line(text, pos)} 行（days[{i}]）"

        where = at()
        if not isinstance(entry, dict):
            raise CommandError(f"{where}：每一项应为含 name、date、isOffDay 的对象")
        name, raw, off = entry.get("name"), entry.get("date"), entry.get("isOffDay")
        if not isinstance(name, str) or not name.strip():
            raise CommandError(f"{at('name')}：缺少节日名称 name")
        if not isinstance(raw, str) or len(raw) != 10:
            raise CommandError(f"{at('date')}：date 应为 YYYY-MM-DD 格式的日期")
        try:
            d = date.fromisoformat(raw)
        except ValueError:
            raise CommandError(f"{at('date')}：date“{raw}”不是有效日期")
        if d.year != year:
            raise CommandError(f"{at('date')}：日期 {raw} 不属于 {year} 年")
        if not isinstance(off, bool):
            raise CommandError(f"{at('isOffDay')}：isOffDay 应为 true 或 false")
        if d in seen:
            raise CommandError(f"{at('date')}：日期 {raw} 重复（已见于 days[{seen[d]}]）")
        seen[d] = i
        weekday = d.weekday() < 5
        if off and weekday:
            rows.append((d, False, name.strip()))
        elif not off and not weekday:
            rows.append((d, True, f"{name.strip()}调休上班"))
    return year, rows


class Command(BaseCommand):
    help = "从 JSON 文件导入某一年的节假日安排（替换该年已有数据）"
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--user", default="", help="以该用户名记入审计日志（默认不记操作人）")

    def handle(self, *args, **options):
        path = options["file"]
        try:
            with open(path, encoding="utf-8-sig") as fh:
                text = fh.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"无法读取文件 {path}：{exc}")
        actor = None
        if options["user"]:
            actor = get_user_model().objects.filter(username=options["user"], is_active=True).first()
            if actor is None:
                raise CommandError(f"没有名为 {options['user']} 的有效用户")
        year, rows = parse_holidays(text)
        import_holiday_year(year=year, rows=rows, source=f"import_holidays {path}", actor=actor)
        self.stdout.write(
            f"{year}年：已导入 {len(rows)} 个调整日期（放假 {sum(not w for _, w, _ in rows)}，调休上班 {sum(w for _, w, _ in rows)}）"
        )
