from django.db import migrations


def seed(apps, schema_editor):
    from portal.calendar_seed import seed as seed_calendar

    seed_calendar(apps.get_model("portal", "CalendarDay"), apps.get_model("portal", "CalendarYear"))


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
