"""Build the demo bureau of the seed plan. Each installed app may have a `demo` module
with `load(ctx)`; they run in INSTALLED_APPS order and share `ctx` (a dict). Safe to
run twice: every loader checks what exists first."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from portal.notifications import collect_email


class Command(BaseCommand):
    help = "加载演示数据（示例监狱管理局），可重复运行"

    def add_arguments(self, parser):
        parser.add_argument(
            "--mail-file", metavar="PATH", help="把演示数据产生的通知邮件写入该文件（默认只统计封数，不发送、不显示）"
        )

    def handle(self, *args, **options):
        ctx: dict = {"stdout": self.stdout, "style": self.style, "passwords": {}}
        self.stdout.write("加载演示数据（示例监狱管理局）：")
        # The notices the demo workflow sends go to invented addresses: keep them, count
        # them, and write them to a file on request; never print them or send them.
        with collect_email() as mails:
            with transaction.atomic():
                for config in apps.get_app_configs():
                    name = f"{config.name}.demo"
                    if find_spec(name) is None:
                        continue
                    module = import_module(name)
                    module.load(ctx)
        if options.get("mail_file"):
            with open(options["mail_file"], "w", encoding="utf-8") as fh:
                for m in mails:
                    fh.write(f"收件人：{', '.join(m['to'])}\n主题：{m['subject']}\n\n{m['body']}\n\n{'-' * 40}\n")
            self.stdout.write(f"通知邮件：{len(mails)} 封，已写入 {options['mail_file']}（未发送）。")
        else:
            self.stdout.write(f"通知邮件：{len(mails)} 封（演示数据，未发送；用 --mail-file 文件名 保存查看）。")
        self.stdout.write(self.style.SUCCESS("演示数据已就绪。演示账号（用户名 / 密码 / 角色）："))
        for username, (password, role) in sorted(ctx["passwords"].items()):
            self.stdout.write(f"  {username} / {password} / {role}")
