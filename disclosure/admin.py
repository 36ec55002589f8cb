"""Admin for published content. State, clearances and index numbers are never edited
here: they change only through the services (and the publication workflow)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django_ckeditor_5.widgets import CKEditor5Widget

from portal.audit import record

from .choices import State
from .models import Attachment, DisclosureItem, Topic
from .services import add_attachment, publish_item, record_clearances
from .validation import submission_problems

LOCKED_STATES = {State.PUBLISHED, State.SCHEDULED}
# States from which an administrator may record both clearances and publish at once.
# Items the Office found secret, referred, or that Legal Affairs withheld are excluded.
SHORTCUT_STATES = {State.DRAFT, State.CONFIDENTIALITY_REVIEW, State.ATTRIBUTE_REVIEW, State.RETURNED, State.WITHDRAWN}
CONTENT_FIELDS = [
    "kind", "title", "summary", "body", "formed_on", "document_number", "publisher", "topic", "doc_type",
    "report_year", "proposed_attribute", "proposed_ground",
]
LIFECYCLE_FIELDS = ["validity", "repealed_on", "reevaluate_on"]
WORKFLOW_FIELDS = [
    "state", "index_number", "published_at", "scheduled_for", "withdrawn_at", "withdrawn_reason",
    "confidentiality_cleared_by", "confidentiality_cleared_at", "attribute", "withhold_ground",
    "forms_display", "attribute_determined_by", "attribute_determined_at", "clearances_status",
    "created_by", "created_at", "updated_at",
]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "description", "order"]
    list_editable = ["order"]
    search_fields = ["name", "code"]


class DisclosureItemForm(forms.ModelForm):
    new_attachment = forms.FileField(label="上传附件", required=False, help_text="上传后信息内容版本改变，须重新审查")

    class Meta:
        model = DisclosureItem
        fields = CONTENT_FIELDS + LIFECYCLE_FIELDS
        widgets = {"body": CKEditor5Widget(config_name="default")}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("new_attachment") and self.instance.state in LOCKED_STATES:
            self.add_error("new_attachment", "已发布或待发布的信息不能增加附件，请先撤回")
        return cleaned


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["name", "content_type", "size", "sha256", "uploaded_at"]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return obj is not None and obj.state not in LOCKED_STATES and super().has_delete_permission(request, obj)


class ClearanceForm(forms.Form):
    office_reviewer = forms.ModelChoiceField(label="保密审查人（办公室）", queryset=get_user_model().objects.none())
    legal_reviewer = forms.ModelChoiceField(label="公开属性认定人（法制处）", queryset=get_user_model().objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        users = get_user_model().objects.filter(is_active=True).select_related("department")
        self.fields["office_reviewer"].queryset = users.filter(department__is_office=True)
        self.fields["legal_reviewer"].queryset = users.filter(department__is_legal_affairs=True)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("office_reviewer") and cleaned.get("office_reviewer") == cleaned.get("legal_reviewer"):
            raise ValidationError("保密审查与公开属性认定须由不同人员完成")
        return cleaned


@admin.register(DisclosureItem)
class DisclosureItemAdmin(admin.ModelAdmin):
    form = DisclosureItemForm
    list_display = ["title", "kind", "state", "publisher", "topic", "formed_on", "published_at", "index_number", "validity"]
    list_filter = ["state", "kind", "topic", "publisher", "validity", "doc_type"]
    search_fields = ["title", "document_number", "index_number"]
    list_select_related = ["publisher", "topic"]
    date_hierarchy = "published_at"
    inlines = [AttachmentInline]
    actions = ["record_and_publish"]
    readonly_fields = WORKFLOW_FIELDS

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            ("目录信息", {"fields": CONTENT_FIELDS}),
            ("有效性与复核", {"fields": LIFECYCLE_FIELDS}),
        ]
        if obj is None or obj.state not in LOCKED_STATES:
            fieldsets.append(("附件", {"fields": ["new_attachment"]}))
        if obj is not None:
            fieldsets.append(("审查与发布（只读，由审查流程维护）", {"fields": WORKFLOW_FIELDS}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.state in LOCKED_STATES:
            # A published revision is frozen; only lifecycle marks (有效性) may change.
            return CONTENT_FIELDS + WORKFLOW_FIELDS
        return WORKFLOW_FIELDS

    @admin.display(description="公开形式")
    def forms_display(self, obj: DisclosureItem) -> str:
        return obj.disclosure_forms_display() or "—"

    @admin.display(description="当前版本审查情况")
    def clearances_status(self, obj: DisclosureItem) -> str:
        return "两项审查均已通过" if obj.clearances_current else "未通过或已因修改失效"

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.state in LOCKED_STATES:
            return False
        return super().has_delete_permission(request, obj)

    def has_record_clearance_permission(self, request) -> bool:
        return request.user.has_perm("disclosure.record_clearance")

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
        changed = form.changed_data
        super().save_model(request, obj, form, change)
        if change and changed:
            record(action="item.changed.admin", actor=request.user, target=obj, data={"fields": changed})

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        item = form.instance
        upload = form.cleaned_data.get("new_attachment")
        if upload:
            add_attachment(item=item, name=upload.name, content=upload.read(), actor=request.user,
                           content_type=upload.content_type or "")
        elif item.state not in LOCKED_STATES and any(fs.deleted_objects for fs in formsets):
            item.save()  # attachments are part of the revision: recompute its hash

    @admin.action(description="记录审查结果并发布", permissions=["record_clearance"])
    def record_and_publish(self, request, queryset):
        """Record both clearances (seed plan 五(三)) and publish (Art. 26) in one step."""
        form = ClearanceForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            published, refused = 0, []
            for item in queryset.select_related("publisher", "topic"):
                problem = self._shortcut_problem(item)
                if problem:
                    refused.append(f"《{item.title}》：{problem}")
                    continue
                try:
                    with transaction.atomic():
                        record_clearances(item=item, office_reviewer=form.cleaned_data["office_reviewer"],
                                          legal_reviewer=form.cleaned_data["legal_reviewer"], actor=request.user)
                        publish_item(item=item, actor=request.user)
                    published += 1
                except (ValidationError, PermissionDenied) as exc:
                    refused.append(f"《{item.title}》：{'；'.join(getattr(exc, 'messages', [str(exc)]))}")
            if published:
                self.message_user(request, f"已记录审查结果并发布 {published} 条信息。", messages.SUCCESS)
            for line in refused:
                self.message_user(request, f"未发布 {line}", messages.ERROR)
            return None
        return TemplateResponse(request, "disclosure/admin/record_clearances.html", {
            **self.admin_site.each_context(request),
            "title": "记录审查结果并发布",
            "opts": self.model._meta,
            "items": queryset,
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        })

    @staticmethod
    def _shortcut_problem(item: DisclosureItem) -> str:
        if item.state not in SHORTCUT_STATES:
            return f"当前状态为“{item.get_state_display()}”，不能直接发布"
        problems = submission_problems(item)
        return "、".join(problems)


class AttachmentAddForm(forms.ModelForm):
    upload = forms.FileField(label="文件")

    class Meta:
        model = Attachment
        fields = ["item"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = DisclosureItem.objects.exclude(state__in=LOCKED_STATES)
        self.fields["item"].help_text = "只能为未发布的信息增加附件"


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["name", "item", "item_state", "size", "content_type", "uploaded_at", "download"]
    list_select_related = ["item"]
    search_fields = ["name", "item__title"]
    readonly_fields = ["item", "name", "content_type", "size", "sha256", "uploaded_at", "download"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = AttachmentAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def get_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else ["item", "upload"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.display(description="信息状态")
    def item_state(self, obj: Attachment) -> str:
        return obj.item.get_state_display()

    @admin.display(description="公开下载地址")
    def download(self, obj: Attachment):
        if obj.item.state != State.PUBLISHED:
            return "（信息未发布，不可公开下载）"
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.name)

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.item.state in LOCKED_STATES:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change) -> None:
        upload = form.cleaned_data["upload"]
        created = add_attachment(item=form.cleaned_data["item"], name=upload.name, content=upload.read(),
                                 actor=request.user, content_type=upload.content_type or "")
        obj.pk, obj.name, obj.item = created.pk, created.name, created.item

    def delete_model(self, request, obj) -> None:
        item = obj.item
        with transaction.atomic():
            record(action="item.attachment.removed", actor=request.user, target=item,
                   data={"name": obj.name, "sha256": obj.sha256})
            obj.file.delete(save=False)
            super().delete_model(request, obj)
            item.save()  # the revision changed
