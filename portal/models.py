"""The kernel: departments, staff, site profile, audit log, working-day calendar,
counters, in-app notifications and the reminder base shared by every app."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone


class Department(models.Model):
    """机构/处室. The Office and the Legal Affairs Division are flagged, not named."""

    code = models.CharField("机构代码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=100, unique=True)
    duties = models.TextField("主要职责", blank=True)
    head_name = models.CharField(
        "负责人姓名", max_length=50, blank=True, help_text="条例第二十条第（二）项：公开内设机构负责人姓名"
    )
    is_office = models.BooleanField("承担保密审查（办公室）", default=False)
    is_legal_affairs = models.BooleanField("承担公开属性认定（法制处）", default=False)
    is_disclosure_office = models.BooleanField("政府信息公开工作机构", default=False)
    order = models.PositiveIntegerField("排序", default=100)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "机构"
        verbose_name_plural = "机构"
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A staff member or administrator. Applicants do not have accounts."""

    department = models.ForeignKey(
        Department, verbose_name="所属机构", null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )
    title = models.CharField("职务", max_length=50, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = "用户"
        verbose_name_plural = "用户"
        swappable = "AUTH_USER_MODEL"

    def __str__(self) -> str:
        full = f"{self.last_name}{self.first_name}".strip()
        return full or self.username

    @property
    def display_name(self) -> str:
        return str(self)


# What pages show before an administrator has filled in the site profile.
UNCONFIGURED_PROFILE = {
    "org_name": "",
    "org_code": "000000000000000000",
    "office_name": "政府信息公开工作机构",
    "office_address": "",
    "office_hours": "工作日 8:30—11:30，13:30—17:00",
    "office_phone": "",
}


class SiteProfile(models.Model):
    """The one organisation this portal speaks for (a singleton, pk=1)."""

    org_name = models.CharField("机关名称", max_length=100)
    org_code = models.CharField("机关代码", max_length=32, help_text="统一社会信用代码或组织机构代码，用于生成索引号")
    portal_name = models.CharField("网站名称", max_length=100, default="政府信息公开")
    office_name = models.CharField("政府信息公开工作机构名称", max_length=100)
    office_address = models.CharField("办公地址", max_length=200)
    office_postcode = models.CharField("邮政编码", max_length=10, blank=True)
    office_hours = models.CharField("办公时间", max_length=200)
    office_phone = models.CharField("联系电话", max_length=50)
    office_fax = models.CharField("传真", max_length=50, blank=True)
    office_email = models.EmailField("电子邮箱", blank=True)
    website_id = models.CharField("网站标识码", max_length=50, blank=True)
    icp_number = models.CharField("ICP备案号", max_length=50, blank=True)
    police_number = models.CharField("公安机关备案号", max_length=50, blank=True)
    host_name = models.CharField("主办单位", max_length=100, blank=True, help_text="不填时使用机关名称")
    organizer_name = models.CharField("承办单位", max_length=100, blank=True)
    site_domain = models.CharField(
        "网站域名", max_length=100, blank=True, help_text="如 www.example.gov.cn，用于网页元数据 SiteDomain"
    )
    conac_id = models.CharField(
        "党政机关网站标识编号",
        max_length=64,
        blank=True,
        help_text="中央编办事业单位登记管理局（bszs.conac.cn）核发的标识编号；填写后页脚显示党政机关网站标识",
    )

    # Written decisions (答复书 and the other letters of a request).
    class LetterDateStyle(models.TextChoices):
        CHINESE = "chinese", "汉字（二〇二六年三月二十日）"
        ARABIC = "arabic", "阿拉伯数字（2026年3月20日）"

    letter_number_pattern = models.CharField(
        "文书编号格式",
        max_length=100,
        default="公开〔{year}〕{n}号",
        help_text="{year} 为年份，{n} 为当年顺序号（不间断），例如：示狱公开〔{year}〕{n}号",
    )
    letter_date_style = models.CharField(
        "文书落款日期格式", max_length=10, choices=LetterDateStyle.choices, default=LetterDateStyle.CHINESE
    )
    reconsideration_body = models.CharField(
        "行政复议机关",
        max_length=100,
        blank=True,
        help_text="行政复议法第二十四条规定的行政复议机关，例如：示例省人民政府",
    )
    reconsideration_address = models.CharField("行政复议机关地址", max_length=200, blank=True)
    court_venue = models.CharField(
        "行政诉讼管辖法院", max_length=100, blank=True, help_text="答复书中的起诉法院表述，例如：示例市中级人民法院"
    )
    may_make_rules = models.BooleanField(
        "本机关有权制定规章",
        default=False,
        help_text="立法法第九十三条：只有规定的人民政府和国务院部门可以制定规章；省级政府工作部门（如监狱管理局）不制定规章",
    )
    fee_payment_instructions = models.TextField(
        "信息处理费缴纳方式", blank=True, help_text="收费通知书中的缴费方式，例如收款单位、账号和缴费地点"
    )
    message_reply_workdays = models.PositiveSmallIntegerField(
        "留言答复时限（工作日）",
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="公众留言（咨询、建议、投诉举报）自受理之日起的答复时限；国家检查的否决线为三个月",
    )
    consultation_min_days = models.PositiveSmallIntegerField(
        "意见征集最短期限（日）",
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text="征求意见稿从开始到截止的最少自然日数，一般不少于30日",
    )

    class Meta:
        verbose_name = "网站信息"
        verbose_name_plural = "网站信息"

    def __str__(self) -> str:
        return self.org_name

    @property
    def host_display(self) -> str:
        return self.host_name or self.org_name

    @property
    def conac_url(self) -> str:
        return f"https://bszs.conac.cn/sitename?method=show&id={self.conac_id}" if self.conac_id else ""

    @property
    def police_record_url(self) -> str:
        """The Ministry of Public Security's filing page for the number's digits."""
        digits = "".join(ch for ch in self.police_number if ch.isdigit())
        return f"https://beian.mps.gov.cn/#/query/webSearch?code={digits}" if digits else ""

    @classmethod
    def current(cls) -> "SiteProfile":
        """The saved profile, or, before an administrator has filled it in, a neutral one
        (no organisation name; pages show the portal's name only and staff a notice)."""
        profile = cls.objects.filter(pk=1).first()
        if profile is None:
            profile = cls(pk=1, **UNCONFIGURED_PROFILE)
        return profile

    @classmethod
    def contact_line(cls) -> str:
        """The office and its telephone, as a notice to an applicant signs off: two columns
        read, not the whole profile (this runs on every submission of the public forms)."""
        row = cls.objects.filter(pk=1).values_list("office_name", "office_phone").first()
        office_name, office_phone = row or (UNCONFIGURED_PROFILE["office_name"], UNCONFIGURED_PROFILE["office_phone"])
        return f"{office_name}　电话：{office_phone}"

    @property
    def is_configured(self) -> bool:
        return not self._state.adding


class AuditEvent(models.Model):
    """Append-only record of every state change, written in the changing transaction."""

    action = models.CharField("动作", max_length=100, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True, on_delete=models.PROTECT
    )
    target_type = models.CharField("对象类型", max_length=100, blank=True)
    target_id = models.CharField("对象编号", max_length=64, blank=True)
    target_repr = models.CharField("对象", max_length=300, blank=True)
    data = models.JSONField("数据", default=dict, blank=True, encoder=DjangoJSONEncoder)
    at = models.DateTimeField("时间", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("审计日志只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("审计日志只能追加，不能删除")


class CalendarDay(models.Model):
    """A date that breaks the Monday–Friday rule: a weekday holiday or a make-up working day."""

    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("是否工作日", help_text="勾选：调休上班的周末；不勾选：放假的工作日")
    note = models.CharField("说明", max_length=100, blank=True)

    class Meta:
        verbose_name = "节假日安排"
        verbose_name_plural = "节假日安排"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {'上班' if self.is_workday else '放假'} {self.note}"


class CalendarYear(models.Model):
    """A year whose State Council holiday arrangement the calendar holds in full."""

    year = models.PositiveIntegerField("年份", unique=True)
    source = models.CharField("来源", max_length=200, blank=True)
    loaded_at = models.DateTimeField("录入时间", default=timezone.now)

    class Meta:
        verbose_name = "已录入节假日安排的年份"
        verbose_name_plural = "已录入节假日安排的年份"
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)


class Counter(models.Model):
    """A named gap-free counter (index-number serials, request tracking numbers)."""

    key = models.CharField(max_length=100, unique=True)
    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "计数器"
        verbose_name_plural = "计数器"

    def __str__(self) -> str:
        return f"{self.key}={self.value}"


class Notification(models.Model):
    """An entry in a staff member's in-app list."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="接收人", on_delete=models.CASCADE, related_name="notifications"
    )
    message = models.CharField("内容", max_length=500)
    url = models.CharField("链接", max_length=300, blank=True)
    # What the notice asks of its recipient, as "<kind>:<id>" (e.g. "review.step:12"); the
    # app that owns the kind tells whether that is done (portal.notifications.done_topics).
    topic = models.CharField("事项", max_length=100, blank=True, db_index=True)
    created_at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = "站内通知"
        verbose_name_plural = "站内通知"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.message


class StoredFile(models.Model):
    """The fields every uploaded file carries besides the file itself (an item's attachment, a
    rich-text editor upload, a request's document). Concrete models declare `file` with their
    own storage path and the name it is served under; `portal.files.file_response` serves it."""

    content_type = models.CharField("文件类型", max_length=100)
    size = models.PositiveBigIntegerField("大小（字节）")
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)

    class Meta:
        abstract = True


class BaseReminder(models.Model):
    """A reminder that falls due once. Concrete models add their target and a unique
    constraint over (target, kind, due_on); `portal.reminders` creates and delivers them."""

    kind = models.CharField("类型", max_length=50)
    due_on = models.DateField("提醒日期")
    created_at = models.DateTimeField("生成时间", default=timezone.now)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    escalated = models.BooleanField("已升级至负责人", default=False)

    class Meta:
        abstract = True

    def recipients(self) -> list:
        """Users to notify; concrete models override."""
        raise NotImplementedError

    def message(self) -> str:
        raise NotImplementedError

    def url(self) -> str:
        return ""

    def topic(self) -> str:
        """The notification topic ("<kind>:<id>") whose completion clears this reminder."""
        return f"{self._meta.label_lower}:{self.pk}"


class SystemReminder(BaseReminder):
    """Reminders about the portal itself (e.g. next year's holiday calendar missing)."""

    text = models.CharField("内容", max_length=500, default="")

    class Meta:
        verbose_name = "系统提醒"
        verbose_name_plural = "系统提醒"
        constraints = [models.UniqueConstraint(fields=["kind", "due_on"], name="uniq_system_reminder")]

    def __str__(self) -> str:
        return f"{self.kind} {self.due_on}"

    def recipients(self) -> list:
        return list(User.objects.filter(is_superuser=True, is_active=True))

    def message(self) -> str:
        return self.text


class ScanRun(models.Model):
    """One successful daily scan per date: later runs that day only catch up."""

    on = models.DateField("日期", unique=True)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "每日扫描"
        verbose_name_plural = "每日扫描"
        ordering = ["-on"]

    def __str__(self) -> str:
        return f"{self.on}"


class MailFailure(models.Model):
    """An e-mail the mail server did not accept after its retries: shown to administrators
    on the dashboard, and tried again by every daily scan until it goes through."""

    subject = models.CharField("主题", max_length=300)
    body = models.TextField("正文", blank=True)
    recipients = models.JSONField("收件人", default=list)
    # "app_label.Model:pk" of the reminder, when the mail is one (its row stays unsent).
    reminder = models.CharField("提醒", max_length=120, blank=True, db_index=True)
    attempts = models.PositiveIntegerField("尝试次数", default=0)
    last_error = models.TextField("最近错误", blank=True)
    failed_at = models.DateTimeField("最近失败时间", default=timezone.now)
    delivered_at = models.DateTimeField("补发成功时间", null=True, blank=True)

    class Meta:
        verbose_name = "邮件发送失败"
        verbose_name_plural = "邮件发送失败"
        ordering = ["-failed_at"]

    def __str__(self) -> str:
        return self.subject


class SiteCheckReminder(BaseReminder):
    """A reminder about one finding of the site check (portal.site_check): sent once per
    (key, level), to the department that owns the finding, or to the administrators.

    `key` is the finding's key plus the date its clock started ("column:news@2026-11-02"),
    so a column that goes stale again after an update is a new episode with its own
    reminders, while a column that stays stale is reminded once per level only."""

    key = models.CharField("检查项", max_length=200)
    level = models.CharField("级别", max_length=10)
    department = models.ForeignKey(
        Department, verbose_name="责任机构", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.CharField("内容", max_length=500, default="")
    # Where the recipient acts on it (a column, an item in the workflow, a message).
    link = models.CharField("链接", max_length=300, blank=True)

    class Meta:
        verbose_name = "网站健康检查提醒"
        verbose_name_plural = "网站健康检查提醒"
        constraints = [models.UniqueConstraint(fields=["key", "level"], name="uniq_site_check_reminder")]
        permissions = [("view_site_check", "查看网站健康检查")]

    def __str__(self) -> str:
        return f"{self.key} {self.level}"

    def recipients(self) -> list:
        if self.department_id is not None:
            users = list(User.objects.filter(department_id=self.department_id, is_active=True))
            if users:
                return users
        return list(User.objects.filter(is_superuser=True, is_active=True))

    def message(self) -> str:
        return self.text

    def url(self) -> str:
        return self.link or "/staff/site-check/"
