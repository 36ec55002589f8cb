"""Prepare a fresh installation: the role groups with their permissions (also done by
every `migrate`), then say what an administrator still has to do."""

from django.core.management.base import BaseCommand, CommandError

from portal.models import Department, SiteProfile
from portal.roles import ROLE_GROUPS, ensure_role_groups


class Command(BaseCommand):
    help = "创建角色组及其权限（每次 migrate 也会执行），并列出尚未完成的初始设置"

    def handle(self, *args, **options):
        missing = ensure_role_groups()
        if missing:
            raise CommandError(
                "以下权限不存在，请先运行 python manage.py migrate："
                + "；".join(f"{g}：{'、'.join(p)}" for g, p in missing.items())
            )
        self.stdout.write("角色组：" + "、".join(ROLE_GROUPS))
        todo = []
        from django.contrib.auth import get_user_model

        if not get_user_model().objects.filter(is_superuser=True, is_active=True).exists():
            todo.append("创建第一个管理员：python manage.py createsuperuser")
        if not SiteProfile.objects.filter(pk=1).exists():
            todo.append("在管理后台“网站信息”中填写机关名称、机关代码和政府信息公开工作机构的联系方式")
        if not Department.objects.filter(is_office=True).exists():
            todo.append("在管理后台“机构”中创建办公室并勾选“承担保密审查（办公室）”")
        if not Department.objects.filter(is_legal_affairs=True).exists():
            todo.append("在管理后台“机构”中创建法制处并勾选“承担公开属性认定（法制处）”")
        for line in todo:
            self.stdout.write("待办：" + line)
        if not todo:
            self.stdout.write("初始设置已完成。")
