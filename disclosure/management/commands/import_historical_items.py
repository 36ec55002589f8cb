"""`python manage.py import_historical_items FILE --user NAME`

Brings in items that were published before this portal existed. Each is published with
the explicit 历史导入 mark and an audit event naming the importing user; no clearance is
recorded in anyone's name. FILE is a UTF-8 JSON list of objects:

    {"title": "...", "summary": "...", "body": "<p>...</p>", "formed_on": "2019-05-30",
     "published_at": "2019-06-04 10:00", "publisher": "BGS", "topic": "regulations",
     "document_number": "...", "kind": "document", "doc_type": "normative",
     "validity": "repealed", "repealed_on": "2021-01-01", "report_year": null}

title, summary, formed_on, published_at, publisher (a department code) and topic (a topic
code) are required. Either every record is valid and all are imported, or nothing is. A
record whose title and date formed match an existing item is skipped, so a file can be
run twice."""

import datetime
import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from disclosure.choices import DocType, ItemKind, Validity
from disclosure.models import DisclosureItem, Topic
from disclosure.services import ensure_can_import_historical, import_historical_item
from portal.models import Department

REQUIRED = ("title", "summary", "formed_on", "published_at", "publisher", "topic")


def _date(value, label: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{label}“{value}”不是有效日期（应为 YYYY-MM-DD）") from None


def _moment(value, label: str) -> datetime.datetime:
    text = str(value).strip()
    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d"):
        try:
            return timezone.make_aware(datetime.datetime.strptime(text, fmt))
        except ValueError:
            continue
    raise ValueError(f"{label}“{value}”无效（应为 YYYY-MM-DD 或 YYYY-MM-DD HH:MM）")


def _choice(value, choices, label: str, default: str) -> str:
    if value in (None, ""):
        return default
    if value not in choices.values:
        raise ValueError(f"{label}“{value}”无效，可选：{'、'.join(choices.values)}")
    return value


def parse_record(raw, *, departments: dict, topics: dict) -> tuple[dict, datetime.datetime]:
    """The item fields and the original publication time of one record; ValueError says why not."""
    if not isinstance(raw, dict):
        raise ValueError("每条记录应为一个 JSON 对象")
    missing = [key for key in REQUIRED if not str(raw.get(key) or "").strip()]
    if missing:
        raise ValueError(f"缺少必填项：{'、'.join(missing)}")
    title = str(raw["title"]).strip()
    if len(title) > 300:
        raise ValueError("名称超过300字")
    if raw["publisher"] not in departments:
        raise ValueError(f"发布机构代码“{raw['publisher']}”不存在")
    if raw["topic"] not in topics:
        raise ValueError(f"主题分类代码“{raw['topic']}”不存在")
    data = {
        "title": title,
        "summary": str(raw["summary"]).strip(),
        "body": str(raw.get("body") or ""),
        "formed_on": _date(raw["formed_on"], "生成日期"),
        "document_number": str(raw.get("document_number") or "").strip()[:100],
        "publisher": departments[raw["publisher"]],
        "topic": topics[raw["topic"]],
        "kind": _choice(raw.get("kind"), ItemKind, "类别", ItemKind.DOCUMENT),
        "doc_type": _choice(raw.get("doc_type"), DocType, "文件类型", DocType.OTHER),
        "validity": _choice(raw.get("validity"), Validity, "有效性", Validity.IN_FORCE),
    }
    if data["validity"] == Validity.REPEALED:
        if not raw.get("repealed_on"):
            raise ValueError("有效性为已废止的，须填写废止日期 repealed_on")
        data["repealed_on"] = _date(raw["repealed_on"], "废止日期")
    if raw.get("report_year") not in (None, ""):
        if not str(raw["report_year"]).isdigit():
            raise ValueError(f"报告年度“{raw['report_year']}”无效")
        data["report_year"] = int(raw["report_year"])
    published_at = _moment(raw["published_at"], "发布时间")
    if published_at > timezone.now():
        raise ValueError("发布时间晚于现在：历史导入只用于已经发布过的信息")
    return data, published_at


class Command(BaseCommand):
    help = "导入本平台启用前已经发布的公开信息（标记为“历史导入”，并记录导入人）"

    def add_arguments(self, parser):
        parser.add_argument("file", help="UTF-8 编码的 JSON 文件，内容为记录列表")
        parser.add_argument("--user", required=True, help="执行导入的用户名（须有“导入历史公开信息”权限）")

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"用户“{options['user']}”不存在")
        try:
            ensure_can_import_historical(user)
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None
        path = Path(options["file"])
        try:
            records = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise CommandError(f"文件“{path}”不存在") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CommandError(f"文件“{path}”不是 UTF-8 编码的 JSON：{exc}") from None
        if not isinstance(records, list):
            raise CommandError("文件内容应为记录列表（JSON 数组）")
        departments = {d.code: d for d in Department.objects.all()}
        topics = {t.code: t for t in Topic.objects.all()}
        parsed, errors = [], []
        for number, raw in enumerate(records, start=1):
            try:
                parsed.append(parse_record(raw, departments=departments, topics=topics))
            except ValueError as exc:
                errors.append(f"第{number}条：{exc}")
        if errors:
            raise CommandError("未导入任何记录，请修改后重试：" + "；".join(errors))
        imported = skipped = 0
        source = path.name
        with transaction.atomic():
            for data, published_at in parsed:
                if DisclosureItem.objects.filter(title=data["title"], formed_on=data["formed_on"]).exists():
                    skipped += 1
                    continue
                try:
                    import_historical_item(actor=user, data=data, published_at=published_at, source=source)
                except ValidationError as exc:
                    raise CommandError(f"《{data['title']}》：{'；'.join(exc.messages)}") from None
                imported += 1
        self.stdout.write(f"历史导入：新增 {imported} 条，已存在跳过 {skipped} 条（导入人：{user.get_username()}）。")
