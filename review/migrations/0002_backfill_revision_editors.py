"""The workflow's audit log names who edited each item since both reviews last saw it:
fill DisclosureItem.revision_editors (added by disclosure 0007) for items already there."""

from django.db import migrations

EDITS = {"review.item.created", "review.item.edited", "item.attachment.added", "item.attachment.removed",
         "item.changed.admin"}


def backfill_revision_editors(apps, schema_editor):
    """Editors of each item's current revision, from the audit log: whoever created or
    changed it since its last attribute determination (when both reviews had seen it)."""
    DisclosureItem = apps.get_model("disclosure", "DisclosureItem")
    AuditEvent = apps.get_model("portal", "AuditEvent")
    for item in DisclosureItem.objects.only("pk").iterator():
        events = AuditEvent.objects.filter(target_type="disclosure.disclosureitem", target_id=str(item.pk))
        last = events.filter(action="review.attribute.determined").order_by("-at", "-id").first()
        if last is not None:
            events = events.filter(at__gte=last.at).exclude(pk=last.pk)
        editors = []
        for actor_id in events.filter(action__in=EDITS, actor__isnull=False).order_by("at", "id").values_list(
                "actor_id", flat=True):
            if actor_id not in editors:
                editors.append(actor_id)
        if editors:
            DisclosureItem.objects.filter(pk=item.pk).update(revision_editors=editors)


class Migration(migrations.Migration):

    dependencies = [
        ("review", "0001_initial"),
        ("disclosure", "0007_historical_import_and_revision_editors"),
        ("portal", "0002_seed_calendar"),
    ]

    operations = [
        migrations.RunPython(backfill_revision_editors, migrations.RunPython.noop),
    ]
