"""Read-only views of the workflow records for administrators; decisions are taken in
the staff workbench (/staff/review/), through the services."""

from django.contrib import admin

from portal.admin import ReadOnlyAdmin

from .models import EditorUpload, ItemReminder, Referral, ReviewRun, ReviewStep


class StepInline(admin.TabularInline):
    model = ReviewStep
    extra = 0
    fields = ["kind", "status", "outcome", "decided_by", "decided_at", "comment", "revision_hash"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ReviewRun)
class ReviewRunAdmin(ReadOnlyAdmin):
    list_display = ["item", "submitted_by", "submitted_at", "status", "closing_outcome"]
    list_filter = ["status", "closing_outcome"]
    search_fields = ["item__title"]
    inlines = [StepInline]


@admin.register(ReviewStep)
class ReviewStepAdmin(ReadOnlyAdmin):
    list_display = ["item", "kind", "status", "outcome", "decided_by", "decided_at"]
    list_filter = ["kind", "status", "outcome"]
    search_fields = ["item__title"]


@admin.register(Referral)
class ReferralAdmin(ReadOnlyAdmin):
    list_display = ["item", "authority", "referred_at", "answer", "answered_at"]


@admin.register(ItemReminder)
class ItemReminderAdmin(ReadOnlyAdmin):
    list_display = ["item", "kind", "due_on", "sent_at"]
    list_filter = ["kind"]


@admin.register(EditorUpload)
class EditorUploadAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "stored_name", "uploaded_by", "uploaded_at"]
