from django.db import migrations


def seed(apps, schema_editor):
    from disclosure.topics import ensure_topics

    ensure_topics(apps.get_model("disclosure", "Topic"))


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0002_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
