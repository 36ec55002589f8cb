"""Admin for published content: administrators read everything here and change nothing
of an item. Its state, content, attachments and validity change only through the
publication workflow's services (the staff workbench), which check the action table,
record who edited each revision and audit every change; historical items come in through
`manage.py import_historical_items`, marked 历史导入."""

from django.contrib import admin
from django.utils.html import format_html

from portal.admin import ReadOnlyAdmin

from .choices import State
from .models import Attachment, DisclosureItem, Topic

CONTENT_FIELDS = [
    "kind",
    "title",
    "summary",
    "body",
    "formed_on",
    "document_number",
    "publisher",
    "topic",
    "doc_type",
    "report_year",
    "proposed_attribute",
    "proposed_ground",
]
LIFECYCLE_FIELDS = ["validity", "repealed_on", "reevaluate_on"]
WORKFLOW_FIELDS = [
    "state",
    "index_number",
    "published_at",
    "scheduled_for",
    "withdrawn_at",
    "withdrawn_reason",
    "confidentiality_cleared_by",
    "confidentiality_cleared_at",
    "attribute",
    "withhold_ground",
    "forms_display",
    "attribute_determined_by",
    "attribute_determined_at",
    "clearances_status",
    "historical_import",
    "created_by",
    "created_at",
    "updated_at",
]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "description", "order"]
    list_editable = ["order"]
    search_fields = ["name", "code"]


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["name", "content_type", "size", "sha256", "uploaded_at"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(DisclosureItem)
class DisclosureItemAdmin(ReadOnlyAdmin):
    list_display = [
        "title",
        "kind",
        "state",
        "publisher",
        "topic",
        "formed_on",
        "published_at",
        "index_number",
        "validity",
    ]
    list_filter = ["state", "kind", "topic", "publisher", "validity", "doc_type"]
    search_fields = ["title", "document_number", "index_number"]
    list_select_related = ["publisher", "topic"]
    date_hierarchy = "published_at"
    inlines = [AttachmentInline]
    actions = None
    fieldsets = [
        ("目录信息", {"fields": CONTENT_FIELDS}),
        ("有效性与复核", {"fields": LIFECYCLE_FIELDS}),
        ("审查与发布（只读，由审查流程维护）", {"fields": WORKFLOW_FIELDS}),
    ]
    readonly_fields = CONTENT_FIELDS + LIFECYCLE_FIELDS + WORKFLOW_FIELDS

    @admin.display(description="公开形式")
    def forms_display(self, obj: DisclosureItem) -> str:
        return obj.disclosure_forms_display() or "—"

    @admin.display(description="当前版本审查情况")
    def clearances_status(self, obj: DisclosureItem) -> str:
        return "两项审查均已通过" if obj.clearances_current else "未通过或已因修改失效"

    @admin.display(description="历史导入")
    def historical_import(self, obj: DisclosureItem) -> str:
        if obj.imported_at is None:
            return "否"
        return f"是（{obj.imported_at:%Y-%m-%d %H:%M} 导入，未经本平台审查流程）"


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ["name", "item", "item_state", "size", "content_type", "uploaded_at", "download"]
    list_select_related = ["item"]
    search_fields = ["name", "item__title"]
    fields = readonly_fields = ["item", "name", "content_type", "size", "sha256", "uploaded_at", "download"]
    actions = None

    @admin.display(description="信息状态")
    def item_state(self, obj: Attachment) -> str:
        return obj.item.get_state_display()

    @admin.display(description="公开下载地址")
    def download(self, obj: Attachment):
        if obj.item.state != State.PUBLISHED:
            return "（信息未发布，不可公开下载）"
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.name)
