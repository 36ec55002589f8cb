"""The annual report (Art. 49–50): the staff-entered part of the national template, the
frozen snapshot of its figures, and its deadline reminders. The report itself is a
`DisclosureItem` of kind annual_report that goes through the two reviews like any item."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from portal.models import BaseReminder


class AnnualReport(models.Model):
    year = models.PositiveIntegerField("报告年度", unique=True)
    item = models.OneToOneField(
        "disclosure.DisclosureItem",
        verbose_name="公开信息",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="annual_report",
    )

    # Table 二, the figures the catalogue does not hold (Art. 20 (五)(六)(八)).
    licensing_decisions = models.PositiveIntegerField("行政许可本年处理决定数量", default=0)
    penalty_decisions = models.PositiveIntegerField("行政处罚本年处理决定数量", default=0)
    enforcement_decisions = models.PositiveIntegerField("行政强制本年处理决定数量", default=0)
    fees_amount_10k_yuan = models.DecimalField(
        "行政事业性收费本年收费金额（万元）",
        max_digits=12,
        decimal_places=4,
        default=0,
    )

    overview = models.TextField("一、总体情况", blank=True)
    problems = models.TextField("五、存在的主要问题及改进情况", blank=True)
    other_matters = models.TextField("六、其他需要报告的事项", blank=True)

    # The figures as last generated into the draft; frozen once the item is published.
    snapshot = models.JSONField("数据快照", null=True, blank=True)
    snapshot_at = models.DateTimeField("快照时间", null=True, blank=True)
    frozen_at = models.DateTimeField("定稿时间", null=True, blank=True)

    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="最后修改人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "政府信息公开工作年度报告"
        verbose_name_plural = "政府信息公开工作年度报告"
        ordering = ["-year"]
        permissions = [("manage_annual_report", "编制政府信息公开工作年度报告")]

    def __str__(self) -> str:
        return f"{self.year}年政府信息公开工作年度报告"

    def get_absolute_url(self) -> str:
        return reverse("reports:staff_report", args=[self.year])


class ReportReminder(BaseReminder):
    """Art. 49: last year's report is due by 31 January; one row per (year, kind, due_on)."""

    year = models.PositiveIntegerField("报告年度")

    class Meta:
        verbose_name = "年度报告提醒"
        verbose_name_plural = "年度报告提醒"
        constraints = [
            models.UniqueConstraint(fields=["year", "kind", "due_on"], name="uniq_report_reminder"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.kind} {self.due_on}"

    def recipients(self) -> list:
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Permission

        User = get_user_model()
        perm = Permission.objects.filter(codename="manage_annual_report", content_type__app_label="disclosure")
        return list(
            User.objects.filter(is_active=True)
            .filter(
                models.Q(is_superuser=True)
                | models.Q(user_permissions__in=perm)
                | models.Q(groups__permissions__in=perm)
            )
            .distinct()
        )

    def message(self) -> str:
        deadline = f"{self.year + 1}年1月31日"
        if self.kind != "annual_report_overdue":
            return f"{self.year}年政府信息公开工作年度报告尚未发布：依照条例第四十九条，应于{deadline}前向社会公布。"
        return f"{self.year}年政府信息公开工作年度报告已超过{deadline}的法定公布期限仍未发布，请尽快完成审查并发布。"

    def url(self) -> str:
        return reverse("reports:staff_report", args=[self.year])
