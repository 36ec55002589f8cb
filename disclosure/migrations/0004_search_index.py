"""GIN index for site search on PostgreSQL over exactly the expression that
disclosure/search.py builds (SearchVector("search_tokens", config="simple")).
SQLite (embedded mode) has no full text here and searches by substring instead."""

from django.db import migrations

INDEX = "disclosure_item_search_gin"
CREATE = (
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON disclosure_disclosureitem "
    "USING GIN (to_tsvector('simple'::regconfig, COALESCE(search_tokens, '')))"
)
DROP = f"DROP INDEX IF EXISTS {INDEX}"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0003_seed_topics")]
    operations = [migrations.RunPython(create_index, drop_index)]
