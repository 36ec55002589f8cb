"""What makes cached public pages stale: any committed change of published content or
of what the public pages show beside it (topics, attachments, annual reports).

Connected to the models' own signals, not to the services, so that every path that
saves (review workflow, admin, scheduled publication, demo loader) invalidates: publish,
withdraw, repeal and edits all save the item. Bulk writes that bypass signals
(`bulk_create`, `QuerySet.update`) must call `portal.public_cache.bump_on_commit()`."""

from django.db.models.signals import post_delete, post_save

from portal.public_cache import content_changed


def connect() -> None:
    from .models import AnnualReport, Attachment, DisclosureItem, Topic

    for model in (DisclosureItem, Attachment, Topic, AnnualReport):
        post_save.connect(content_changed, sender=model, dispatch_uid=f"public-cache-save-{model.__name__}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"public-cache-delete-{model.__name__}")
