"""Admin for the kernel: departments, users, site profile, holiday calendar; audit log,
scan runs and counters are read-only."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .calendar_changes import delete_calendar_days, delete_calendar_years, save_calendar_day, save_calendar_year
from .models import (
    AuditEvent,
    CalendarDay,
    CalendarYear,
    Counter,
    Department,
    MailFailure,
    Notification,
    ScanRun,
    SiteProfile,
    SystemReminder,
    User,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Visible to administrators, changed only by the code that owns it."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "code",
        "head_name",
        "is_office",
        "is_legal_affairs",
        "is_disclosure_office",
        "order",
        "is_active",
    ]
    list_editable = ["order"]
    list_filter = ["is_active", "is_office", "is_legal_affairs", "is_disclosure_office"]
    search_fields = ["name", "code"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "display_name", "department", "title", "is_staff", "is_active"]
    list_filter = ["department", "is_staff", "is_superuser", "is_active", "groups"]
    search_fields = ["username", "first_name", "last_name", "email", "title"]
    list_select_related = ["department"]
    fieldsets = DjangoUserAdmin.fieldsets + (("所属机构与职务", {"fields": ("department", "title")}),)
    add_fieldsets = DjangoUserAdmin.add_fieldsets + (("所属机构与职务", {"fields": ("department", "title")}),)

    @admin.display(description="姓名")
    def display_name(self, obj: User) -> str:
        return obj.display_name


@admin.register(SiteProfile)
class SiteProfileAdmin(admin.ModelAdmin):
    """A singleton (pk=1): it can be created once and never deleted."""

    fieldsets = [
        ("机关", {"fields": ["org_name", "org_code", "portal_name"]}),
        (
            "政府信息公开工作机构",
            {
                "fields": [
                    "office_name",
                    "office_address",
                    "office_postcode",
                    "office_hours",
                    "office_phone",
                    "office_fax",
                    "office_email",
                ]
            },
        ),
        (
            "网站标识",
            {
                "fields": [
                    "host_name",
                    "organizer_name",
                    "site_domain",
                    "website_id",
                    "icp_number",
                    "police_number",
                    "conac_id",
                ]
            },
        ),
        ("职权", {"fields": ["may_make_rules"]}),
        (
            "答复书等文书与救济途径",
            {
                "fields": [
                    "letter_number_pattern",
                    "letter_date_style",
                    "reconsideration_body",
                    "reconsideration_address",
                    "court_venue",
                    "fee_payment_instructions",
                ]
            },
        ),
    ]

    def has_add_permission(self, request) -> bool:
        return super().has_add_permission(request) and not SiteProfile.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        obj.pk = 1
        super().save_model(request, obj, form, change)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "action", "actor", "target_type", "target_id", "target_repr"]
    list_filter = ["action", "target_type"]
    search_fields = ["action", "target_repr", "target_id"]
    date_hierarchy = "at"
    list_select_related = ["actor"]


class CalendarYearFilter(admin.SimpleListFilter):
    title = "年份"
    parameter_name = "year"

    def lookups(self, request, model_admin):
        return [(str(d.year), f"{d.year}年") for d in CalendarDay.objects.dates("date", "year", order="DESC")]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(date__year=int(value))
        return queryset


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "weekday", "is_workday", "note"]
    list_filter = [CalendarYearFilter, "is_workday"]
    search_fields = ["note"]
    date_hierarchy = "date"

    @admin.display(description="星期")
    def weekday(self, obj: CalendarDay) -> str:
        return f"星期{'一二三四五六日'[obj.date.weekday()]}"

    # Every change goes through portal.calendar_changes: audited with the administrator, and
    # the deadlines it moves are recomputed in the administrator's name.
    def save_model(self, request, obj, form, change) -> None:
        save_calendar_day(day=obj, actor=request.user)

    def delete_model(self, request, obj) -> None:
        delete_calendar_days(days=[obj], actor=request.user)

    def delete_queryset(self, request, queryset) -> None:
        delete_calendar_days(days=list(queryset), actor=request.user)


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "source", "loaded_at"]

    def save_model(self, request, obj, form, change) -> None:
        save_calendar_year(year=obj, actor=request.user)

    def delete_model(self, request, obj) -> None:
        delete_calendar_years(years=[obj], actor=request.user)

    def delete_queryset(self, request, queryset) -> None:
        delete_calendar_years(years=list(queryset), actor=request.user)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "message", "read_at"]
    list_filter = ["read_at"]
    search_fields = ["message", "recipient__username"]
    list_select_related = ["recipient"]
    raw_id_fields = ["recipient"]


@admin.register(SystemReminder)
class SystemReminderAdmin(admin.ModelAdmin):
    list_display = ["kind", "due_on", "text", "sent_at", "escalated"]
    list_filter = ["kind", "escalated"]
    readonly_fields = ["created_at", "sent_at"]


@admin.register(ScanRun)
class ScanRunAdmin(ReadOnlyAdmin):
    list_display = ["on", "started", "finished"]
    fields = ["on", "started", "finished", "summary_text"]
    readonly_fields = fields

    @admin.display(description="开始时间", ordering="started_at")
    def started(self, obj: ScanRun):
        return obj.started_at

    @admin.display(description="完成时间", ordering="finished_at")
    def finished(self, obj: ScanRun):
        return obj.finished_at

    @admin.display(description="结果摘要")
    def summary_text(self, obj: ScanRun) -> str:
        return ", ".join(f"{key}: {value}" for key, value in (obj.summary or {}).items()) or "—"


@admin.register(Counter)
class CounterAdmin(ReadOnlyAdmin):
    list_display = ["counter_key", "counter_value"]

    @admin.display(description="计数器", ordering="key")
    def counter_key(self, obj: Counter) -> str:
        return obj.key

    @admin.display(description="当前值")
    def counter_value(self, obj: Counter) -> int:
        return obj.value

    search_fields = ["key"]


@admin.register(MailFailure)
class MailFailureAdmin(ReadOnlyAdmin):
    """Mail the server refused after every retry (also on the staff dashboard)."""

    list_display = ["subject", "attempts", "failed_at", "delivered_at"]
    list_filter = ["delivered_at"]
    search_fields = ["subject", "recipients"]
