"""Read-mostly admin: requests change only through the services (staff pages)."""

from django.contrib import admin

from .models import InformationRequest, Letter, Reminder, RequestDocument, RequestEvent


class EventInline(admin.TabularInline):
    model = RequestEvent
    extra = 0
    can_delete = False
    fields = ["on", "type", "data", "actor", "public"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(InformationRequest)
class InformationRequestAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "applicant_name",
        "applicant_type",
        "channel",
        "received_on",
        "status",
        "due_on",
        "overdue",
        "provisional",
        "handler",
    ]
    list_filter = ["status", "channel", "applicant_type", "overdue", "provisional"]
    search_fields = ["reference", "applicant_name"]
    date_hierarchy = "submitted_on"
    inlines = [EventInline]
    exclude = ["query_code_hash", "id_number", "phone", "address"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name not in self.exclude]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["request", "kind", "due_on", "escalated", "created_at", "sent_at"]
    list_filter = ["kind", "escalated"]
    readonly_fields = ["request", "kind", "due_on", "escalated", "created_at", "sent_at"]

    def has_add_permission(self, request):
        return False


@admin.register(RequestDocument)
class RequestDocumentAdmin(admin.ModelAdmin):
    list_display = ["request", "kind", "name", "content_type", "size", "uploaded_at"]
    readonly_fields = ["request", "event", "kind", "file", "name", "content_type", "size", "uploaded_at"]

    def has_add_permission(self, request):
        return False


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    """The archive of letters as sent (Art. 45): read only; a correction is a new letter."""

    list_display = ["number", "kind", "issued_on", "request", "addressee", "outcome", "replaces"]
    list_filter = ["kind", "year"]
    search_fields = ["number", "request__reference", "addressee"]
    list_select_related = ["request", "replaces"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
