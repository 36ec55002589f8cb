"""Everything the public can see is a `DisclosureItem`; only state PUBLISHED is public,
and the database refuses PUBLISHED unless both clearances of the current revision exist."""

import hashlib
import json

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from portal.html import sanitize
from portal.models import Department, StoredFile

from .choices import Attribute, DisclosureForm, DocType, ItemKind, State, Validity, WithholdGround


class Topic(models.Model):
    """主题分类: Art. 20's list and the seed plan's own areas."""

    code = models.SlugField("代码", max_length=50, unique=True)
    name = models.CharField("名称", max_length=50, unique=True)
    description = models.CharField("说明", max_length=200, blank=True)
    order = models.PositiveIntegerField("排序", default=100)

    class Meta:
        verbose_name = "主题分类"
        verbose_name_plural = "主题分类"
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


SEARCH_FIELDS = frozenset({"search_tokens", "search_vector", "search_title"})


class DisclosureItem(models.Model):
    kind = models.CharField("类别", max_length=20, choices=ItemKind.choices, default=ItemKind.DOCUMENT)
    title = models.CharField("名称", max_length=300)
    summary = models.TextField("内容概述", blank=True)
    body = models.TextField("正文", blank=True)
    formed_on = models.DateField("生成日期", null=True, blank=True)
    document_number = models.CharField("发文字号", max_length=100, blank=True)
    publisher = models.ForeignKey(Department, verbose_name="发布机构", on_delete=models.PROTECT, related_name="items")
    topic = models.ForeignKey(
        Topic, verbose_name="主题分类", null=True, blank=True, on_delete=models.PROTECT, related_name="items"
    )
    doc_type = models.CharField("文件类型", max_length=20, choices=DocType.choices, default=DocType.OTHER)
    validity = models.CharField("有效性", max_length=20, choices=Validity.choices, default=Validity.IN_FORCE)
    repealed_on = models.DateField("废止日期", null=True, blank=True)
    report_year = models.PositiveIntegerField("报告年度", null=True, blank=True)

    # 拟公开属性: proposed by the drafting department at the source.
    proposed_attribute = models.CharField(
        "拟公开属性", max_length=20, choices=Attribute.choices, default=Attribute.PROACTIVE
    )
    proposed_ground = models.CharField("拟不予公开理由", max_length=30, choices=WithholdGround.choices, blank=True)

    # The two clearances, each tied to the revision (content hash) it cleared.
    confidentiality_cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="保密审查人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confidentiality_cleared_at = models.DateTimeField("保密审查通过时间", null=True, blank=True)
    confidentiality_revision = models.CharField("保密审查所对应版本", max_length=64, blank=True)
    attribute = models.CharField("公开属性", max_length=20, choices=Attribute.choices, blank=True)
    withhold_ground = models.CharField("不予公开理由", max_length=30, choices=WithholdGround.choices, blank=True)
    disclosure_forms = models.JSONField("公开形式", default=list, blank=True)
    attribute_determined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="属性认定人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    attribute_determined_at = models.DateTimeField("属性认定时间", null=True, blank=True)
    attribute_revision = models.CharField("属性认定所对应版本", max_length=64, blank=True)

    # Who changed the content since the item was last fully cleared (user pks): none of
    # them may clear it (separation of duties per revision). Maintained by the services.
    revision_editors = models.JSONField("本版本修改人", default=list, blank=True, editable=False)
    # 历史导入: published before the portal existed and brought in by a management command
    # (an audit event names the importing user). Not a clearance: the constraint admits
    # it only for the exact imported revision and only with no clearance recorded.
    imported_at = models.DateTimeField("历史导入时间", null=True, blank=True, editable=False)
    imported_revision = models.CharField("历史导入所对应版本", max_length=64, blank=True, editable=False)

    content_hash = models.CharField("内容版本", max_length=64, blank=True, editable=False)
    state = models.CharField("状态", max_length=30, choices=State.choices, default=State.DRAFT, db_index=True)
    index_number = models.CharField("索引号", max_length=80, unique=True, null=True, blank=True)
    scheduled_for = models.DateTimeField("定时发布时间", null=True, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True, db_index=True)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdrawn_reason = models.CharField("撤回原因", max_length=300, blank=True)
    reevaluate_on = models.DateField(
        "复核日期", null=True, blank=True, help_text="第十八条：不予公开、依申请公开的动态调整"
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="起草人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="drafted_items",
    )
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    # Written by disclosure.search.index_items when a service writes the content, never by
    # save(): the tokens (the SQLite fallback), the weighted vector and the title vector
    # (PostgreSQL full text, GIN indexes in migration 0008).
    search_tokens = models.TextField("检索词", blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)
    search_title = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = "公开信息"
        verbose_name_plural = "公开信息"
        ordering = ["-published_at", "-id"]
        permissions = [
            ("import_historical_items", "导入历史公开信息（标记为历史导入）"),
        ]
        indexes = [
            models.Index(fields=["state", "kind", "-published_at"], name="item_public_listing"),
            models.Index(fields=["state", "formed_on"], name="item_state_formed"),
            # The public lists' orders over published items only: the keys of any page
            # are read from these indexes alone (disclosure/pagination.py).
            models.Index(
                fields=["-published_at", "-id"], condition=Q(state=State.PUBLISHED), name="item_published_order"
            ),
            models.Index(
                fields=["-formed_on", "-published_at", "-id"],
                condition=Q(state=State.PUBLISHED),
                name="item_published_formed_order",
            ),
            # The site check's newest item per topic column (disclosure/site_checks.py).
            models.Index(
                fields=["topic", "-published_at"], condition=Q(state=State.PUBLISHED), name="item_published_topic"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="published_requires_both_clearances",
                condition=~Q(state__in=[State.PUBLISHED, State.SCHEDULED])
                | (
                    Q(confidentiality_cleared_at__isnull=False)
                    & Q(attribute_determined_at__isnull=False)
                    & Q(attribute=Attribute.PROACTIVE)
                    & ~Q(content_hash="")
                    & Q(confidentiality_revision=F("content_hash"))
                    & Q(attribute_revision=F("content_hash"))
                )
                | (
                    Q(state=State.PUBLISHED)
                    & Q(imported_at__isnull=False)
                    & ~Q(content_hash="")
                    & Q(imported_revision=F("content_hash"))
                    & Q(attribute=Attribute.PROACTIVE)
                    & Q(confidentiality_cleared_at__isnull=True)
                    & Q(confidentiality_cleared_by__isnull=True)
                    & Q(attribute_determined_at__isnull=True)
                    & Q(attribute_determined_by__isnull=True)
                ),
            ),
            models.CheckConstraint(
                name="published_has_index_number",
                condition=~Q(state=State.PUBLISHED) | (Q(index_number__isnull=False) & Q(published_at__isnull=False)),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        """Saves and rehashes. The body is sanitised and the search index written by the
        service that writes the content (`services.save_content`), once, not here."""
        self.content_hash = self.compute_hash()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = set(update_fields) | {"content_hash", "updated_at"}
        elif not self._state.adding and not kwargs.get("force_insert"):
            # Never write the search index back from memory: index_items owns it.
            skip = SEARCH_FIELDS | self.get_deferred_fields()
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields if not f.primary_key and f.attname not in skip
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("disclosure:item", args=[self.pk])

    def revision_payload(self) -> dict:
        """What reviewers see and clear: content and catalogue metadata, attachments included.

        Lifecycle marks (validity, state, index number) are not part of a revision."""
        attachments = []
        if self.pk:
            attachments = list(self.attachments.order_by("pk").values_list("name", "sha256"))
        return {
            "kind": self.kind,
            "title": self.title,
            "summary": self.summary,
            "body": sanitize(self.body),
            "formed_on": self.formed_on.isoformat() if self.formed_on else None,
            "document_number": self.document_number,
            "publisher": self.publisher_id,
            "topic": self.topic_id,
            "doc_type": self.doc_type,
            "report_year": self.report_year,
            "proposed_attribute": self.proposed_attribute,
            "proposed_ground": self.proposed_ground,
            "attachments": [list(a) for a in attachments],
            **self._consultation_payload(),
        }

    def _consultation_payload(self) -> dict:
        """A draft put out for comment (征求意见稿) is cleared together with its period: the
        dates the public reads are part of the revision the two reviews clear. Other kinds
        add nothing, so their revision hashes are unchanged."""
        if self.kind != ItemKind.CONSULTATION:
            return {}
        consultation = getattr(self, "consultation", None)
        if consultation is None:
            return {"consultation_period": None}
        return {
            "consultation_period": [
                consultation.opens_on.isoformat() if consultation.opens_on else None,
                consultation.closes_on.isoformat() if consultation.closes_on else None,
            ]
        }

    def compute_hash(self) -> str:
        payload = json.dumps(self.revision_payload(), ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    @property
    def is_in_force(self) -> bool:
        """有效性 is 现行有效 (pages mark 已废止 / 已失效 prominently otherwise)."""
        return self.validity == Validity.IN_FORCE

    @property
    def is_consultation(self) -> bool:
        """征求意见稿: its public page links the consultation (dates, comment form)."""
        return self.kind == ItemKind.CONSULTATION

    @property
    def is_consultation_feedback(self) -> bool:
        return self.kind == ItemKind.CONSULTATION_FEEDBACK

    @property
    def is_historical_import(self) -> bool:
        return self.imported_at is not None

    @property
    def clearances_current(self) -> bool:
        h = self.compute_hash()
        return bool(
            self.confidentiality_cleared_at
            and self.attribute_determined_at
            and self.confidentiality_revision == h
            and self.attribute_revision == h
        )

    def disclosure_forms_display(self) -> str:
        labels = dict(DisclosureForm.choices)
        return "、".join(labels.get(code, code) for code in self.disclosure_forms or [])


def attachment_path(instance: "Attachment", filename: str) -> str:
    return f"attachments/{timezone.now():%Y/%m}/{instance.sha256[:2]}/{instance.sha256}{_ext(filename)}"


def _ext(filename: str) -> str:
    dot = filename.rfind(".")
    ext = filename[dot:].lower() if dot != -1 else ""
    return ext if len(ext) <= 8 and ext[1:].isalnum() else ""


class Attachment(StoredFile):
    item = models.ForeignKey(
        DisclosureItem, verbose_name="所属信息", on_delete=models.CASCADE, related_name="attachments"
    )
    name = models.CharField("文件名", max_length=200)
    file = models.FileField("文件", upload_to=attachment_path, max_length=300)
    sha256 = models.CharField("SHA-256", max_length=64)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("disclosure:attachment", args=[self.item_id, self.pk])


from .annual_report.models import AnnualReport, ReportReminder  # noqa: E402,F401
from .consultations.models import CommentDecision, Consultation, ConsultationComment  # noqa: E402,F401
