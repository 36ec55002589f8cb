"""Build the demo bureau of the seed plan. Each installed app may have a `demo` module
with `load(ctx)`; they run in INSTALLED_APPS order and share `ctx` (a dict). Safe to
run twice: every loader checks what exists first."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "加载演示数据（示例监狱管理局），可重复运行"

    def handle(self, *args, **options):
        ctx: dict = {"stdout": self.stdout, "style": self.style, "passwords": {}}
        with transaction.atomic():
            for config in apps.get_app_configs():
                name = f"{config.name}.demo"
                if find_spec(name) is None:
                    continue
                module = import_module(name)
                module.load(ctx)
        self.stdout.write(self.style.SUCCESS("演示数据已就绪。演示账号（用户名 / 密码 / 角色）："))
        for username, (password, role) in sorted(ctx["passwords"].items()):
            self.stdout.write(f"  {username} / {password} / {role}")
