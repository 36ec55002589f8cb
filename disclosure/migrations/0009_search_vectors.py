"""Stored search vectors (issue 10): `search_vector` (title A, summary B, document number
C, body D) and `search_title`, each with a GIN index on PostgreSQL; they replace the
expression index of migration 0004, which re-parsed the tokens for every ranked row.
Existing items are indexed here (jieba, once). SQLite keeps substring search."""

import django.contrib.postgres.search
from django.db import migrations

INDEXES = {
    "disclosure_item_vector_gin": "search_vector",
    "disclosure_item_title_gin": "search_title",
}
OLD_INDEX = "disclosure_item_search_gin"
OLD_CREATE = (
    f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON disclosure_disclosureitem "
    "USING GIN (to_tsvector('simple'::regconfig, COALESCE(search_tokens, '')))"
)


def forwards(apps, schema_editor):
    from disclosure.search import index_items

    Item = apps.get_model("disclosure", "DisclosureItem")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX}")
        for name, column in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON disclosure_disclosureitem USING GIN ({column})")
    fields = ("pk", "title", "summary", "body", "document_number")
    batch = []
    for item in Item.objects.only(*fields[1:]).order_by("pk").iterator(chunk_size=1000):
        batch.append(item)
        if len(batch) == 1000:
            index_items(batch)
            batch = []
    index_items(batch)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
        schema_editor.execute(OLD_CREATE)


class Migration(migrations.Migration):

    dependencies = [
        ("disclosure", "0008_public_list_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="disclosureitem",
            name="search_title",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="disclosureitem",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(forwards, backwards),
    ]
