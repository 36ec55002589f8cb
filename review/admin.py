"""Read-only views of the workflow records for administrators; decisions are taken in
the staff workbench (/staff/review/), through the services."""

from django.contrib import admin
from django.urls import reverse

from disclosure.admin import DisclosureItemAdmin
from disclosure.models import DisclosureItem
from portal.admin import ReadOnlyAdmin

from .models import EditorUpload, ItemReminder, Referral, ReviewRun, ReviewStep
from .selectors import allowed_actions

# disclosure registers items read-only and cannot name the workflow (it never imports
# review); here the same page also says what the workflow allows the reader now, from
# the one action table, and where to do it.
admin.site.unregister(DisclosureItem)


@admin.register(DisclosureItem)
class WorkflowItemAdmin(DisclosureItemAdmin):
    change_form_template = "review/admin/item_change_form.html"

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["workflow_actions"] = [action.label for action in allowed_actions(obj, request.user).values()]
            context["workbench_url"] = reverse("review:item", args=[obj.pk])
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)


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
